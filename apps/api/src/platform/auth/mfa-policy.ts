import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { users } from './auth.tables.ts';

/** The roles that always sign in with a second factor (等保 8.1.4.1 d; API.md Auth). */
export const MFA_ROLES: readonly string[] = ['sys_admin', 'security_admin', 'audit_admin'];

/** Whether the account must enrol before it may do anything else. */
export function mfaEnrolmentRequired(
  user: Pick<typeof users.$inferSelect, 'roles' | 'mfaEnabledAt' | 'mfaExempt'>,
  requiredForAll: boolean,
): boolean {
  if (user.mfaEnabledAt || user.mfaExempt) return false;
  return requiredForAll || user.roles.some((r) => MFA_ROLES.includes(r));
}

// The setting is read on requests of accounts without a second factor; a few seconds of
// staleness across processes is acceptable for a switch an administrator turns on once.
const TTL_MS = 5_000;
const cache = new WeakMap<Db, { at: number; value: boolean }>();

/**
 * Whether every staff account must enrol: the `MFA_REQUIRED_FOR_ALL` environment switch or the
 * administrator's setting `mfaRequiredForAll` (系统设置).
 */
export async function mfaRequiredForAll(db: Db, envSwitch: boolean): Promise<boolean> {
  if (envSwitch) return true;
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  // The settings table belongs to the org module; the platform reads this one key by name.
  const result = await db.execute(
    sql`select (value = 'true'::jsonb) as "on" from settings where key = 'mfaRequiredForAll'`,
  );
  const value = (result as { rows: { on: boolean }[] }).rows[0]?.on === true;
  cache.set(db, { at: Date.now(), value });
  return value;
}

/** Forgets the cached setting (after an administrator changed it in this process). */
export function forgetMfaSetting(db: Db): void {
  cache.delete(db);
}
