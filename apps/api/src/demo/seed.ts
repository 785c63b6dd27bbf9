import { sql } from 'drizzle-orm';
import { categoryOfFacilityType, type FacilityTypeCode } from '@zibo/shared';
import type { Db } from '../platform/db/client.ts';
import { recordAudit } from '../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { bumpRevision } from '../platform/revisions.ts';
import { facilities, facilityAreas, residentialAreas } from '../modules/ledger/index.ts';
import { generateZiboDemo } from './generator.ts';

const BATCH = 1_000;

/**
 * Fills an empty ledger with the deterministic demo dataset (every name marked （演示）), in one
 * transaction with one audit event. Does nothing when the ledger already holds areas.
 */
export async function seedDemoLedger(db: Db): Promise<{ areas: number; facilities: number }> {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(residentialAreas);
  if (n > 0) return { areas: 0, facilities: 0 };
  const data = generateZiboDemo();
  await db.transaction(async (tx) => {
    for (let i = 0; i < data.areas.length; i += BATCH) {
      await tx.insert(residentialAreas).values(
        data.areas.slice(i, i + BATCH).map((a) => ({
          id: a.id,
          regionCode: a.regionCode,
          name: a.name,
          address: a.address,
          lon: a.lon,
          lat: a.lat,
          households: a.households,
          population: a.population,
          buildYear: a.buildYear,
          kind: a.kind,
        })),
      );
    }
    const regionOf = new Map(data.areas.map((a) => [a.id, a.regionCode]));
    for (let i = 0; i < data.facilities.length; i += BATCH) {
      const batch = data.facilities.slice(i, i + BATCH);
      await tx
        .insert(facilities)
        .values(batch.map((f) => facilityInsert(f, regionOf.get(f.residentialAreaIds[0]!)!)));
      const links = batch.flatMap((f) =>
        f.residentialAreaIds.map((areaId) => ({ facilityId: f.id, residentialAreaId: areaId })),
      );
      for (let j = 0; j < links.length; j += BATCH * 4)
        await tx.insert(facilityAreas).values(links.slice(j, j + BATCH * 4));
    }
    // Explicit ids were inserted: move the sequences past them.
    await tx.execute(
      sql`select setval('residential_areas_id_seq', (select max(id) from residential_areas))`,
    );
    await tx.execute(sql`select setval('facilities_id_seq', (select max(id) from facilities))`);
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'demo.seed_ledger',
      entity: 'ledger',
      after: { areas: data.areas.length, facilities: data.facilities.length },
    });
  });
  return { areas: data.areas.length, facilities: data.facilities.length };
}

type FacilityInsert = typeof facilities.$inferInsert;
type Stage<K extends keyof FacilityInsert> = {
  status: FacilityInsert[K];
  note?: string | null;
};

/** A generated facility (demo or benchmark data) as a `facilities` row in `regionCode`. */
export function facilityInsert(
  f: Pick<
    FacilityInsert,
    'name' | 'floorArea' | 'siteArea' | 'lon' | 'lat' | 'ownership' | 'operator'
  > & {
    id: number;
    type: FacilityTypeCode;
    stages: {
      planning: Stage<'planningStatus'>;
      construction: Stage<'constructionStatus'>;
      handover: Stage<'handoverStatus'>;
      use: Stage<'useStatus'>;
    };
  },
  regionCode: string,
): FacilityInsert {
  return {
    id: f.id,
    regionCode,
    type: f.type,
    category: categoryOfFacilityType(f.type),
    name: f.name,
    floorArea: f.floorArea,
    siteArea: f.siteArea,
    lon: f.lon,
    lat: f.lat,
    ownership: f.ownership,
    operator: f.operator,
    planningStatus: f.stages.planning.status,
    planningNote: f.stages.planning.note ?? null,
    constructionStatus: f.stages.construction.status,
    constructionNote: f.stages.construction.note ?? null,
    handoverStatus: f.stages.handover.status,
    handoverNote: f.stages.handover.note ?? null,
    useStatus: f.stages.use.status,
    useNote: f.stages.use.note ?? null,
  };
}
