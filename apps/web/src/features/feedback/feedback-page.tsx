import { useState } from 'react';
import { Link } from 'react-router';
import { Card, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import { CATEGORIES } from '@zibo/shared';
import { DataTable, FilterBar } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useAuth } from '../../shared/session.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useFeedbackList, type Feedback, type FeedbackQuery } from './feedback.api.ts';

const STATUS_OPTIONS = [
  { value: 'received', label: '待处理' },
  { value: 'problem', label: '已转为问题' },
  { value: 'answered', label: '已答复' },
  { value: 'duplicate', label: '重复反映' },
];

export function statusTag(f: Pick<Feedback, 'status' | 'statusName' | 'late'>) {
  const color =
    f.status === 'received'
      ? f.late
        ? 'red'
        : 'orange'
      : f.status === 'problem'
        ? 'blue'
        : 'green';
  return (
    <Tag color={color}>
      {f.statusName}
      {f.late ? '（超期）' : ''}
    </Tag>
  );
}

/** P13 triage queue: residents' feedback in the caller's scope, the phone masked. */
export function FeedbackPage() {
  const [query, setQuery] = useState<FeedbackQuery>({
    status: 'received',
    page: 1,
    pageSize: 20,
  });
  const { data, error, isLoading, refetch } = useFeedbackList(query);
  const { hasPermission } = useAuth();
  const set = (patch: Partial<FeedbackQuery>) => setQuery((q) => ({ ...q, ...patch, page: 1 }));
  return (
    <>
      <PageHeader
        title="居民反映"
        subtitle="居民通过“社区配套 随手说”提交的反映：在时限内转为问题、答复或标记重复；联系电话已脱敏。"
        extra={
          hasPermission('questionnaires.read') ? (
            <Link to="/feedback/questionnaires">满意度调查</Link>
          ) : null
        }
      />
      <Card>
        <FilterBar label="筛选居民反映">
          <Select
            aria-label="状态"
            allowClear
            placeholder="状态"
            style={{ width: 140 }}
            value={query.status}
            options={STATUS_OPTIONS}
            onChange={(v) => set({ status: v })}
          />
          <Select
            aria-label="设施类别"
            allowClear
            placeholder="设施类别"
            style={{ width: 220 }}
            value={query.category}
            options={CATEGORIES.map((c) => ({ value: c.code, label: c.name }))}
            onChange={(v) => set({ category: v })}
          />
          <Space>
            <Switch
              aria-label="只看超期"
              checked={!!query.late}
              onChange={(v) => set({ late: v || undefined })}
            />
            只看超期
          </Space>
          <Space>
            <Switch
              aria-label="待复核的不满意"
              checked={query.review === 'pending'}
              onChange={(v) => set({ review: v ? 'pending' : undefined, status: undefined })}
            />
            待复核的不满意
          </Space>
          <Input.Search
            allowClear
            placeholder="描述或查询码"
            style={{ width: 200 }}
            onSearch={(v) => set({ q: v || undefined })}
          />
        </FilterBar>
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : (
          <DataTable<Feedback>
            rowKey="id"
            loading={isLoading}
            dataSource={data?.items ?? []}
            paging={{
              page: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
            }}
            columns={[
              {
                title: '查询码',
                dataIndex: 'trackingCode',
                render: (v: string, f) => <Link to={`/feedback/${f.id}`}>{v}</Link>,
              },
              { title: '小区', dataIndex: 'areaName' },
              { title: '类别', dataIndex: 'categoryName' },
              {
                title: '描述',
                dataIndex: 'description',
                render: (v: string) => (
                  <Typography.Text ellipsis style={{ maxWidth: 280 }}>
                    {v}
                  </Typography.Text>
                ),
              },
              { title: '联系电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
              { title: '状态', render: (_, f) => statusTag(f) },
              { title: '处理时限', dataIndex: 'dueDate' },
              { title: '评价', dataIndex: 'ratingName', render: (v: string | null) => v ?? '—' },
              {
                title: '提交时间',
                dataIndex: 'createdAt',
                render: (v: string) => formatDateTime(v),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
