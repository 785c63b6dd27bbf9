import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import { conflict } from '../../platform/http/errors.ts';
import { forgetMfaSetting } from '../../platform/auth/mfa-policy.ts';
import { settings } from './org.tables.ts';
import { DEFAULT_SETTINGS } from './reference-data.ts';

export type Settings = typeof DEFAULT_SETTINGS;
export type SettingsView = Settings & { version: number };

/** The current settings (defaults for keys not stored yet); version = sum of row versions. */
export async function readSettings(db: Db): Promise<SettingsView> {
  const rows = await db.select().from(settings);
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  let version = 0;
  for (const r of rows) {
    if (r.key in DEFAULT_SETTINGS) out[r.key] = r.value;
    version += r.version;
  }
  return { ...(out as Settings), version };
}

/** Changes settings (system administrator); the evaluation depends on them, so it is invalidated. */
export async function updateSettings(input: {
  db: Db;
  actor: Actor;
  patch: Partial<Settings>;
  version: number;
}) {
  const { db, actor, patch } = input;
  await db.transaction(async (tx) => {
    const before = await readSettings(tx);
    if (before.version !== input.version) throw conflict();
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const [row] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
      if (row) {
        await tx
          .update(settings)
          .set({ value, version: row.version + 1, updatedAt: new Date() })
          .where(eq(settings.key, key));
      } else {
        await tx.insert(settings).values({ key, value });
      }
    }
    await bumpRevision(tx, 'standards');
    const { version: _v, ...beforeValues } = before;
    await recordAudit(tx, {
      actor,
      action: 'settings.update',
      entity: 'settings',
      before: beforeValues,
      after: { ...beforeValues, ...patch },
    });
  });
  forgetMfaSetting(db);
  return readSettings(db);
}
