import { eq, sql } from 'drizzle-orm';
import type { Facility, ResidentialArea } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import { ruleViolation } from '../../platform/http/errors.ts';
import { facilities, residentialAreas } from './ledger.tables.ts';
import {
  assertUnlocked,
  emitLedgerChange,
  findArea,
  findFacility,
  lockArea,
  lockFacility,
} from './ledger.service.ts';

/**
 * Issue 11: a ledger record that must go is archived with a reason instead of erased. It keeps
 * its id, its problems and its audit trail, is still found by id (history), and leaves the lists,
 * the map, exports and the gap analysis. DELETE keeps its contract and its refusals.
 */
export async function archiveArea(input: {
  db: Db;
  actor: Actor;
  id: number;
  reason: string;
  version?: number | undefined;
}): Promise<ResidentialArea> {
  const { db, actor, id, reason } = input;
  await db.transaction(async (tx) => {
    const row = await lockArea(tx, actor, id, input.version, '小区已归档');
    await assertUnlocked(tx, [row.regionCode]);
    // A facility must keep serving an area in the ledger: archive those serving only this one first.
    const alone = await tx
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(
        sql`${facilities.archivedAt} is null
          and exists (select 1 from facility_areas fa where fa.facility_id = ${facilities.id} and fa.residential_area_id = ${id})
          and not exists (select 1 from facility_areas o join residential_areas a on a.id = o.residential_area_id
            where o.facility_id = ${facilities.id} and o.residential_area_id <> ${id} and a.archived_at is null)`,
      );
    if (alone.length > 0) {
      throw ruleViolation(
        `小区有 ${alone.length} 个仅服务本小区的设施，请先归档或改挂这些设施`,
        alone,
      );
    }
    await tx
      .update(residentialAreas)
      .set({
        archivedAt: new Date(),
        archiveReason: reason,
        archivedBy: actor.id,
        updatedAt: new Date(),
        updatedBy: actor.id,
        version: row.version + 1,
      })
      .where(eq(residentialAreas.id, id));
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'area.archive',
      entity: 'residential_area',
      entityId: id,
      before: { name: row.name, regionCode: row.regionCode, households: row.households },
      after: { archived: true, reason },
    });
  });
  emitLedgerChange(db, 'area', [id]);
  return findArea(db, actor, id);
}

/** Archives a facility with a reason (issue 11); see `archiveArea`. */
export async function archiveFacility(input: {
  db: Db;
  actor: Actor;
  id: number;
  reason: string;
  version?: number | undefined;
}): Promise<Facility> {
  const { db, actor, id, reason } = input;
  await db.transaction(async (tx) => {
    const { row, areaIds } = await lockFacility(tx, actor, id, input.version, '设施已归档');
    await assertUnlocked(tx, [row.regionCode]);
    await tx
      .update(facilities)
      .set({
        archivedAt: new Date(),
        archiveReason: reason,
        archivedBy: actor.id,
        updatedAt: new Date(),
        updatedBy: actor.id,
        version: row.version + 1,
      })
      .where(eq(facilities.id, id));
    await bumpRevision(tx, 'ledger');
    await recordAudit(tx, {
      actor,
      action: 'facility.archive',
      entity: 'facility',
      entityId: id,
      before: { name: row.name, type: row.type, residentialAreaIds: areaIds },
      after: { archived: true, reason },
    });
  });
  emitLedgerChange(db, 'facility', [id]);
  return findFacility(db, actor, id);
}
