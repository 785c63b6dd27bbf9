import { and, eq, sql } from 'drizzle-orm';
import type { CategoryCode, Facility, ResidentialArea } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeCategory, canSeeRegion } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import {
  conflict,
  invalidTransition,
  notFound,
  ruleViolation,
} from '../../platform/http/errors.ts';
import { facilities, facilityAreas, residentialAreas } from './ledger.tables.ts';
import { assertUnlocked, emitLedgerChange, findArea, findFacility } from './ledger.service.ts';

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
    const [row] = await tx
      .select()
      .from(residentialAreas)
      .where(eq(residentialAreas.id, id))
      .for('update');
    if (!row || !canSeeRegion(actor, row.regionCode)) throw notFound('小区');
    if (row.archivedAt) throw invalidTransition('小区已归档');
    if (input.version !== undefined && row.version !== input.version) throw conflict();
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
    const [row] = await tx.select().from(facilities).where(eq(facilities.id, id)).for('update');
    if (
      !row ||
      !canSeeRegion(actor, row.regionCode) ||
      !canSeeCategory(actor, row.category as CategoryCode)
    )
      throw notFound('设施');
    if (row.archivedAt) throw invalidTransition('设施已归档');
    if (input.version !== undefined && row.version !== input.version) throw conflict();
    await assertUnlocked(tx, [row.regionCode]);
    const served = await tx
      .select({ id: facilityAreas.residentialAreaId })
      .from(facilityAreas)
      .where(and(eq(facilityAreas.facilityId, id)));
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
      before: { name: row.name, type: row.type, residentialAreaIds: served.map((s) => s.id) },
      after: { archived: true, reason },
    });
  });
  emitLedgerChange(db, 'facility', [id]);
  return findFacility(db, actor, id);
}
