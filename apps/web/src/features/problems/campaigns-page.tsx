import { Link } from 'react-router';
import { Card, Col, Flex, Progress, Row, Statistic, Tag, Typography } from 'antd';
import { PROBLEM_STATUS_CODES, PROBLEM_STATUS_LABELS } from '@zibo/shared';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { EmptyState, ErrorState, PageLoading } from '../../shared/states.tsx';
import { PROBLEM_STATUS_TONES } from './problem-format.ts';
import { useCampaigns, type Campaign } from './problems.api.ts';

const TAG_COLORS = {
  success: 'success',
  processing: 'processing',
  warning: 'warning',
  error: 'error',
  default: 'default',
} as const;

/** P5 专项整治: each campaign with its own deadline and how far its problems have got. */
export function CampaignsPage() {
  const campaigns = useCampaigns();
  return (
    <>
      <PageHeader
        title="专项整治"
        subtitle="城镇居住区幼儿园专项整治 2020 年底前完成；社区配套设施问题 2021 年底前全面完成。统计范围为您的数据范围。"
      />
      {campaigns.isPending ? (
        <PageLoading />
      ) : campaigns.isError ? (
        <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : campaigns.data.length === 0 ? (
        <EmptyState description="暂无专项整治" />
      ) : (
        <Row gutter={[16, 16]}>
          {campaigns.data.map((c) => (
            <Col key={c.id} xs={24} xl={12}>
              <CampaignCard campaign={c} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

function CampaignCard({ campaign: c }: { campaign: Campaign }) {
  const percent = Math.round(c.closedRate * 100);
  const unfinished = c.total - (c.byStatus.closed ?? 0);
  const late = c.ended && unfinished > 0;
  return (
    <Card
      title={c.name}
      style={{ height: '100%' }}
      data-testid={`campaign-${c.code}`}
      extra={
        <Flex gap={4} align="center">
          <Typography.Text type={late ? 'danger' : 'secondary'}>截止 {c.deadline}</Typography.Text>
          {c.ended ? (
            <Tag color={late ? 'error' : 'default'}>已到期</Tag>
          ) : (
            <Tag color="blue">进行中</Tag>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        {c.description ? (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {c.description}
          </Typography.Paragraph>
        ) : null}
        <Flex gap={24} align="center" wrap>
          <Progress
            type="circle"
            percent={percent}
            size={110}
            status={late ? 'exception' : percent === 100 ? 'success' : 'normal'}
            format={(p) => (
              <Flex vertical align="center">
                <span>{p}%</span>
                <span style={{ fontSize: 12, color: '#8c8c8c' }}>已销号</span>
              </Flex>
            )}
          />
          <Flex gap={24} wrap>
            <Statistic title="问题总数" value={c.total} suffix="个" />
            <Statistic title="未销号" value={unfinished} suffix="个" />
            <Statistic
              title="逾期"
              value={c.overdue}
              suffix="个"
              styles={c.overdue ? { content: { color: '#f5222d' } } : undefined}
            />
          </Flex>
        </Flex>
        <Flex gap={4} wrap aria-label="按状态">
          {PROBLEM_STATUS_CODES.map((s) => (
            <Link key={s} to={`/problems?campaign=${c.id}&status=${s}`}>
              <Tag color={TAG_COLORS[PROBLEM_STATUS_TONES[s]]}>
                {PROBLEM_STATUS_LABELS[s]} {c.byStatus[s] ?? 0}
              </Tag>
            </Link>
          ))}
        </Flex>
        <Flex gap={16} wrap>
          {c.facilityTypes.length ? (
            <Typography.Text type="secondary">
              设施类型：{c.facilityTypes.map(nameFacilityType).join('、')}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">设施类型：六大类全部</Typography.Text>
          )}
          <Link to={`/problems?campaign=${c.id}`}>查看全部问题</Link>
          {c.overdue ? (
            <Link to={`/problems?campaign=${c.id}&overdue=true`} style={{ color: '#f5222d' }}>
              查看逾期问题
            </Link>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}
