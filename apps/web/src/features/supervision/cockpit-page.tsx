import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Card,
  Col,
  Empty,
  Flex,
  List,
  Progress,
  Row,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PROBLEM_STATUS_LABELS, type Light } from '@zibo/shared';
import { useDistrictOutlines } from '../../api/reference.ts';
import { LightTag, formatRate, formatScore, ratedOnly } from '../../shared/league-format.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { CockpitChart, registerGeoJson } from './cockpit-chart.tsx';
import { cockpitScope } from './cockpit-scope.ts';
import { useCockpit, type Cockpit } from './overview.api.ts';

const pct = formatRate;
const LIGHT_HEX: Record<Light, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };

/** The user's own district on the city map (a district's cockpit). */
export const OWN_DISTRICT_HEX = '#1677ff';

/** Five bands from the lowest to the highest closure rate: red (behind) to green (ahead). */
const SCALE_COLOURS = ['#cf1322', '#fa8c16', '#fadb14', '#a0d911', '#389e0d'];

/**
 * The map's colour scale over the districts' actual closure rates (P11): a fixed 0–100 % scale
 * paints rates of 27–38 % all the same orange, so the bands span the lowest to the highest rate
 * seen, in whole percentage points, and the legend names each band's range.
 */
function closureScale(rates: number[]) {
  const values = rates.map((r) => r * 100);
  let lo = Math.floor(Math.min(...values, 100));
  let hi = Math.ceil(Math.max(...values, 0));
  if (hi - lo < SCALE_COLOURS.length) {
    // A narrow spread (or one district): at least one point per band, inside 0–100.
    hi = Math.min(100, Math.max(hi, lo + SCALE_COLOURS.length));
    lo = Math.max(0, hi - SCALE_COLOURS.length);
  }
  const step = (hi - lo) / SCALE_COLOURS.length;
  const edge = (i: number) => Math.round((lo + i * step) * 10) / 10;
  return {
    type: 'piecewise',
    pieces: SCALE_COLOURS.map((color, i) => ({
      gte: edge(i),
      ...(i === SCALE_COLOURS.length - 1 ? { lte: hi } : { lt: edge(i + 1) }),
      color,
      label: `${edge(i)}%–${i === SCALE_COLOURS.length - 1 ? hi : edge(i + 1)}%`,
    })),
    text: ['销号率高', '销号率低'],
    left: 8,
    bottom: 8,
  };
}

/** A district as the map shows it (no rank when it is the user's own district alone). */
type MapDistrict = {
  name: string;
  regionCode: string;
  closureRate: number;
  overdue: number;
  rank: number | null;
};

/** 领导驾驶舱 (P11): the city at a glance; every number opens the records behind it. */
export function CockpitPage() {
  const cockpit = useCockpit(null);
  const outlines = useDistrictOutlines();
  const navigate = useNavigate();
  const c = cockpit.data;

  const mapOption = useMemo(() => {
    if (!c || !outlines.data) return null;
    registerGeoJson('zibo-districts', outlines.data);
    const scope = cockpitScope(c.regionCode, c.regionName);
    // A district sees itself marked on the city map (its rate is in the title); the others blank.
    const districts: MapDistrict[] = scope.mapDistrict
      ? [
          {
            name: c.regionName,
            regionCode: c.regionCode,
            closureRate: c.totals.closureRate,
            overdue: c.totals.overdue,
            rank: null,
          },
        ]
      : // A district with nothing to assess is not on the scale (it is not behind): left blank.
        c.regions.filter((r) => r.kind === 'district' && r.rated);
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value?: number }) => {
          const r = districts.find((d) => d.name === p.name);
          return r
            ? `${r.name}<br/>销号率 ${pct(r.closureRate)}<br/>逾期 ${r.overdue} 个` +
                (r.rank === null ? '' : `<br/>排名 第${r.rank}名`)
            : p.name;
        },
      },
      // One district alone is not put on the red-to-green scale (its only band would be red):
      // it is marked as the user's own, and its rate is in the card's title.
      ...(scope.mapDistrict
        ? {}
        : { visualMap: closureScale(districts.map((d) => d.closureRate)) }),
      series: [
        {
          type: 'map',
          map: 'zibo-districts',
          nameProperty: 'name',
          label: { show: true, fontSize: 11 },
          data: districts.map((d) => ({
            name: d.name,
            value: Math.round(d.closureRate * 1000) / 10,
            ...(scope.mapDistrict ? { itemStyle: { areaColor: OWN_DISTRICT_HEX } } : {}),
          })),
        },
      ],
    };
  }, [c, outlines.data]);

  const monthOption = useMemo(
    () =>
      c && {
        tooltip: { trigger: 'axis' },
        legend: { top: 4, data: ['新增问题', '销号', '月末未销号'] },
        grid: { left: 40, right: 40, bottom: 30, top: 40 },
        xAxis: { type: 'category', data: c.months.map((m) => m.month) },
        yAxis: [{ type: 'value' }, { type: 'value' }],
        series: [
          { name: '新增问题', type: 'bar', data: c.months.map((m) => m.raised) },
          { name: '销号', type: 'bar', data: c.months.map((m) => m.closed) },
          {
            name: '月末未销号',
            type: 'line',
            yAxisIndex: 1,
            data: c.months.map((m) => m.open),
          },
        ],
      },
    [c],
  );

  const categoryOption = useMemo(
    () =>
      c && {
        tooltip: { trigger: 'axis' },
        legend: { top: 4, data: ['已销号', '未销号', '逾期'] },
        grid: { left: 150, right: 20, bottom: 20, top: 40 },
        yAxis: { type: 'category', data: c.categories.map((x) => x.name) },
        xAxis: { type: 'value' },
        series: [
          { name: '已销号', type: 'bar', stack: 'all', data: c.categories.map((x) => x.closed) },
          {
            name: '未销号',
            type: 'bar',
            stack: 'all',
            data: c.categories.map((x) => x.problems - x.closed),
          },
          { name: '逾期', type: 'bar', data: c.categories.map((x) => x.overdue) },
        ],
      },
    [c],
  );

  const scope = c ? cockpitScope(c.regionCode, c.regionName) : null;
  /** The region a map click names: a district of the city, or the user's own district. */
  const toRegion = (name: string) =>
    c && scope?.mapDistrict
      ? name === c.regionName
        ? { regionCode: c.regionCode }
        : undefined
      : c?.regions.find((r) => r.name === name);

  return (
    <>
      <PageHeader
        title="领导驾驶舱"
        subtitle={`${scope?.whole ?? '全市'}问题整改进度一屏总览：点击地图、图表或数字，查看对应的问题清单。`}
        extra={<Link to="/supervision">督导调度</Link>}
      />
      {cockpit.isError ? (
        <ErrorState error={cockpit.error} onRetry={() => void cockpit.refetch()} />
      ) : !c ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            {(
              [
                ['问题总数', c.totals.problems, '/problems'],
                ['已销号', c.totals.closed, '/problems?status=closed'],
                ['未销号', c.totals.open, '/problems?open=true'],
                ['逾期未销号', c.totals.overdue, '/problems?overdue=true'],
                ['重点难点', c.totals.key, '/dispatch'],
                ['落后事项', c.lateTotal, '/supervision?tab=late'],
              ] as const
            ).map(([title, value, to]) => (
              <Col key={title} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Link to={to} aria-label={`${title} ${value}`}>
                    <Statistic
                      title={title}
                      value={value}
                      styles={
                        title.includes('逾期') && value > 0
                          ? { content: { color: '#cf1322' } }
                          : undefined
                      }
                    />
                  </Link>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            {scope?.showMap ? (
              <Col xs={24} xl={12}>
                <Card
                  size="small"
                  title={
                    scope.mapDistrict
                      ? `${c.regionName}销号率 ${pct(c.totals.closureRate)}`
                      : `各区县销号率（全市 ${pct(c.totals.closureRate)}）`
                  }
                  extra={
                    <Typography.Text type="secondary">
                      {scope.mapDistrict ? '点击本区县查看逾期问题' : '点击区县查看其逾期问题'}
                    </Typography.Text>
                  }
                >
                  {mapOption ? (
                    <CockpitChart
                      label={scope.mapDistrict ? `${c.regionName}销号率地图` : '各区县销号率地图'}
                      option={mapOption}
                      height={360}
                      onClick={(name) => {
                        const r = toRegion(name);
                        if (r) void navigate(`/problems?region=${r.regionCode}&overdue=true`);
                      }}
                    />
                  ) : outlines.isError ? (
                    <ErrorState error={outlines.error} onRetry={() => void outlines.refetch()} />
                  ) : (
                    <Skeleton active />
                  )}
                </Card>
              </Col>
            ) : null}
            <Col xs={24} xl={scope?.showMap ? 12 : 24}>
              <Card
                size="small"
                title={`${scope?.unit ?? '区县'}排名（${scope?.whole ?? '全市'}）`}
                extra={
                  <Typography.Text type="secondary">按综合得分排名，灯色同督导排名</Typography.Text>
                }
              >
                <DistrictTable cockpit={c} unit={scope?.unit ?? '区县'} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Card size="small" title="近12个月新增与销号">
                {monthOption ? (
                  <CockpitChart
                    label="近12个月新增与销号"
                    option={monthOption}
                    onClick={(month, series) => {
                      const of =
                        series === '销号' ? 'closed' : series === '月末未销号' ? 'open' : 'raised';
                      void navigate(`/problems?month=${month}&monthOf=${of}`);
                    }}
                  />
                ) : null}
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title="分类别进展">
                {categoryOption ? (
                  <CockpitChart
                    label="分类别进展"
                    option={categoryOption}
                    onClick={(name, series) => {
                      const cat = c.categories.find((x) => x.name === name);
                      if (!cat) return;
                      const extra =
                        series === '逾期'
                          ? '&overdue=true'
                          : series === '已销号'
                            ? '&status=closed'
                            : '&open=true';
                      void navigate(`/problems?category=${cat.category}${extra}`);
                    }}
                  />
                ) : null}
              </Card>
            </Col>
          </Row>
          <Card size="small" title="专项整治">
            {c.campaigns.map((k) => (
              <Row key={k.id} gutter={16} align="middle" style={{ marginBottom: 8 }}>
                <Col xs={24} md={8}>
                  <Typography.Text strong>{k.name}</Typography.Text>{' '}
                  <Typography.Text type="secondary">（时限 {k.deadline}）</Typography.Text>
                </Col>
                <Col xs={24} md={10}>
                  <Progress percent={Math.round(k.closureRate * 1000) / 10} />
                </Col>
                <Col xs={24} md={6}>
                  <Link to={`/problems?campaign=${k.id}`}>{k.problems} 个问题</Link>，
                  <Link to={`/problems?campaign=${k.id}&status=closed`}>已销号 {k.closed}</Link>，
                  <Link to={`/problems?campaign=${k.id}&overdue=true`}>
                    <Typography.Text type={k.overdue ? 'danger' : undefined}>
                      逾期 {k.overdue}
                    </Typography.Text>
                  </Link>
                </Col>
              </Row>
            ))}
          </Card>
          <Card
            size="small"
            title="重点难点问题与领导批示"
            extra={<Link to="/dispatch">全部</Link>}
          >
            {c.keyProblems.length === 0 ? (
              <Empty description="暂无重点难点问题" />
            ) : (
              <List
                dataSource={c.keyProblems.slice(0, 8)}
                renderItem={(k) => (
                  <List.Item>
                    <Flex vertical gap={4} style={{ width: '100%' }}>
                      <Flex gap={8} wrap align="center">
                        <Link to={`/problems/${k.id}`}>{k.title}</Link>
                        <Tag>
                          {PROBLEM_STATUS_LABELS[k.status as keyof typeof PROBLEM_STATUS_LABELS] ??
                            k.status}
                        </Tag>
                        {k.overdue ? <Tag color="red">逾期</Tag> : null}
                        <Typography.Text type="secondary">
                          {k.regionName} · 时限 {k.deadline ?? '未定'} · 进度{' '}
                          {Math.round(k.progressPercent)}%
                        </Typography.Text>
                      </Flex>
                      {k.instructions.map((i) => (
                        <Typography.Paragraph key={i.at} style={{ margin: 0 }}>
                          <Typography.Text strong>批示</Typography.Text>（{i.actorName} {i.at}）：
                          {i.text}
                          {i.followUps.length ? (
                            <Typography.Text type="secondary">
                              {' '}
                              → 落实：
                              {i.followUps
                                .map((f) => `${f.at.slice(0, 10)} ${f.action}`)
                                .join('；')}
                            </Typography.Text>
                          ) : (
                            <Typography.Text type="warning"> → 尚无落实记录</Typography.Text>
                          )}
                        </Typography.Paragraph>
                      ))}
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Flex>
      )}
    </>
  );
}

function DistrictTable({ cockpit, unit }: { cockpit: Cockpit; unit: string }) {
  return (
    <Table
      rowKey="regionCode"
      size="small"
      pagination={false}
      dataSource={cockpit.regions}
      columns={[
        { title: '排名', dataIndex: 'rank', width: 56, render: ratedOnly((v: number) => v) },
        {
          title: unit,
          dataIndex: 'name',
          render: (n: string, r: Cockpit['regions'][number]) => (
            <Link to={`/supervision?region=${r.regionCode}`}>{n}</Link>
          ),
        },
        {
          title: '灯色',
          dataIndex: 'light',
          render: (l: Light, r: Cockpit['regions'][number]) => (
            <LightTag light={l} rated={r.rated} />
          ),
        },
        { title: '综合得分', dataIndex: 'score', render: ratedOnly(formatScore) },
        {
          title: '问题',
          dataIndex: 'problems',
          render: (v: number, r: Cockpit['regions'][number]) =>
            r.kind === 'zone' ? v : <Link to={`/problems?region=${r.regionCode}`}>{v}</Link>,
        },
        {
          title: '销号率',
          dataIndex: 'closureRate',
          render: (v: number, r: Cockpit['regions'][number]) =>
            r.rated ? <span style={{ color: LIGHT_HEX[r.light] }}>{pct(v)}</span> : '—',
        },
        {
          title: '逾期',
          dataIndex: 'overdue',
          render: (v: number, r: Cockpit['regions'][number]) =>
            r.kind === 'zone' ? (
              v
            ) : (
              <Link
                to={`/problems?region=${r.regionCode}&overdue=true`}
                aria-label={`${r.name}逾期问题 ${v}`}
              >
                {v}
              </Link>
            ),
        },
      ]}
    />
  );
}
