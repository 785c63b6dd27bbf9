import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import {
  DEPARTMENT_KINDS,
  DEPARTMENT_KIND_NAMES,
  categoriesLedBy,
  type DepartmentKind,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { geometryToWgs84, toWgs84 } from '../../platform/geo.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { currentCity } from '../../platform/city.ts';
import { departments, regions, settings, zones } from './org.tables.ts';

/** The city the platform serves (CITY_CODE), read from its reference folder's city.json. */
export const CITY = {
  get code(): string {
    return currentCity().code;
  },
  get name(): string {
    return currentCity().name;
  },
};

/** The city's functional zones (city.json); the streets each manages are set by an admin. */
export function cityZones(): readonly { code: string; name: string }[] {
  return currentCity().zones;
}

type RegionRow = typeof regions.$inferInsert;

function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

type PointFeature = { properties: { code: string }; geometry: { coordinates: [number, number] } };
type PolygonFeature = {
  properties: { code: string; center: [number, number] };
  geometry: { type: string; coordinates: unknown };
};

/**
 * Reads the city's divisions, points and district outlines from its reference folder (city.json
 * names the files and their coordinate system), converting coordinates to WGS-84.
 */
export function readRegions(): RegionRow[] {
  const city = currentCity();
  const file = (name: string) => fs.readFileSync(path.join(city.dir, name), 'utf8');
  const system = city.files.coordSystem;
  const [header, ...rows] = parseCsv(file(city.files.divisions));
  if (header?.join(',') !== 'code,name,level,parent_code,kind') {
    throw new Error(`${city.files.divisions}: unexpected header`);
  }
  const points = new Map<string, [number, number]>();
  for (const name of city.files.points) {
    const fc = JSON.parse(file(name)) as { features: PointFeature[] };
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      points.set(f.properties.code, toWgs84(lon, lat, system));
    }
  }
  const outlines = new Map<string, { center: [number, number]; outline: unknown }>();
  const districts = city.files.districtOutlines
    ? (JSON.parse(file(city.files.districtOutlines)) as { features: PolygonFeature[] })
    : { features: [] };
  for (const f of districts.features) {
    const [lon, lat] = f.properties.center;
    outlines.set(f.properties.code, {
      center: toWgs84(lon, lat, system),
      outline: geometryToWgs84(f.geometry, system),
    });
  }
  const out: RegionRow[] = [
    {
      code: CITY.code,
      name: CITY.name,
      level: 'city',
      parentCode: null,
      kind: '地级市',
      lon: null,
      lat: null,
    },
  ];
  for (const r of rows) {
    const [code, name, level, parentCode, kind] = r as [
      string,
      string,
      RegionRow['level'],
      string,
      string,
    ];
    const geo = outlines.get(code);
    const point = geo?.center ?? points.get(code) ?? null;
    out.push({
      code,
      name,
      level,
      parentCode,
      kind,
      lon: point?.[0] ?? null,
      lat: point?.[1] ?? null,
      outline: geo?.outline ?? null,
    });
  }
  return out;
}

/** City departments and their counterparts in every district, each with the categories it leads. */
export function buildDepartments(districtRows: { code: string; name: string }[]) {
  const rows: (typeof departments.$inferInsert)[] = [];
  const add = (
    regionCode: string,
    prefix: string,
    level: 'city' | 'district',
    kind: DepartmentKind,
  ) =>
    rows.push({
      code: departmentCode(regionCode, kind),
      name: `${prefix}${DEPARTMENT_KIND_NAMES[kind]}`,
      kind,
      level,
      regionCode,
      categories: categoriesLedBy(kind),
    });
  for (const kind of DEPARTMENT_KINDS) add(CITY.code, CITY.name, 'city', kind);
  for (const d of districtRows)
    for (const kind of DEPARTMENT_KINDS) add(d.code, d.name, 'district', kind);
  return rows;
}

export function departmentCode(regionCode: string, kind: DepartmentKind): string {
  return `${regionCode}-${kind}`;
}

/** Administrator-editable settings and their initial values. */
export const DEFAULT_SETTINGS = {
  // Used only where an area's population is unknown; 3.2 is the planning convention the
  // standards catalogue notes (standards.md, observation 4) — a city sets its own figure.
  personsPerHousehold: 3.2,
  // Working days a department has to give its opinion at a joint review.
  opinionDeadlineWorkdays: 5,
  // P13: working days to triage a resident's feedback, and days after it ends to erase contacts.
  feedbackTriageWorkdays: 3,
  feedbackContactRetentionDays: 180,
  // Account hygiene (等保 8.1.4.1 b, issue 11): a password is changed after this many days; an
  // account not signed in for this many days is locked until an administrator unlocks it.
  passwordMaxAgeDays: 90,
  inactiveLockDays: 90,
  // Second factor for every staff account, not only the three administrators (8.1.4.1 d).
  mfaRequiredForAll: false,
};

/**
 * Loads the reference data on an empty database: regions, departments, zones, settings.
 * Idempotent: does nothing when the regions are already there.
 */
export async function loadReferenceData(db: Db): Promise<{ loaded: boolean; regions: number }> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(regions);
  if (n > 0) return { loaded: false, regions: n };
  const rows = readRegions();
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx.insert(regions).values(rows.slice(i, i + 500));
    const deps = buildDepartments(rows.filter((r) => r.level === 'district'));
    await tx.insert(departments).values(deps);
    const cityZoneList = cityZones();
    if (cityZoneList.length > 0)
      await tx.insert(zones).values(cityZoneList.map((z, i) => ({ ...z, sortOrder: i + 1 })));
    await tx
      .insert(settings)
      .values(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })));
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'reference.load',
      entity: 'reference',
      after: { regions: rows.length, departments: deps.length, zones: cityZoneList.length },
    });
  });
  return { loaded: true, regions: rows.length };
}
