import { Alert, Button, Empty, Flex, Spin } from 'antd';
import { describeError } from '../api/client.ts';

/** Shown while a page's code or first data loads. */
export function PageLoading({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240 }} role="status">
      <Spin description={tip} />
    </Flex>
  );
}

export function EmptyState({ description = '暂无数据' }: { description?: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />;
}

/** A failed load with its Chinese message and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={describeError(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
