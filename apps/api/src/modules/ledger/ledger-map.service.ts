import { and, isNotNull } from 'drizzle-orm';
import Supercluster from 'supercluster';
import { PROBLEM_STATUSES } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { KeptAnswers } from '../../platform/kept-answers.ts';
import { currentRevisions } from '../../platform/revisions.ts';
import { facilities, residentialAreas } from './ledger.tables.ts';
import { areaWhere, facilityWhere, type FacilityFilter } from './ledger.repo.ts';

const IN_PROGRESS = new Set(['under_construction', 'pending', 'not_due']);

/** A facility's colour on the ledger map: any problem status wins, then work under way. */
export function facilityMapStatus(statuses: (string | null)[]): 'ok' | 'problem' | 'in_progress' {
  if (statuses.some((s) => s !== null && PROBLEM_STATUSES.has(s))) return 'problem';
  if (statuses.some((s) => s !== null && IN_PROGRESS.has(s))) return 'in_progress';
  return 'ok';
}

/** Every located area and facility of the actor's scope, compact, for the ledger map. */
export async function findLedgerMap(input: { db: Db; actor: Actor; filter: FacilityFilter }) {
  const { db, actor, filter } = input;
  const areas = await db
    .select({
      id: residentialAreas.id,
      name: residentialAreas.name,
      lon: residentialAreas.lon,
      lat: residentialAreas.lat,
      households: residentialAreas.households,
      kind: residentialAreas.kind,
      regionCode: residentialAreas.regionCode,
    })
    .from(residentialAreas)
    .where(and(areaWhere(actor, { region: filter.region }), isNotNull(residentialAreas.lon)));
  const rows = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      type: facilities.type,
      category: facilities.category,
      lon: facilities.lon,
      lat: facilities.lat,
      planning: facilities.planningStatus,
      construction: facilities.constructionStatus,
      handover: facilities.handoverStatus,
      use: facilities.useStatus,
    })
    .from(facilities)
    .where(and(facilityWhere(actor, filter), isNotNull(facilities.lon)));
  return {
    areas: areas.map((a) => ({ ...a, lon: a.lon!, lat: a.lat! })),
    facilities: rows.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      category: f.category,
      lon: f.lon!,
      lat: f.lat!,
      status: facilityMapStatus([f.planning, f.construction, f.handover, f.use]),
      statuses: {
        planning: f.planning,
        construction: f.construction,
        handover: f.handover,
        use: f.use,
      },
    })),
  };
}

/** A box of the map, WGS-84 degrees: west, south, east, north. */
export type MapBox = [number, number, number, number];

type MapArea = Awaited<ReturnType<typeof findLedgerMap>>['areas'][number];
type MapFacility = Awaited<ReturnType<typeof findLedgerMap>>['facilities'][number];
/** Per point: 0 area, 1 facility; its index in that array. Per cluster: the counts it holds. */
type PointProps = { k: 0 | 1; i: number };
type ClusterCounts = { a: number; f: number; p: number; g: number };

type ScopeIndex = {
  revision: number;
  index: Supercluster<PointProps, ClusterCounts>;
  areas: MapArea[];
  facilities: MapFacility[];
  totals: { areas: number; facilities: number; problem: number; inProgress: number };
};

/** Clustering radius in pixels (of a 256 px tile) and the last zoom at which points cluster. */
const CLUSTER_RADIUS = 60;
const CLUSTER_MAX_ZOOM = 16;
/** Scopes (account scope × filter) kept per database; the oldest is dropped past this. */
const KEPT_SCOPES = 32;
const kept = new WeakMap<Db, KeptAnswers<ScopeIndex>>();

/**
 * The cluster index of one scope, kept with the ledger revision it was built at: any ledger write
 * (here or in another process) bumps the revision, and the next map request rebuilds it once.
 */
async function scopeIndex(db: Db, actor: Actor, filter: FacilityFilter): Promise<ScopeIndex> {
  const revision = (await currentRevisions(db)).ledger;
  const key = [
    actor.regionCode ?? '',
    actor.categories.join(','),
    filter.region ?? '',
    filter.category ?? '',
    filter.type ?? '',
  ].join('|');
  let byKey = kept.get(db);
  if (!byKey) kept.set(db, (byKey = new KeptAnswers<ScopeIndex>(KEPT_SCOPES, { shared: false })));
  return byKey.get(key, revision, () => buildScopeIndex(db, actor, filter, revision));
}

async function buildScopeIndex(
  db: Db,
  actor: Actor,
  filter: FacilityFilter,
  revision: number,
): Promise<ScopeIndex> {
  const { areas, facilities: facilityRows } = await findLedgerMap({ db, actor, filter });
  const index = new Supercluster<PointProps, ClusterCounts>({
    radius: CLUSTER_RADIUS,
    maxZoom: CLUSTER_MAX_ZOOM,
    map: (p) => ({
      a: p.k === 0 ? 1 : 0,
      f: p.k === 1 ? 1 : 0,
      p: p.k === 1 && facilityRows[p.i]!.status === 'problem' ? 1 : 0,
      g: p.k === 1 && facilityRows[p.i]!.status === 'in_progress' ? 1 : 0,
    }),
    reduce: (acc, p) => {
      acc.a += p.a;
      acc.f += p.f;
      acc.p += p.p;
      acc.g += p.g;
    },
  });
  const point = (lon: number, lat: number, k: 0 | 1, i: number) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: [lon, lat] },
    properties: { k, i },
  });
  index.load([
    ...areas.map((a, i) => point(a.lon, a.lat, 0, i)),
    ...facilityRows.map((f, i) => point(f.lon, f.lat, 1, i)),
  ]);
  let problem = 0;
  let inProgress = 0;
  for (const f of facilityRows) {
    if (f.status === 'problem') problem++;
    else if (f.status === 'in_progress') inProgress++;
  }
  return {
    revision,
    index,
    areas,
    facilities: facilityRows,
    totals: { areas: areas.length, facilities: facilityRows.length, problem, inProgress },
  };
}

/** The widest view clustered as asked, in pixels: a screen and some. */
const MAX_VIEW_PX = 1280;

/**
 * The deepest zoom at which the box still fits in MAX_VIEW_PX (Web Mercator). A box far larger
 * than any screen at the zoom asked (a city at street zoom) is clustered at this zoom instead:
 * clustered points are at least CLUSTER_RADIUS px apart, so an answer stays bounded (≤ 200 KB).
 */
function fitZoom([west, south, east, north]: MapBox): number {
  const y = (lat: number) => {
    const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  };
  const span = Math.max((east - west) / 360, y(south) - y(north), 1e-12) * 256;
  return Math.max(0, Math.floor(Math.log2(MAX_VIEW_PX / span)));
}

/**
 * The ledger map for one view (P3): clusters with their counts where points lie close together
 * at this zoom, single areas and facilities elsewhere, only inside the box — so an answer stays
 * small (well under 200 KB) at any zoom, whatever the size of the ledger. `totals` counts the
 * whole scope, not the view.
 */
export async function findLedgerMapView(input: {
  db: Db;
  actor: Actor;
  filter: FacilityFilter;
  bbox: MapBox;
  zoom: number;
}) {
  const scope = await scopeIndex(input.db, input.actor, input.filter);
  const [west, south, east, north] = input.bbox;
  const features = scope.index.getClusters(
    [west, south, east, north],
    Math.min(Math.floor(input.zoom), fitZoom(input.bbox)),
  );
  const areas: MapArea[] = [];
  const facilityItems: MapFacility[] = [];
  const clusters = [];
  for (const feature of features) {
    const [lon, lat] = feature.geometry.coordinates as [number, number];
    const props = feature.properties;
    if ('cluster' in props && props.cluster) {
      clusters.push({
        id: props.cluster_id,
        lon,
        lat,
        count: props.point_count,
        areas: props.a,
        facilities: props.f,
        problem: props.p,
        inProgress: props.g,
        expansionZoom: Math.min(scope.index.getClusterExpansionZoom(props.cluster_id), 18),
      });
    } else {
      const p = props as PointProps;
      if (p.k === 0) areas.push(scope.areas[p.i]!);
      else facilityItems.push(scope.facilities[p.i]!);
    }
  }
  return { areas, facilities: facilityItems, clusters, totals: scope.totals };
}
