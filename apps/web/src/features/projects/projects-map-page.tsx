import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Card, Flex, Segmented, Select, Typography } from 'antd';
import { PROJECT_GATES, PROJECT_GATE_NAMES, type ProjectGate } from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { MapLegend } from '../../shared/map-legend.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionFilter } from '../../shared/list-filters.tsx';
import { RegionMap, type MapPoint } from '../../shared/region-map.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import {
  GATE_COLORS,
  STANDINGS,
  STANDING_COLORS,
  STANDING_NAMES,
  isDeveloperOnly,
  nameGateStatus,
  standingOf,
} from './project-format.ts';
import { useProjectMap } from './projects.api.ts';

type ColourBy = 'gate' | 'status';
const FILTER_KEYS = ['region', 'gate'] as const;

/** 项目地图: every project in scope at its site, coloured by its current gate or how it stands there. */
export function ProjectsMapPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { filter, setFilter } = useSearchFilter(FILTER_KEYS);
  const gate = filter.gate as ProjectGate | undefined;
  const [colourBy, setColourBy] = useState<ColourBy>('gate');
  const map = useProjectMap({ region: filter.region, gate });
  const projects = useMemo(() => map.data ?? [], [map.data]);

  const points = useMemo<MapPoint[]>(
    () =>
      projects.map((p) => ({
        id: p.id,
        lon: p.lon,
        lat: p.lat,
        label: `${p.name}\n${PROJECT_GATE_NAMES[p.currentGate]}：${nameGateStatus(p.currentGate, p.currentGateStatus)}\n${p.households} 户`,
        color:
          colourBy === 'gate'
            ? GATE_COLORS[p.currentGate]
            : STANDING_COLORS[standingOf(p.currentGate, p.currentGateStatus)],
        radius: 8,
      })),
    [projects, colourBy],
  );

  // Only what is on the map goes in the legend.
  const legend =
    colourBy === 'gate'
      ? PROJECT_GATES.filter((g) => projects.some((p) => p.currentGate === g)).map((g) => ({
          color: GATE_COLORS[g],
          label: `${PROJECT_GATE_NAMES[g]}（${projects.filter((p) => p.currentGate === g).length}）`,
        }))
      : STANDINGS.map((st) => ({
          standing: st,
          n: projects.filter((p) => standingOf(p.currentGate, p.currentGateStatus) === st).length,
        }))
          .filter((x) => x.n > 0)
          .map((x) => ({
            color: STANDING_COLORS[x.standing],
            label: `${STANDING_NAMES[x.standing]}（${x.n}）`,
          }));

  return (
    <>
      <PageHeader
        title="项目地图"
        subtitle="新建居住区项目的位置及其所处关口；退回的项目以红色标出。点击圆点打开项目。"
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label="筛选项目">
        {isDeveloperOnly(user) ? null : (
          <RegionFilter
            rootCode={user.regionCode}
            value={filter.region}
            onChange={(region) => setFilter({ region })}
            deepestLevel="street"
          />
        )}
        <Select<ProjectGate>
          aria-label="当前关口"
          placeholder="当前关口（全部）"
          allowClear
          style={{ width: 220 }}
          value={gate}
          onChange={(g) => setFilter({ gate: g })}
          options={PROJECT_GATES.map((g) => ({ value: g, label: PROJECT_GATE_NAMES[g] }))}
        />
        <Segmented<ColourBy>
          value={colourBy}
          onChange={setColourBy}
          options={[
            { value: 'gate', label: '按所处关口着色' },
            { value: 'status', label: '按审查状态着色' },
          ]}
        />
      </Flex>
      {map.isError ? <ErrorState error={map.error} onRetry={() => void map.refetch()} /> : null}
      <Card styles={{ body: { padding: 12 } }}>
        <Flex vertical gap={8}>
          <Flex justify="space-between" wrap gap={8}>
            <MapLegend items={legend} note="点击圆点打开项目" />
            <Typography.Text type="secondary">共 {projects.length} 个项目</Typography.Text>
          </Flex>
          <RegionMap
            label="新建项目地图"
            selectedCode={filter.region ?? null}
            onSelectRegion={(code) => setFilter({ region: code })}
            points={points}
            fit={filter.region ? 'selected' : 'city'}
            height={600}
            onSelectPoint={(id) => void navigate(`/projects/${id}`)}
          />
        </Flex>
      </Card>
    </>
  );
}
