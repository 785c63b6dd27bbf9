import { eq } from 'drizzle-orm';
import { supervisionSettings, type SupervisionSettings } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { conflict } from '../../platform/http/errors.ts';
import { settings } from '../org/index.ts';
import { DEFAULT_SUPERVISION_SETTINGS } from './league.ts';

/** Stored in the settings table under this key; defaults until the office saves its own. */
export const SUPERVISION_SETTINGS_KEY = 'supervision';

export type SupervisionSettingsView = SupervisionSettings & { version: number };

export async function readSupervisionSettings(db: Db): Promise<SupervisionSettingsView> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SUPERVISION_SETTINGS_KEY));
  if (!row) return { ...DEFAULT_SUPERVISION_SETTINGS, version: 0 };
  const parsed = supervisionSettings.safeParse(row.value);
  // A stored value from an older shape falls back to the defaults rather than failing the page.
  return { ...(parsed.success ? parsed.data : DEFAULT_SUPERVISION_SETTINGS), version: row.version };
}

/** The office (or the system administrator) sets weights, lights and decision days (P11). */
export async function updateSupervisionSettings(input: {
  db: Db;
  actor: Actor;
  value: SupervisionSettings;
  version: number;
}): Promise<SupervisionSettingsView> {
  const { db, actor, value } = input;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(settings)
      .where(eq(settings.key, SUPERVISION_SETTINGS_KEY))
      .for('update');
    if ((row?.version ?? 0) !== input.version) throw conflict();
    const before = row ? row.value : DEFAULT_SUPERVISION_SETTINGS;
    if (row) {
      await tx
        .update(settings)
        .set({ value, version: row.version + 1, updatedAt: new Date() })
        .where(eq(settings.key, SUPERVISION_SETTINGS_KEY));
    } else {
      await tx.insert(settings).values({ key: SUPERVISION_SETTINGS_KEY, value });
    }
    await recordAudit(tx, {
      actor,
      action: 'supervision.settings.update',
      entity: 'settings',
      before,
      after: value,
    });
  });
  return readSupervisionSettings(db);
}
