import { FACILITY_TYPE_NAMES, STAGE_STATUS_NAMES, type FacilityTypeCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { raiseProblem } from './problems.service.ts';

/** Use-stage statuses that mean a facility does not serve its purpose (P10). */
export const MISUSE_STATUSES: readonly string[] = ['idle', 'repurposed', 'occupied'];

/**
 * P10 使用监管 from the ledger: a facility whose use status becomes idle, repurposed or occupied
 * raises a use-stage problem for its lead department, through the same idempotent path as gap
 * findings (one open problem per facility, however often the status changes). Runs in the
 * ledger's transaction.
 */
export async function raiseUseProblem(
  tx: Db,
  actor: Actor,
  facility: {
    id: number;
    name: string;
    type: string;
    regionCode: string;
    useStatus: string | null;
    residentialAreaId: number | null;
  },
): Promise<{ id: number; created: boolean } | null> {
  if (!facility.useStatus || !MISUSE_STATUSES.includes(facility.useStatus)) return null;
  const type = facility.type as FacilityTypeCode;
  const typeName = FACILITY_TYPE_NAMES[type];
  const useName = STAGE_STATUS_NAMES[facility.useStatus] ?? facility.useStatus;
  return raiseProblem(tx, actor, {
    regionCode: facility.regionCode,
    residentialAreaId: facility.residentialAreaId,
    facilityType: type,
    facilityId: facility.id,
    stage: 'use',
    source: 'inspection',
    title: `${facility.name}${useName}`,
    description: `台账记录${typeName}“${facility.name}”使用状态为${useName}，未按规划用途使用。`,
    findingKey: `facility:${facility.id}:use`,
  });
}
