import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Card, Checkbox, Flex, Statistic, Typography } from 'antd';
import {
  STAGES,
  STAGE_NAMES,
  STAGE_STATUS_NAMES,
  type CategoryCode,
  type FacilityTypeCode,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { MAP_COLORS, nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { MapLegend } from '../../shared/map-legend.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { CategoryTypeFilters, RegionFilter } from '../../shared/list-filters.tsx';
import {
  RegionMap,
  type MapCluster,
  type MapPoint,
  type MapView,
} from '../../shared/region-map.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import {
  useLedgerMapView,
  type LedgerMap,
  type LedgerMapView,
  type MapFacilityStatus,
  type MapViewport,
} from './ledger.api.ts';
import { PlannedSitesCard } from './planned-sites-card.tsx';
import { formatCount } from '../../shared/format.ts';

const FILTER_KEYS = ['region', 'category', 'type'] as const;

const STATUS_LABELS: Record<MapFacilityStatus, string> = {
  ok: '设施：正常',
  in_progress: '设施：在建或待移交',
  problem: '设施：存在问题',
};

function describeStatuses(statuses: Record<string, string | null>): string {
  return STAGES.map((s) => {
    const status = statuses[s];
    return `${STAGE_NAMES[s]}：${status ? (STAGE_STATUS_NAMES[status] ?? status) : '未填报'}`;
  }).join('，');
}

/** A pan or zoom loads the new view this long after the map stops moving. */
const VIEW_DEBOUNCE_MS = 200;

/** Clusters as map circles: red when they hold a facility with a problem. */
function buildClusters(
  data: LedgerMapView | undefined,
  show: { areas: boolean; facilities: boolean },
) {
  if (!data) return [];
  const out: MapCluster[] = [];
  for (const c of data.clusters) {
    const areas = show.areas ? c.areas : 0;
    const facilities = show.facilities ? c.facilities : 0;
    if (areas + facilities === 0) continue;
    const problem = show.facilities ? c.problem : 0;
    const lines = [`小区 ${areas} 个、设施 ${facilities} 处`];
    if (problem > 0) lines.push(`其中存在问题的设施 ${problem} 处`);
    lines.push('点击放大查看');
    out.push({
      id: c.id,
      lon: c.lon,
      lat: c.lat,
      count: areas + facilities,
      label: lines.join('\n'),
      color: problem > 0 ? MAP_COLORS.problem : MAP_COLORS.area,
      expansionZoom: c.expansionZoom,
    });
  }
  return out;
}

/** Areas and facilities as map points: facilities coloured by their stage statuses. */
function buildPoints(data: LedgerMap | undefined, show: { areas: boolean; facilities: boolean }) {
  if (!data) return [];
  const points: MapPoint[] = [];
  // A whole city (10⁴ points) in big dots is one red blot: smaller dots when there are many.
  const total =
    (show.areas ? data.areas.length : 0) + (show.facilities ? data.facilities.length : 0);
  const small = total > 3000;
  if (show.areas) {
    for (const a of data.areas) {
      points.push({
        id: `area:${a.id}`,
        lon: a.lon,
        lat: a.lat,
        label: `小区：${a.name}（${a.households} 户）`,
        color: MAP_COLORS.area,
        radius: small ? 2.5 : 4,
      });
    }
  }
  if (show.facilities) {
    // Problems last, so they are drawn on top and not hidden under ordinary points.
    const order: Record<MapFacilityStatus, number> = { ok: 0, in_progress: 1, problem: 2 };
    const sorted = [...data.facilities].sort((a, b) => order[a.status] - order[b.status]);
    for (const f of sorted) {
      points.push({
        id: `facility:${f.id}`,
        lon: f.lon,
        lat: f.lat,
        label: `${nameFacilityType(f.type)}：${f.name}\n${describeStatuses(f.statuses)}`,
        color: MAP_COLORS[f.status],
        radius: small ? 3 : 5,
      });
    }
  }
  return points;
}

/** P3: the ledger on the map, over the real district outlines, facilities coloured by status. */
export function LedgerMapPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { filter, setFilter } = useSearchFilter(FILTER_KEYS);
  const category = filter.category as CategoryCode | undefined;
  // P3 by view: the server answers the clusters and points of what the map shows, on each pan.
  const [view, setView] = useState<MapViewport | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onViewChange = useCallback((next: MapView) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setView(next), VIEW_DEBOUNCE_MS);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const map = useLedgerMapView(
    { region: filter.region, category, type: filter.type as FacilityTypeCode | undefined },
    view,
  );
  const [show, setShow] = useState({ areas: true, facilities: true });
  const points = useMemo(() => buildPoints(map.data, show), [map.data, show]);
  const clusters = useMemo(() => buildClusters(map.data, show), [map.data, show]);
  const totals = map.data?.totals;
  const loading = map.isPending || view === null;
  const focus =
    filter.region ?? (user.regionCode && user.regionCode.length >= 6 ? user.regionCode : null);

  return (
    <>
      <PageHeader
        title="台账地图"
        subtitle="小区和配套设施的分布；设施任一阶段存在问题（未规划、未建、拒不移交、闲置、挪用、被占用等）显示为红色。"
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label="筛选地图">
        <RegionFilter
          rootCode={user.regionCode}
          value={filter.region}
          onChange={(region) => setFilter({ region })}
        />
        <CategoryTypeFilters
          within={user.categories}
          category={category}
          type={filter.type as FacilityTypeCode | undefined}
          onChange={(next) => setFilter({ category: next.category, type: next.type })}
        />
        <Checkbox
          checked={show.areas}
          onChange={(e) => setShow((s) => ({ ...s, areas: e.target.checked }))}
        >
          显示小区
        </Checkbox>
        <Checkbox
          checked={show.facilities}
          onChange={(e) => setShow((s) => ({ ...s, facilities: e.target.checked }))}
        >
          显示设施
        </Checkbox>
      </Flex>
      {map.isError ? <ErrorState error={map.error} onRetry={() => void map.refetch()} /> : null}
      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        <Card size="small" style={{ minWidth: 150 }}>
          <Statistic title="已定位小区" value={totals?.areas ?? 0} suffix="个" loading={loading} />
        </Card>
        <Card size="small" style={{ minWidth: 150 }}>
          <Statistic
            title="已定位设施"
            value={totals?.facilities ?? 0}
            suffix="处"
            loading={loading}
          />
        </Card>
        <Card size="small" style={{ minWidth: 150 }}>
          <Statistic
            title="存在问题的设施"
            value={totals?.problem ?? 0}
            suffix="处"
            styles={{ content: { color: MAP_COLORS.problem } }}
            loading={loading}
          />
        </Card>
        <Card size="small" style={{ minWidth: 150 }}>
          <Statistic
            title="在建或待移交"
            value={totals?.inProgress ?? 0}
            suffix="处"
            styles={{ content: { color: MAP_COLORS.in_progress } }}
            loading={loading}
          />
        </Card>
      </Flex>
      <Card styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={8}>
          <MapLegend
            items={[
              { color: MAP_COLORS.area, label: '小区' },
              ...(['ok', 'in_progress', 'problem'] as const).map((s) => ({
                color: MAP_COLORS[s],
                label: STATUS_LABELS[s],
              })),
            ]}
            note="未填坐标的小区和设施不在图上显示；点击圆点查看详情，点击带数字的点簇放大。"
          />
          <RegionMap
            label="台账地图"
            selectedCode={focus}
            points={points}
            clusters={clusters}
            onViewChange={onViewChange}
            fit="selected"
            height={640}
            onSelectPoint={(id) => {
              const [kind, key] = String(id).split(':');
              void navigate(kind === 'area' ? `/ledger/areas/${key}` : `/ledger/facilities/${key}`);
            }}
          />
          <Typography.Text type="secondary" aria-live="polite">
            {loading || !totals
              ? '正在加载地图数据…'
              : `共 ${formatCount(totals.areas)} 个小区、${formatCount(totals.facilities)} 处设施${map.isFetching ? '（正在更新视野…）' : '。'}`}
          </Typography.Text>
        </Flex>
      </Card>
      <PlannedSitesCard region={filter.region} />
    </>
  );
}
