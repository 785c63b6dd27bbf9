import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Alert,
  Card,
  Checkbox,
  Col,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Typography,
} from 'antd';
import {
  CATEGORY_CODES,
  FINDING_STATUSES,
  FINDING_STATUS_FILTERS,
  FINDING_STATUS_FILTER_NAMES,
  FINDING_STATUS_NAMES,
  type CategoryCode,
  type FindingStatus,
  type FindingStatusFilter,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { useFindingColumns } from './finding-columns.tsx';
import { BulkRaiseButton, ExportGapsButton } from './bulk-actions.tsx';
import { EChart, type ChartOption } from '../../shared/echart.tsx';
import {
  CATEGORY_SHORT_NAMES,
  MAP_COLORS,
  buildCategoryOptions,
  nameFacilityType,
} from '../../shared/facility-vocabulary.ts';
import { formatCount, formatDateTime } from '../../shared/format.ts';
import { MapLegend } from '../../shared/map-legend.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionFilter } from '../../shared/list-filters.tsx';
import { RegionMap, type MapPoint } from '../../shared/region-map.tsx';
import { EmptyState, ErrorState } from '../../shared/states.tsx';
import { DataTable, FilterBar, type ServerPaging } from '../../shared/kit/index.ts';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { STRAIGHT_LINE_NOTE } from './finding-format.tsx';
import {
  useGapAnalysis,
  useGapMap,
  useGapSummary,
  useGapSummaryByCategory,
  type FindingRecord,
  type GapMapArea,
  type GapSummary,
  type SummaryGroupBy,
  type SummaryRow,
} from './gap-analysis.api.ts';

const FILTER_KEYS = ['region', 'category', 'status', 'verifiedOnly'] as const;

/** The level below a region: what its chart and summary break it down by. */
function childLevelOf(region: string | null): SummaryGroupBy {
  if (!region || region.length <= 4) return 'district';
  if (region.length === 6) return 'street';
  return 'community';
}

const GROUP_NAMES: Record<SummaryGroupBy, string> = {
  district: '区县',
  street: '镇街',
  community: '社区（村居）',
  category: '类别',
};

const CATEGORY_COLORS = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272'];

/** P2 缺什么补什么: what each area lacks against the standards, summarised, charted and mapped. */
export function GapAnalysisPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const category = filter.category as CategoryCode | undefined;
  const status = filter.status as FindingStatusFilter | undefined;
  const verifiedOnly = filter.verifiedOnly === 'true' ? true : undefined;
  const scopeRegion = user.regionCode && user.regionCode.length > 4 ? user.regionCode : null;
  const region = filter.region ?? scopeRegion;
  const childLevel = childLevelOf(region);

  const list = useGapAnalysis({
    region: filter.region,
    category,
    status,
    verifiedOnly,
    page,
    pageSize,
  });
  const map = useGapMap({ region: filter.region, category, verifiedOnly });
  const summary = list.data?.summary;

  return (
    <>
      <PageHeader
        title="缺口分析"
        subtitle="缺什么补什么：按配建标准逐个小区核算各类配套设施，列出达标、不足、缺失的项目及其依据。"
      />
      <Alert type="info" showIcon title={STRAIGHT_LINE_NOTE} style={{ marginBottom: 16 }} />
      <FilterBar label="筛选缺口">
        <RegionFilter
          rootCode={user.regionCode}
          value={filter.region}
          onChange={(region) => setFilter({ region })}
          width={260}
        />
        <Select<CategoryCode>
          aria-label="设施类别"
          placeholder="设施类别"
          allowClear
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          value={category}
          onChange={(c) => setFilter({ category: c })}
          options={buildCategoryOptions(user.categories)}
        />
        <Select<FindingStatusFilter>
          aria-label="核算结果"
          placeholder="核算结果"
          allowClear
          style={{ width: 210 }}
          popupMatchSelectWidth={false}
          value={status}
          onChange={(s) => setFilter({ status: s })}
          options={FINDING_STATUS_FILTERS.map((s) => ({
            value: s,
            label: FINDING_STATUS_FILTER_NAMES[s],
          }))}
        />
        <Checkbox
          checked={verifiedOnly ?? false}
          onChange={(e) => setFilter({ verifiedOnly: e.target.checked ? 'true' : undefined })}
        >
          只看依据已核实的标准（不含待核实）
        </Checkbox>
      </FilterBar>
      {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      <SummaryCards summary={summary} loading={list.isPending} verifiedOnly={verifiedOnly} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <GapChart
            region={filter.region}
            verifiedOnly={verifiedOnly}
            focus={region}
            level={childLevel}
            categories={
              category ? [category] : user.categories.length ? user.categories : CATEGORY_CODES
            }
            onSelect={(code) => {
              if (childLevel !== 'community') setFilter({ region: code });
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <GapMapCard
            areas={map.data?.areas ?? []}
            loading={map.isPending}
            focus={region}
            onOpenArea={(id) => void navigate(`/gap-analysis/areas/${id}`)}
          />
        </Col>
      </Row>
      <SummaryTable
        region={filter.region}
        verifiedOnly={verifiedOnly}
        category={category}
        defaultGroupBy={childLevel}
        onSelectRegion={(code) => setFilter({ region: code })}
        onSelectCategory={(c) => setFilter({ category: c })}
      />
      <Card
        title={`核算明细（${formatCount(list.data?.total ?? 0)} 项）`}
        style={{ marginTop: 16 }}
        extra={
          <Flex gap={8}>
            <BulkRaiseButton
              filter={{ region: filter.region, category, status, verifiedOnly }}
              gaps={
                status === 'met'
                  ? 0
                  : (summary?.byStatus.short ?? 0) + (summary?.byStatus.missing ?? 0)
              }
            />
            <ExportGapsButton filter={{ region: filter.region, category, status, verifiedOnly }} />
          </Flex>
        }
      >
        <FindingsTable
          findings={list.data?.items ?? []}
          paging={paging(list.data?.total ?? 0)}
          loading={list.isFetching}
        />
      </Card>
    </>
  );
}

function SummaryCards(props: {
  summary: GapSummary | undefined;
  loading: boolean;
  verifiedOnly: boolean | undefined;
}) {
  const s = props.summary;
  const cards: {
    key: string;
    title: string;
    value: number;
    suffix: string;
    color?: string;
    /** How many of the figure rest on 待核实 rules. */
    unverified?: number;
  }[] = [
    { key: 'areas', title: '核算小区', value: s?.areas ?? 0, suffix: '个' },
    { key: 'findings', title: '核算项', value: s?.findings ?? 0, suffix: '项' },
    {
      key: 'met',
      title: '达标',
      value: s?.byStatus.met ?? 0,
      suffix: '项',
      color: MAP_COLORS.met,
      unverified: s?.unverified?.met ?? 0,
    },
    {
      key: 'short',
      title: '不足',
      value: s?.byStatus.short ?? 0,
      suffix: '项',
      color: MAP_COLORS.short,
      unverified: s?.unverified?.short ?? 0,
    },
    {
      key: 'missing',
      title: '缺失',
      value: s?.byStatus.missing ?? 0,
      suffix: '项',
      color: MAP_COLORS.missing,
      unverified: s?.unverified?.missing ?? 0,
    },
    {
      key: 'unverified',
      title: '依据待核实',
      value: s?.unverifiedFindings ?? 0,
      suffix: '项',
      color: '#d48806',
    },
  ];
  return (
    <>
      <Row gutter={[16, 16]} data-testid="gap-summary">
        {cards.map((c) => (
          <Col key={c.key} xs={12} md={8} xl={4}>
            <Card size="small">
              <Statistic
                title={c.title}
                value={c.value}
                suffix={c.suffix}
                loading={props.loading}
                styles={c.color ? { content: { color: c.color } } : undefined}
              />
              {c.unverified !== undefined && !props.loading ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  其中依据待核实 {formatCount(c.unverified)} 项
                </Typography.Text>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
      {s?.evaluatedAt ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          核算时间：{formatDateTime(s.evaluatedAt)}（台账或标准修改后自动重新核算）
          {props.verifiedOnly
            ? '；已排除依据待核实标准的核算项'
            : s.findings > 0
              ? `；${Math.round((s.unverifiedFindings / s.findings) * 100)}% 的核算项依据待核实的标准，可勾选“只看依据已核实的标准”排除`
              : ''}
        </Typography.Text>
      ) : null}
    </>
  );
}

function GapChart(props: {
  region: string | undefined;
  verifiedOnly: boolean | undefined;
  focus: string | null;
  level: SummaryGroupBy;
  categories: readonly CategoryCode[];
  onSelect: (code: string) => void;
}) {
  const data = useGapSummaryByCategory(
    props.region,
    props.categories,
    props.level,
    props.verifiedOnly,
  );
  const regions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const rows of data.rows)
      for (const r of rows) if (!seen.has(r.code)) seen.set(r.code, r.name);
    return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [data.rows]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, itemGap: 12 },
      grid: { left: 48, right: 16, top: 48, bottom: regions.length > 8 ? 72 : 32 },
      xAxis: {
        type: 'category',
        data: regions.map(([, name]) => name),
        axisLabel: { interval: 0, rotate: regions.length > 8 ? 35 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: props.categories.map((c, i) => {
        const rows = new Map((data.rows[i] ?? []).map((r) => [r.code, r]));
        return {
          type: 'bar' as const,
          name: CATEGORY_SHORT_NAMES[c].replace(/设施$/, ''),
          itemStyle: { color: CATEGORY_COLORS[i % CATEGORY_COLORS.length] },
          data: regions.map(([code]) => rows.get(code)?.areasWithGaps ?? 0),
        };
      }),
    }),
    [data.rows, props.categories, regions],
  );

  return (
    <Card
      title={`各${GROUP_NAMES[props.level]}有缺口的小区数（按类别）`}
      extra={
        props.level !== 'community' ? (
          <Typography.Text type="secondary">点击柱条下钻</Typography.Text>
        ) : null
      }
    >
      {data.error ? (
        <Alert type="error" showIcon title="统计数据加载失败" />
      ) : !data.pending && regions.length === 0 ? (
        <div style={{ height: 380, display: 'grid', placeItems: 'center' }}>
          <EmptyState description="范围内尚无已核算的小区" />
        </div>
      ) : (
        <EChart
          option={option}
          height={380}
          label={`各${GROUP_NAMES[props.level]}有缺口的小区数量柱状图`}
          onClickCategory={(_, index) => {
            const code = regions[index]?.[0];
            if (code) props.onSelect(code);
          }}
        />
      )}
    </Card>
  );
}

function GapMapCard(props: {
  areas: GapMapArea[];
  loading: boolean;
  focus: string | null;
  onOpenArea: (id: number) => void;
}) {
  const [gapsOnly, setGapsOnly] = useState(true);
  const points = useMemo<MapPoint[]>(() => {
    // Worst last, so missing areas are drawn on top.
    const order: Record<FindingStatus, number> = { met: 0, short: 1, missing: 2 };
    return props.areas
      .filter((a) => !gapsOnly || a.worst !== 'met')
      .sort((a, b) => order[a.worst] - order[b.worst])
      .map((a) => {
        const lines = [`${a.name}：${FINDING_STATUS_NAMES[a.worst]}`];
        if (a.missingTypes.length)
          lines.push(`缺失：${a.missingTypes.map(nameFacilityType).join('、')}`);
        if (a.shortTypes.length)
          lines.push(`不足：${a.shortTypes.map(nameFacilityType).join('、')}`);
        return {
          id: a.id,
          lon: a.lon,
          lat: a.lat,
          label: lines.join('\n'),
          color: MAP_COLORS[a.worst],
          radius: 4,
        };
      });
  }, [props.areas, gapsOnly]);

  return (
    <Card
      title="小区缺口分布"
      styles={{ body: { padding: 12 } }}
      extra={
        <Checkbox checked={gapsOnly} onChange={(e) => setGapsOnly(e.target.checked)}>
          只显示有缺口的小区
        </Checkbox>
      }
    >
      <Flex vertical gap={8}>
        <MapLegend
          items={FINDING_STATUSES.map((s) => ({
            color: MAP_COLORS[s],
            label: `最差一项${FINDING_STATUS_NAMES[s]}`,
          }))}
          note="点击圆点查看小区缺口"
        />
        <RegionMap
          label="小区缺口地图"
          selectedCode={props.focus}
          points={points}
          fit="selected"
          height={380}
          onSelectPoint={(id) => props.onOpenArea(Number(id))}
        />
      </Flex>
    </Card>
  );
}

function SummaryTable(props: {
  region: string | undefined;
  verifiedOnly: boolean | undefined;
  category: CategoryCode | undefined;
  defaultGroupBy: SummaryGroupBy;
  onSelectRegion: (code: string) => void;
  onSelectCategory: (category: CategoryCode) => void;
}) {
  const [chosen, setChosen] = useState<SummaryGroupBy | null>(null);
  const groupBy = chosen ?? props.defaultGroupBy;
  const summary = useGapSummary({
    region: props.region,
    category: props.category,
    verifiedOnly: props.verifiedOnly,
    groupBy,
  });
  const options = (['district', 'street', 'community', 'category'] as const).map((g) => ({
    value: g,
    label: `按${GROUP_NAMES[g]}`,
  }));

  return (
    <Card
      title="缺口汇总"
      style={{ marginTop: 16 }}
      extra={<Segmented<SummaryGroupBy> value={groupBy} onChange={setChosen} options={options} />}
    >
      {summary.isError ? (
        <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <DataTable<SummaryRow>
          rowKey="code"
          size="small"
          loading={summary.isFetching}
          dataSource={summary.data?.rows ?? []}
          aria-label="缺口汇总"
          pageSize={20}
          columns={[
            {
              title: GROUP_NAMES[groupBy],
              key: 'name',
              render: (_, r) =>
                groupBy === 'category' ? (
                  <a
                    href={`?category=${r.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      props.onSelectCategory(r.code as CategoryCode);
                    }}
                  >
                    {r.name}
                  </a>
                ) : (
                  <a
                    href={`?region=${r.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      props.onSelectRegion(r.code);
                    }}
                  >
                    {r.name}
                  </a>
                ),
            },
            {
              title: '小区',
              key: 'areas',
              width: 90,
              align: 'right',
              render: (_, r) => formatCount(r.areas),
            },
            {
              title: '有缺口的小区',
              key: 'areasWithGaps',
              width: 150,
              align: 'right',
              render: (_, r) =>
                `${formatCount(r.areasWithGaps)}（${r.areas ? Math.round((r.areasWithGaps / r.areas) * 100) : 0}%）`,
            },
            {
              title: '达标项',
              key: 'met',
              width: 90,
              align: 'right',
              render: (_, r) => formatCount(r.met),
            },
            {
              title: '不足项',
              key: 'short',
              width: 90,
              align: 'right',
              render: (_, r) => (
                <span style={{ color: r.short ? MAP_COLORS.short : undefined }}>
                  {formatCount(r.short)}
                </span>
              ),
            },
            {
              title: '缺失项',
              key: 'missing',
              width: 90,
              align: 'right',
              render: (_, r) => (
                <span style={{ color: r.missing ? MAP_COLORS.missing : undefined }}>
                  {formatCount(r.missing)}
                </span>
              ),
            },
            {
              title: '其中依据待核实',
              key: 'unverified',
              width: 130,
              align: 'right',
              render: (_, r) =>
                `${formatCount(r.unverified)}（${r.met + r.short + r.missing ? Math.round((r.unverified / (r.met + r.short + r.missing)) * 100) : 0}%）`,
            },
          ]}
        />
      )}
    </Card>
  );
}

function FindingsTable(props: {
  findings: FindingRecord[];
  paging: ServerPaging;
  loading: boolean;
}) {
  const findingColumns = useFindingColumns({ type: 150, figures: 230, problem: 120 });
  return (
    <DataTable<FindingRecord>
      rowKey={(f) => `${f.residentialAreaId}:${f.ruleId}`}
      size="small"
      loading={props.loading}
      dataSource={props.findings}
      aria-label="核算明细"
      paging={props.paging}
      unit="项"
      columns={[
        {
          title: '小区',
          key: 'area',
          width: 180,
          render: (_, f) => (
            <Link to={`/gap-analysis/areas/${f.residentialAreaId}`}>{f.areaName}</Link>
          ),
        },
        ...findingColumns,
      ]}
    />
  );
}
