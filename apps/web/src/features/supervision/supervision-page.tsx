import { useState } from 'react';
import { Link } from 'react-router';
import {
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
  message,
} from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import {
  LATE_KIND_NAMES,
  ORDER_COLOR_NAMES,
  ORDER_STATUS_NAMES,
  type LateEntry,
  type Light,
  type OrderColor,
  type SupervisionDepartmentRow,
  type SupervisionOrder,
  type SupervisionRegionRow,
} from '@zibo/shared';
import { DataTable, ErrorAlert, PanelDrawer } from '../../shared/kit/index.ts';
import { useAuth } from '../../shared/session.tsx';
import { formatMinute } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { LightTag, formatRate, formatScore, ratedOnly } from '../../shared/league-format.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { cockpitScope } from './cockpit-scope.ts';
import {
  useOrder,
  useOrderAction,
  useOrders,
  useSupervisionOverview,
  type OrderActionName,
} from './overview.api.ts';

export const ORDER_TAG_COLORS: Record<OrderColor, string> = {
  blue: 'blue',
  yellow: 'gold',
  red: 'red',
};
const pct = formatRate;
/** One decimal, as the bulletin prints it (63.0, not 63 beside 63.1). */
const score = formatScore;
/** On time of total ("3/5"), or a dash when there was nothing to do, as a rate shows it. */
const ofTotal = (onTime: number, total: number) => (total > 0 ? `${onTime}/${total}` : '—');

function Change({ change }: { change: SupervisionRegionRow['change'] }) {
  if (!change) return <Typography.Text type="secondary">—</Typography.Text>;
  const { places, closureRatePoints } = change;
  const icon =
    places > 0 ? (
      <ArrowUpOutlined style={{ color: '#389e0d' }} aria-label="名次上升" />
    ) : places < 0 ? (
      <ArrowDownOutlined style={{ color: '#cf1322' }} aria-label="名次下降" />
    ) : (
      <MinusOutlined aria-label="名次不变" />
    );
  return (
    <Space size={4}>
      {icon}
      <span>{places === 0 ? '持平' : `${Math.abs(places)} 名`}</span>
      <Typography.Text type="secondary">
        {closureRatePoints >= 0 ? '+' : ''}
        {closureRatePoints} 个百分点
      </Typography.Text>
    </Space>
  );
}

/** The problem list behind a number of a row (drill-down). */
const problemsLink = (row: SupervisionRegionRow, extra: string) => {
  const region = row.kind === 'zone' ? '' : `region=${row.regionCode}`;
  const category = row.category ? `&category=${row.category}` : '';
  return `/problems?${region}${category}${extra}`;
};

/** 督导调度 (P11): league tables relative to the viewer, who is late, supervision orders. */
export function SupervisionPage() {
  const { filter, setFilter } = useSearchFilter(['region', 'tab', 'order'] as const);
  const region = filter.region ?? null;
  const overview = useSupervisionOverview(region);
  const o = overview.data;
  const tab = filter.tab ?? 'league';

  const regionColumns = [
    { title: '排名', dataIndex: 'rank', width: 64, render: ratedOnly((v: number) => v) },
    {
      title: '单位',
      dataIndex: 'name',
      render: (name: string, r: SupervisionRegionRow) =>
        r.kind === 'district' || r.kind === 'street' ? (
          r.kind === 'street' && o?.rowKind === 'streets' ? (
            name
          ) : (
            <a onClick={() => setFilter({ region: r.regionCode })}>{name}</a>
          )
        ) : (
          name
        ),
    },
    {
      title: '灯色',
      dataIndex: 'light',
      render: (l: Light, r: SupervisionRegionRow) => <LightTag light={l} rated={r.rated} />,
    },
    { title: '综合得分', dataIndex: 'score', render: ratedOnly(score) },
    {
      title: '问题数',
      dataIndex: 'problems',
      render: (v: number, r: SupervisionRegionRow) => <Link to={problemsLink(r, '')}>{v}</Link>,
    },
    {
      title: '已销号',
      dataIndex: 'closed',
      render: (v: number, r: SupervisionRegionRow) => (
        <Link to={problemsLink(r, '&status=closed')}>{v}</Link>
      ),
    },
    { title: '销号率', dataIndex: 'closureRate', render: ratedOnly(pct) },
    {
      title: '逾期',
      dataIndex: 'overdue',
      render: (v: number, r: SupervisionRegionRow) => (
        <Link to={problemsLink(r, '&overdue=true')} style={v ? { color: '#cf1322' } : undefined}>
          {v}
        </Link>
      ),
    },
    {
      title: '方案按时率',
      dataIndex: 'plansOnTimeRate',
      render: (v: number | null, r: SupervisionRegionRow) =>
        `${pct(v)}（${r.plansOnTime}/${r.plansDue}）`,
    },
    { title: '按时报送率', dataIndex: 'surveyTimeliness', render: (v: number | null) => pct(v) },
    {
      title: '督办按时',
      dataIndex: 'ordersOnTime',
      render: (v: number, r: SupervisionRegionRow) => ofTotal(v, r.ordersDue),
    },
    { title: '群众满意率', dataIndex: 'satisfactionRate', render: (v: number | null) => pct(v) },
    {
      title: '较上期',
      dataIndex: 'change',
      render: (c: SupervisionRegionRow['change']) => <Change change={c} />,
    },
  ];

  const departmentColumns = [
    { title: '排名', dataIndex: 'rank', width: 64, render: ratedOnly((v: number) => v) },
    { title: '主管部门', dataIndex: 'name' },
    {
      title: '灯色',
      dataIndex: 'light',
      render: (l: Light, d: SupervisionDepartmentRow) => <LightTag light={l} rated={d.rated} />,
    },
    { title: '综合得分', dataIndex: 'score', render: ratedOnly(score) },
    { title: '问题数', dataIndex: 'problems' },
    { title: '销号率', dataIndex: 'closureRate', render: ratedOnly(pct) },
    { title: '逾期', dataIndex: 'overdue' },
    {
      title: '方案审批（按时/总数）',
      render: (_: unknown, d: SupervisionDepartmentRow) => ofTotal(d.plansOnTime, d.plansDecided),
    },
    {
      title: '销号核验（按时/总数）',
      render: (_: unknown, d: SupervisionDepartmentRow) =>
        ofTotal(d.closuresOnTime, d.closuresVerified),
    },
    {
      title: '联审意见（按时/应出具）',
      render: (_: unknown, d: SupervisionDepartmentRow) => ofTotal(d.opinionsOnTime, d.opinionsDue),
    },
    {
      title: '较上期',
      dataIndex: 'change',
      render: (c: SupervisionDepartmentRow['change']) => <Change change={c} />,
    },
  ];

  const lateColumns = [
    {
      title: '类型',
      dataIndex: 'kind',
      render: (k: LateEntry['kind']) => <Tag>{LATE_KIND_NAMES[k]}</Tag>,
      width: 150,
    },
    { title: '落后单位', dataIndex: 'unit', width: 200 },
    {
      title: '事项',
      dataIndex: 'what',
      render: (w: string, l: LateEntry) => <Link to={l.link}>{w}</Link>,
    },
    { title: '应完成日期', dataIndex: 'dueDate', width: 120 },
    {
      title: '逾期天数',
      dataIndex: 'daysLate',
      width: 100,
      render: (d: number) => <Typography.Text type="danger">{d} 天</Typography.Text>,
    },
  ];

  return (
    <>
      <PageHeader
        title="督导调度"
        subtitle="总牵头部门—专项牵头部门—区县三级督导：各单位问题销号、逾期、方案按时、报送及时情况的排名和亮灯，以及落后单位清单。点击数字查看对应问题。"
      />
      {overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : !o ? (
        <Skeleton active />
      ) : (
        <>
          {/* Only after a drill into a lower unit: the way back (a lone 本级 said nothing). */}
          {region ? (
            <Breadcrumb
              style={{ marginBottom: 12 }}
              items={[
                { title: <a onClick={() => setFilter({ region: null })}>本级</a> },
                { title: o.regionName },
              ]}
            />
          ) : null}
          <Tabs
            activeKey={tab}
            onChange={(k) => setFilter({ tab: k === 'league' ? null : k })}
            items={[
              {
                key: 'league',
                label: '进展排名',
                children: (
                  <Flex vertical gap={16}>
                    <Card
                      size="small"
                      title={`${o.regionName}：${o.rowKind === 'districts' ? '区县和功能区' : o.rowKind === 'streets' ? cockpitScope(o.regionCode, o.regionName).unit : '主管类别'}排名（截至 ${o.asOf}）`}
                    >
                      <Table
                        rowKey={(r) => `${r.regionCode}:${r.category ?? ''}`}
                        size="small"
                        pagination={false}
                        scroll={{ x: 1200 }}
                        columns={regionColumns}
                        dataSource={o.regions}
                      />
                    </Card>
                    {o.departments.length > 0 ? (
                      <Card size="small" title="主管部门排名">
                        <Table
                          rowKey="departmentCode"
                          size="small"
                          pagination={false}
                          scroll={{ x: 1000 }}
                          columns={departmentColumns}
                          dataSource={o.departments}
                        />
                      </Card>
                    ) : null}
                  </Flex>
                ),
              },
              {
                key: 'late',
                label: `落后清单（${o.lateTotal}）`,
                children: (
                  <DataTable
                    rowKey={(l) => `${l.kind}:${l.link}:${l.unitCode ?? l.unit}`}
                    size="small"
                    columns={lateColumns}
                    dataSource={o.late}
                    pageSize={20}
                  />
                ),
              },
              {
                key: 'orders',
                label: '督办单',
                children: (
                  <OrdersPanel
                    open={filter.order ? Number(filter.order) : null}
                    setOpen={(id) => setFilter({ order: id === null ? null : String(id) })}
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}

function OrdersPanel(props: { open: number | null; setOpen: (id: number | null) => void }) {
  const { open, setOpen } = props;
  const orders = useOrders({});
  const columns = [
    {
      title: '督办',
      dataIndex: 'color',
      width: 110,
      render: (c: OrderColor) => <Tag color={ORDER_TAG_COLORS[c]}>{ORDER_COLOR_NAMES[c]}</Tag>,
    },
    {
      title: '事项',
      dataIndex: 'title',
      render: (t: string, o: SupervisionOrder) => <a onClick={() => setOpen(o.id)}>{t}</a>,
    },
    { title: '督办对象', dataIndex: 'targetName', width: 160 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 130,
      render: (s: SupervisionOrder['status']) => ORDER_STATUS_NAMES[s],
    },
    {
      title: '签收时限',
      dataIndex: 'signDueDate',
      width: 120,
      render: (d: string, o: SupervisionOrder) =>
        o.signLate ? <Typography.Text type="danger">{d}（超时）</Typography.Text> : d,
    },
    {
      title: '答复时限',
      dataIndex: 'replyDueDate',
      width: 120,
      render: (d: string, o: SupervisionOrder) =>
        o.replyLate ? <Typography.Text type="danger">{d}（超时）</Typography.Text> : d,
    },
  ];
  if (orders.isError)
    return <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />;
  return (
    <>
      <DataTable
        rowKey="id"
        size="small"
        loading={orders.isPending}
        columns={columns}
        dataSource={orders.data?.items ?? []}
        pageSize={20}
        unit="份督办单"
      />
      {open !== null ? <OrderDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

const ACTION_LABELS: Record<OrderActionName, string> = {
  sign: '签收',
  reply: '答复',
  close: '办结',
  return: '退回重新答复',
  cancel: '撤销',
};

/** One 督办单: its details and history, and what the caller may do with it (签收, 答复, …). */
export function OrderDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const order = useOrder(id);
  const act = useOrderAction();
  const [text, setText] = useState('');
  const { hasPermission } = useAuth();
  const o = order.data;
  const run = (action: OrderActionName) => {
    if (!o) return;
    act.mutate(
      {
        id: o.id,
        action,
        version: o.version,
        ...(action === 'reply' ? { reply: text } : text ? { comment: text } : {}),
      },
      {
        onSuccess: () => {
          setText('');
          void message.success(`已${ACTION_LABELS[action]}`);
        },
      },
    );
  };
  return (
    <PanelDrawer title="督办单" size={560} onClose={onClose}>
      {!o ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="督办">
              <Tag color={ORDER_TAG_COLORS[o.color]}>{ORDER_COLOR_NAMES[o.color]}</Tag>
              {o.source === 'auto' ? <Tag>自动督办</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="事项">{o.title}</Descriptions.Item>
            <Descriptions.Item label="要求">{o.body}</Descriptions.Item>
            <Descriptions.Item label="督办对象">{o.targetName}</Descriptions.Item>
            <Descriptions.Item label="状态">{ORDER_STATUS_NAMES[o.status]}</Descriptions.Item>
            <Descriptions.Item label="签收时限">
              {o.signDueDate}
              {o.signLate ? <Tag color="red">超时</Tag> : null}
            </Descriptions.Item>
            <Descriptions.Item label="答复时限">
              {o.replyDueDate}
              {o.replyLate ? <Tag color="red">超时</Tag> : null}
            </Descriptions.Item>
            {o.problemId ? (
              <Descriptions.Item label="关联问题">
                <Link to={`/problems/${o.problemId}`}>问题 #{o.problemId}</Link>
              </Descriptions.Item>
            ) : null}
            {o.reply ? <Descriptions.Item label="答复">{o.reply}</Descriptions.Item> : null}
          </Descriptions>
          {Object.values(o.abilities).some(Boolean) &&
          (hasPermission('supervision.answer') || hasPermission('supervision.order')) ? (
            <Flex vertical gap={8}>
              {act.isError ? <ErrorAlert error={act.error} /> : null}
              <Input.TextArea
                rows={3}
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder={
                  o.abilities.reply ? '答复内容（整改措施、进展、完成时间）' : '意见（可选）'
                }
                aria-label="答复或意见"
              />
              <Space wrap>
                {(Object.keys(ACTION_LABELS) as OrderActionName[])
                  .filter((a) => o.abilities[a])
                  .map((a) => (
                    <Button
                      key={a}
                      type={a === 'sign' || a === 'reply' || a === 'close' ? 'primary' : 'default'}
                      loading={act.isPending}
                      disabled={a === 'reply' && !text.trim()}
                      onClick={() => run(a)}
                    >
                      {ACTION_LABELS[a]}
                    </Button>
                  ))}
              </Space>
            </Flex>
          ) : null}
          <Timeline
            items={o.events.map((e) => ({
              children: (
                <>
                  <Typography.Text strong>
                    {ACTION_LABELS[e.action as OrderActionName] ?? '下发'}
                  </Typography.Text>{' '}
                  {e.actorName} {formatMinute(e.at)}
                  {e.comment ? <div>{e.comment}</div> : null}
                </>
              ),
            }))}
          />
        </Flex>
      )}
    </PanelDrawer>
  );
}
