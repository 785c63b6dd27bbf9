import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Modal,
  Popconfirm,
  Row,
  Select,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import {
  CheckSquareOutlined,
  DownloadOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  PROBLEM_MONTH_MEASURE_LABELS,
  PROBLEM_SOURCES,
  PROBLEM_SOURCE_NAMES,
  PROBLEM_STATUS_CODES,
  PROBLEM_STATUS_LABELS,
  STAGES,
  STAGE_NAMES,
} from '@zibo/shared';
import { ApiError, describeError } from '../../api/client.ts';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { CategoryTypeFilters, RegionFilter, KeywordSearch } from '../../shared/list-filters.tsx';
import { DataTable, FilterBar, type ServerPaging } from '../../shared/kit/index.ts';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import {
  AWAITING_NAMES,
  PROBLEM_FILTER_KEYS,
  formatProblemPlace,
  parseProblemFilter,
  type ProblemFilterKey,
} from './problem-format.ts';
import { ProblemFormDrawer } from './problem-form-drawer.tsx';
import { ProgressImportDrawer } from './progress-import-drawer.tsx';
import { DeadlineText, ProblemProgress, ProblemTags } from './problem-tags.tsx';
import {
  downloadOpenProblems,
  useApprovePlans,
  useCampaigns,
  useProblemCounts,
  useProblems,
  type Awaiting,
  type Problem,
  type ProblemQuery,
} from './problems.api.ts';
import './problems.css';
import { DownloadButton } from '../../shared/download-button.tsx';

/** The strip of counts over the list: what is where in the workflow, and what is late. */
const COUNT_CARDS: {
  key: string;
  title: string;
  change: Partial<Record<ProblemFilterKey, string | null>>;
  query: Pick<ProblemQuery, 'status' | 'overdue' | 'open'>;
  color?: string;
}[] = [
  {
    key: 'open',
    title: '未销号',
    change: { status: null, overdue: null, open: 'true', awaiting: null },
    query: { open: true },
  },
  ...PROBLEM_STATUS_CODES.map((s) => ({
    key: s,
    title: PROBLEM_STATUS_LABELS[s],
    change: { status: s, overdue: null, open: null, awaiting: null },
    query: { status: s },
  })),
  {
    key: 'overdue',
    title: '逾期未销号',
    change: { status: null, overdue: 'true', open: null, awaiting: null },
    query: { overdue: true },
    color: '#f5222d',
  },
];

/** P5 问题台账: every problem of the user's scope, filtered and paged by the server. */
export function ProblemsPage() {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(PROBLEM_FILTER_KEYS);
  const parsed = useMemo(() => parseProblemFilter(filter, user.cityCode), [filter, user.cityCode]);
  const [batch, setBatch] = useState(false);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  // P4 batch approval: only plans awaiting approval can be ticked.
  const query: ProblemQuery = {
    ...parsed,
    ...(batch ? { awaiting: 'plan_approval' as const, status: undefined } : {}),
    page,
    pageSize,
  };
  const problems = useProblems(query);
  const campaigns = useCampaigns();

  const base = {
    ...parsed,
    status: undefined,
    overdue: undefined,
    open: undefined,
    awaiting: undefined,
  };
  const counts = useProblemCounts(COUNT_CARDS.map((c) => ({ ...base, ...c.query })));
  const activeCard =
    parsed.overdue === true ? 'overdue' : (parsed.status ?? (parsed.open === true ? 'open' : null));
  const toggleCard = (c: (typeof COUNT_CARDS)[number]) =>
    setFilter(activeCard === c.key ? { status: null, overdue: null, open: null } : c.change);

  const canWork = hasPermission('problems.work');
  const canReview = hasPermission('problems.review');

  return (
    <>
      <PageHeader
        title="问题台账"
        subtitle="每个缺口和问题都有责任单位、整治方案、完成时限、整改佐证和销号核验；逾期问题红色标出。"
        extra={
          <>
            {canReview ? (
              <Button
                icon={<CheckSquareOutlined />}
                type={batch ? 'primary' : 'default'}
                onClick={() => setBatch((b) => !b)}
              >
                {batch ? '退出批量审批' : '批量审批'}
              </Button>
            ) : null}
            {canWork ? (
              <>
                <ExportButton region={parsed.region ?? null} />
                <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                  导入进展
                </Button>
              </>
            ) : null}
            {hasPermission('problems.create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                登记问题
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="problem-counts">
        {COUNT_CARDS.map((c, i) => (
          <Col key={c.key} xs={12} md={8} xl={{ flex: '1 1 0' }}>
            <Card
              size="small"
              hoverable
              role="button"
              aria-pressed={activeCard === c.key}
              aria-label={`只看${c.title}`}
              tabIndex={0}
              style={activeCard === c.key ? { borderColor: '#1677ff' } : undefined}
              onClick={() => toggleCard(c)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  toggleCard(c);
                }
              }}
            >
              <Statistic
                title={c.title}
                value={counts[i] ?? 0}
                loading={counts[i] === undefined}
                suffix="个"
                styles={c.color && counts[i] ? { content: { color: c.color } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <FilterBar label="筛选问题">
        {parsed.month ? (
          // From the cockpit's month chart: which month and what it counted; closing drops it.
          <Tag
            color="blue"
            closable
            closeIcon
            data-testid="problems-month-filter"
            onClose={() => setFilter({ month: null, monthOf: null })}
            style={{ alignSelf: 'center', fontSize: 14, padding: '4px 8px' }}
          >
            {parsed.month} {PROBLEM_MONTH_MEASURE_LABELS[parsed.monthOf ?? 'raised']}
          </Tag>
        ) : null}
        <RegionFilter
          rootCode={user.regionCode}
          value={parsed.region}
          onChange={(region) => setFilter({ region })}
        />
        <CategoryTypeFilters
          within={user.categories}
          category={parsed.category}
          type={parsed.facilityType}
          widths={[200, 150]}
          onChange={(next) => setFilter({ category: next.category, facilityType: next.type })}
        />
        <Select
          aria-label="状态"
          placeholder="状态"
          allowClear
          disabled={batch}
          style={{ width: 130 }}
          value={batch ? undefined : parsed.status}
          onChange={(status: string | undefined) => setFilter({ status })}
          options={PROBLEM_STATUS_CODES.map((s) => ({ value: s, label: PROBLEM_STATUS_LABELS[s] }))}
        />
        <Select
          aria-label="阶段"
          placeholder="阶段"
          allowClear
          style={{ width: 110 }}
          value={parsed.stage}
          onChange={(stage: string | undefined) => setFilter({ stage })}
          options={STAGES.map((s) => ({ value: s, label: STAGE_NAMES[s] }))}
        />
        <Select
          aria-label="来源"
          placeholder="来源"
          allowClear
          style={{ width: 120 }}
          value={parsed.source}
          onChange={(source: string | undefined) => setFilter({ source })}
          options={PROBLEM_SOURCES.map((s) => ({ value: s, label: PROBLEM_SOURCE_NAMES[s] }))}
        />
        <Select
          aria-label="重点难点"
          placeholder="重点难点"
          allowClear
          style={{ width: 120 }}
          value={parsed.isKey === undefined ? undefined : String(parsed.isKey)}
          onChange={(isKey: string | undefined) => setFilter({ isKey })}
          options={[
            { value: 'true', label: '重点难点' },
            { value: 'false', label: '一般问题' },
          ]}
        />
        <Select
          aria-label="专项整治"
          placeholder="专项整治"
          allowClear
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
          value={parsed.campaign}
          onChange={(campaign: number | undefined) =>
            setFilter({ campaign: campaign ? String(campaign) : null })
          }
          options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          aria-label="销号情况"
          placeholder="销号情况"
          allowClear
          style={{ width: 120 }}
          value={parsed.open === undefined ? undefined : String(parsed.open)}
          onChange={(open: string | undefined) => setFilter({ open })}
          options={[
            { value: 'true', label: '未销号' },
            { value: 'false', label: '已销号' },
          ]}
        />
        <Select
          aria-label="逾期"
          placeholder="逾期"
          allowClear
          style={{ width: 100 }}
          value={parsed.overdue === undefined ? undefined : String(parsed.overdue)}
          onChange={(overdue: string | undefined) => setFilter({ overdue })}
          options={[
            { value: 'true', label: '已逾期' },
            { value: 'false', label: '未逾期' },
          ]}
        />
        <Select<Awaiting>
          aria-label="待我处理"
          placeholder="待我处理"
          allowClear
          disabled={batch}
          style={{ width: 140 }}
          value={batch ? 'plan_approval' : parsed.awaiting}
          onChange={(awaiting) => setFilter({ awaiting })}
          options={(Object.keys(AWAITING_NAMES) as Awaiting[]).map((a) => ({
            value: a,
            label: AWAITING_NAMES[a],
          }))}
        />
        <KeywordSearch
          placeholder="问题名称或描述"
          width={280}
          initialValue={parsed.q}
          onSearch={(q) => setFilter({ q })}
        />
        <Select
          aria-label="排序"
          style={{ width: 140 }}
          value={parsed.order ?? 'recent'}
          onChange={(order: string) => setFilter({ order: order === 'deadline' ? order : null })}
          options={[
            { value: 'recent', label: '最新登记在前' },
            { value: 'deadline', label: '时限临近在前' },
          ]}
        />
      </FilterBar>
      {problems.isError ? (
        <ErrorState error={problems.error} onRetry={() => void problems.refetch()} />
      ) : batch ? (
        <BatchApproval
          problems={problems.data?.items ?? []}
          paging={paging(problems.data?.total ?? 0)}
          loading={problems.isFetching}
        />
      ) : (
        <ProblemsTable
          problems={problems.data?.items ?? []}
          paging={paging(problems.data?.total ?? 0)}
          loading={problems.isFetching}
        />
      )}
      {creating ? (
        <ProblemFormDrawer
          onClose={() => setCreating(false)}
          onCreated={(p) => void navigate(`/problems/${p.id}`)}
        />
      ) : null}
      {importing ? <ProgressImportDrawer onClose={() => setImporting(false)} /> : null}
    </>
  );
}

function ExportButton({ region }: { region: string | null }) {
  return (
    <DownloadButton icon={<DownloadOutlined />} download={() => downloadOpenProblems(region)}>
      导出整改清单
    </DownloadButton>
  );
}

type TableProps = {
  problems: Problem[];
  paging: ServerPaging;
  loading: boolean;
};

function buildColumns() {
  return [
    {
      title: '编号',
      key: 'id',
      width: 70,
      render: (_: unknown, p: Problem) => <Link to={`/problems/${p.id}`}>#{p.id}</Link>,
    },
    {
      title: '问题',
      key: 'title',
      render: (_: unknown, p: Problem) => (
        <Flex vertical gap={2}>
          <Link to={`/problems/${p.id}`}>{p.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {nameFacilityType(p.facilityType)} · {STAGE_NAMES[p.stage]}阶段 ·{' '}
            {PROBLEM_SOURCE_NAMES[p.source]}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: '所在区划',
      key: 'place',
      width: 180,
      render: (_: unknown, p: Problem) => formatProblemPlace(p),
    },
    {
      title: '状态',
      key: 'status',
      width: 150,
      render: (_: unknown, p: Problem) => <ProblemTags problem={p} />,
    },
    {
      title: '完成时限',
      key: 'deadline',
      width: 105,
      render: (_: unknown, p: Problem) => <DeadlineText problem={p} />,
    },
    {
      title: '进度',
      key: 'progress',
      width: 140,
      render: (_: unknown, p: Problem) => <ProblemProgress problem={p} size="small" />,
    },
    {
      title: '专项整治',
      key: 'campaign',
      width: 150,
      ellipsis: true,
      render: (_: unknown, p: Problem) => p.campaign ?? '—',
    },
  ];
}

function ProblemsTable(props: TableProps) {
  return (
    <DataTable<Problem>
      rowKey="id"
      loading={props.loading}
      dataSource={props.problems}
      aria-label="问题列表"
      scroll={{ x: 1100 }}
      rowClassName={(p) => (p.overdue ? 'problem-row-overdue' : '')}
      emptyText="没有符合条件的问题"
      paging={props.paging}
      unit="个问题"
      columns={buildColumns()}
    />
  );
}

type BatchFailure = { id: number; message: string };

function readBatchFailures(error: unknown): BatchFailure[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    const item = d as { id?: unknown; message?: unknown };
    return typeof item.id === 'number' && typeof item.message === 'string'
      ? [{ id: item.id, message: item.message }]
      : [];
  });
}

/** P4: a department approves many plans at once; all pass or none does. */
function BatchApproval(props: TableProps) {
  const { message } = App.useApp();
  const approve = useApprovePlans();
  const [selected, setSelected] = useState<number[]>([]);
  const [failures, setFailures] = useState<BatchFailure[] | null>(null);

  const run = () =>
    approve.mutate(selected, {
      onSuccess: (r) => {
        void message.success(`已批准 ${r.approved} 个整治方案`);
        setSelected([]);
      },
      onError: (e) => {
        const list = readBatchFailures(e);
        if (list.length) setFailures(list);
        else void message.error(describeError(e));
      },
    });

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="批量审批：勾选待审批的整治方案后一并批准；任一方案不能审批时全部不批准，并列出原因。"
        action={
          <Popconfirm
            title={`批准所选 ${selected.length} 个整治方案？`}
            okText="批准"
            cancelText="取消"
            disabled={selected.length === 0}
            onConfirm={run}
          >
            <Button type="primary" disabled={selected.length === 0} loading={approve.isPending}>
              批准所选（{selected.length}）
            </Button>
          </Popconfirm>
        }
      />
      <DataTable<Problem>
        rowKey="id"
        loading={props.loading}
        dataSource={props.problems}
        aria-label="待审批方案"
        scroll={{ x: 1100 }}
        emptyText="没有待审批的整治方案"
        rowSelection={{
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (p) => ({
            disabled: !p.abilities.approvePlan,
            'aria-label': `选择问题 #${p.id}`,
          }),
        }}
        paging={props.paging}
        unit="个待审批"
        columns={buildColumns()}
      />
      <Modal
        open={failures !== null}
        title="以下问题不能审批，本次全部未批准"
        onCancel={() => setFailures(null)}
        footer={<Button onClick={() => setFailures(null)}>知道了</Button>}
      >
        <ul style={{ paddingInlineStart: 20 }}>
          {(failures ?? []).map((f) => (
            <li key={f.id}>
              <Link to={`/problems/${f.id}`}>问题 #{f.id}</Link>：{f.message}
            </li>
          ))}
        </ul>
      </Modal>
    </>
  );
}
