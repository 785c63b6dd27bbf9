import { App, Button, Flex, Segmented, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { describeError } from '../../api/client.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { DataTable } from '../../shared/kit/index.ts';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { useMarkAllRead, useNotices, type Notice } from './inbox.api.ts';
import { findNoticeTarget, nameNoticeKind, toneOfNoticeKind } from './notice-format.ts';
import { useOpenNotice } from './use-open-notice.ts';
import './inbox.css';

const FILTER_KEYS = ['view'] as const;

/** 消息中心: every notice of the user — reminders, escalations, instructions, workflow steps. */
export function InboxPage() {
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const unreadOnly = filter.view === 'unread';
  const notices = useNotices({ unread: unreadOnly, page, pageSize });
  const markAll = useMarkAllRead();
  const openNotice = useOpenNotice();
  const { message } = App.useApp();
  const unread = notices.data?.unread ?? 0;

  return (
    <>
      <PageHeader
        title="消息中心"
        subtitle="临期提醒、逾期督办、领导批示和问题办理中需要您知道的事项。点击消息查看相关问题，消息随之标为已读。"
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() =>
              markAll.mutate(undefined, {
                onSuccess: (r) => void message.success(`已将 ${r.updated} 条消息标为已读`),
                onError: (e) => void message.error(describeError(e)),
              })
            }
          >
            全部标为已读
          </Button>
        }
      />
      <Flex style={{ marginBottom: 16 }}>
        <Segmented
          aria-label="范围"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setFilter({ view: v === 'unread' ? 'unread' : null })}
          options={[
            { value: 'all', label: '全部消息' },
            { value: 'unread', label: `未读（${unread}）` },
          ]}
        />
      </Flex>
      {notices.isError ? (
        <ErrorState error={notices.error} onRetry={() => void notices.refetch()} />
      ) : (
        <DataTable<Notice>
          rowKey="id"
          aria-label="消息列表"
          loading={notices.isFetching}
          dataSource={notices.data?.items ?? []}
          rowClassName={(n) => (n.read ? '' : 'inbox-row-unread')}
          emptyText={unreadOnly ? '没有未读消息' : '暂无消息'}
          onRow={(n) => ({
            onClick: () => openNotice(n),
            style: { cursor: findNoticeTarget(n) || !n.read ? 'pointer' : undefined },
          })}
          paging={paging(notices.data?.total ?? 0)}
          columns={[
            {
              title: '类型',
              key: 'kind',
              width: 140,
              render: (_, n) => (
                <Tag color={toneOfNoticeKind(n.kind)}>{nameNoticeKind(n.kind)}</Tag>
              ),
            },
            {
              title: '消息',
              key: 'title',
              render: (_, n) => (
                <Flex vertical gap={2}>
                  <Typography.Text strong={!n.read}>
                    {findNoticeTarget(n) ? (
                      // The row's click opens it (and marks it read); the link gives it a keyboard stop.
                      <a
                        href={findNoticeTarget(n) ?? undefined}
                        onClick={(e) => e.preventDefault()}
                      >
                        {n.title}
                      </a>
                    ) : (
                      n.title
                    )}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {n.body}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: '状态',
              key: 'read',
              width: 90,
              render: (_, n) =>
                n.read ? (
                  <Typography.Text type="secondary">已读</Typography.Text>
                ) : (
                  <Tag color="blue">未读</Tag>
                ),
            },
            {
              title: '时间',
              key: 'at',
              width: 180,
              render: (_, n) => formatDateTime(n.createdAt),
            },
          ]}
        />
      )}
    </>
  );
}
