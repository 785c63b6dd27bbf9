import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { conflict, notFound, validationFailed } from '../../platform/http/errors.ts';
import { regions, zoneStreets, zones } from './org.tables.ts';
import { findZones } from './org.repo.ts';

/** Sets which streets a zone (功能区) manages; an administrator's decision, audited. */
export async function setZoneStreets(input: {
  db: Db;
  actor: Actor;
  zoneCode: string;
  streetCodes: string[];
  version: number;
}) {
  const { db, actor, zoneCode, version } = input;
  const streetCodes = [...new Set(input.streetCodes)].sort();
  return db.transaction(async (tx) => {
    const [zone] = await tx.select().from(zones).where(eq(zones.code, zoneCode)).for('update');
    if (!zone) throw notFound('功能区');
    if (zone.version !== version) throw conflict();
    if (streetCodes.length > 0) {
      const found = await tx
        .select({ code: regions.code, level: regions.level })
        .from(regions)
        .where(inArray(regions.code, streetCodes));
      const ok = new Set(found.filter((r) => r.level === 'street').map((r) => r.code));
      const bad = streetCodes.map((c, i) => ({ c, i })).filter(({ c }) => !ok.has(c));
      if (bad.length > 0) {
        throw validationFailed(
          bad.map(({ c, i }) => ({ path: `streetCodes.${i}`, message: `镇街 ${c} 不存在` })),
        );
      }
    }
    const before = (await findZones(tx)).find((z) => z.code === zoneCode);
    await tx.delete(zoneStreets).where(eq(zoneStreets.zoneCode, zoneCode));
    if (streetCodes.length > 0) {
      await tx
        .insert(zoneStreets)
        .values(streetCodes.map((streetCode) => ({ zoneCode, streetCode })));
    }
    await tx
      .update(zones)
      .set({ version: zone.version + 1, updatedAt: new Date() })
      .where(eq(zones.code, zoneCode));
    await recordAudit(tx, {
      actor,
      action: 'zone.update',
      entity: 'zone',
      entityId: zoneCode,
      before: { streetCodes: before?.streetCodes ?? [] },
      after: { streetCodes },
    });
    const after = (await findZones(tx)).find((z) => z.code === zoneCode);
    if (!after) throw notFound('功能区');
    return after;
  });
}
