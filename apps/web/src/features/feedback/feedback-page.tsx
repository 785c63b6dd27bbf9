import { useMemo } from 'react';
import { Link } from 'react-router';
import { Card, Select, Space, Switch, Tag, Typography } from 'antd';
import type { CategoryCode } from '@zibo/shared';
import { DataTable, FilterBar } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { CATEGORY_SHORT_NAMES, buildCategoryOptions } from '../../shared/facility-vocabulary.ts';
import { RegionFilter, KeywordSearch } from '../../shared/list-filters.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { ErrorState } from '../../shared/states.tsx';
import { formatMinute } from '../../shared/format.ts';
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

const FILTER_KEYS = ['status', 'category', 'region', 'late', 'review', 'q'] as const;
/** The queue opens on 待处理; 全部 is kept in the address as `status=all`. */
const ALL = 'all';

/**
 * P13 triage queue: residents' feedback in the caller's scope, the phone masked. The filters are
 * kept in the address like every list's, so a filtered queue can be linked to and returned to.
 */
export function FeedbackPage() {
  const user = useCurrentUser();
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const status = filter.status === ALL ? undefined : (filter.status ?? 'received');
  const query = useMemo<FeedbackQuery>(
    () => ({
      status: status as FeedbackQuery['status'],
      category: filter.category as FeedbackQuery['category'],
      region: filter.region,
      late: filter.late === 'true' ? true : undefined,
      review: filter.review === 'pending' ? 'pending' : undefined,
      q: filter.q,
      page,
      pageSize,
    }),
    [filter, status, page, pageSize],
  );
  const { data, error, isLoading, refetch } = useFeedbackList(query);
  const { hasPermission } = useAuth();
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
            placeholder="状态（全部）"
            style={{ width: 140 }}
            value={status}
            options={STATUS_OPTIONS}
            onChange={(v: string | undefined) => setFilter({ status: v ?? ALL })}
          />
          <RegionFilter
            rootCode={user.regionCode}
            value={filter.region}
            onChange={(region) => setFilter({ region })}
          />
          <Select
            aria-label="设施类别"
            allowClear
            placeholder="设施类别"
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
            value={filter.category}
            options={buildCategoryOptions(user.categories)}
            onChange={(category: string | undefined) => setFilter({ category })}
          />
          <Space>
            <Switch
              aria-label="只看超期"
              checked={filter.late === 'true'}
              onChange={(v) => setFilter({ late: v ? 'true' : undefined })}
            />
            只看超期
          </Space>
          <Space>
            <Switch
              aria-label="待复核的不满意"
              checked={filter.review === 'pending'}
              onChange={(v) =>
                setFilter({ review: v ? 'pending' : undefined, status: v ? ALL : undefined })
              }
            />
            待复核的不满意
          </Space>
          <KeywordSearch
            placeholder="描述或查询码"
            width={200}
            initialValue={filter.q}
            onSearch={(q) => setFilter({ q })}
          />
        </FilterBar>
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : (
          <DataTable<Feedback>
            rowKey="id"
            loading={isLoading}
            dataSource={data?.items ?? []}
            paging={paging(data?.total ?? 0)}
            tableLayout="fixed"
            scroll={{ x: 1060 }}
            columns={[
              {
                title: '查询码',
                dataIndex: 'trackingCode',
                width: 115,
                render: (v: string, f) => <Link to={`/feedback/${f.id}`}>{v}</Link>,
              },
              {
                title: '小区',
                dataIndex: 'areaName',
                width: 160,
                render: (v: string, f) => (
                  <>
                    {v}
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {f.regionName}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: '描述',
                dataIndex: 'description',
                ellipsis: { showTitle: true },
                render: (v: string, f) => (
                  <>
                    {v}
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {CATEGORY_SHORT_NAMES[f.category as CategoryCode] ?? f.categoryName}
                    </Typography.Text>
                  </>
                ),
              },
              {
                title: '联系电话',
                dataIndex: 'phone',
                width: 115,
                render: (v: string | null) => v ?? '—',
              },
              { title: '状态', width: 140, render: (_, f) => statusTag(f) },
              { title: '处理时限', dataIndex: 'dueDate', width: 105 },
              {
                title: '评价',
                dataIndex: 'ratingName',
                width: 85,
                render: (v: string | null) => v ?? '—',
              },
              {
                title: '提交时间',
                dataIndex: 'createdAt',
                width: 155,
                render: (v: string) => formatMinute(v),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
