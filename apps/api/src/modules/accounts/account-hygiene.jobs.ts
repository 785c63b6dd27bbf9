import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { deleteUserSessions } from '../../platform/auth/sessions.ts';
import { recordAudit, type AuditInput } from '../../platform/audit/record.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { readSettings } from '../org/index.ts';

export const ACCOUNT_HYGIENE_JOB = 'accounts.daily';

const DAY_MS = 86_400_000;

/** Once a day (Beijing date): the scheduled account-hygiene pass. */
export async function scheduleAccountHygiene(db: Db, today = todayInShanghai()): Promise<boolean> {
  return enqueueJob(db, { kind: ACCOUNT_HYGIENE_JOB, dedupeKey: today, payload: { today } });
}

/**
 * The day an account last showed it is in use: its last sign-in, the administrator's unlock, or
 * its creation, whichever is latest. Sign-in (sign-in.service.ts) and the daily pass both count
 * inactivity from here.
 */
export function activeSinceMs(
  user: Pick<typeof users.$inferSelect, 'lastLoginAt' | 'reactivatedAt' | 'createdAt'>,
): number {
  return Math.max(
    user.lastLoginAt?.getTime() ?? 0,
    user.reactivatedAt?.getTime() ?? 0,
    user.createdAt.getTime(),
  );
}

/**
 * Locks one account for inactivity, in one transaction: the lock (only if `stillIdle` holds, so a
 * sign-in or an unlock that came first wins), its sessions ended, and `auth.inactive_locked` in
 * the audit chain. Sign-in and the daily pass both lock through here. Returns whether it locked.
 */
export async function lockInactiveAccount(
  db: Db,
  input: {
    userId: number;
    at: Date;
    actor: AuditInput['actor'];
    ip?: string | null;
    after: Record<string, unknown>;
    stillIdle?: SQL | undefined;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ inactiveLockedAt: input.at, version: sql`${users.version} + 1` })
      .where(and(eq(users.id, input.userId), input.stillIdle))
      .returning({ id: users.id });
    if (updated.length === 0) return false;
    await deleteUserSessions(tx, input.userId);
    await recordAudit(tx, {
      actor: input.actor,
      action: 'auth.inactive_locked',
      entity: 'user',
      entityId: input.userId,
      after: input.after,
      ip: input.ip ?? null,
    });
    return true;
  });
}

/**
 * Locks every staff account unused for `inactiveLockDays` (等保 8.1.4.1 b; issue 11), without
 * waiting for it to try to sign in: the account list shows it locked the day the limit passes,
 * its sessions end, and the audit log records the lock by the system with the idle days. Demo
 * accounts, disabled accounts and accounts already locked are left alone. Sign-in applies the
 * same rule, so an account is never usable past the limit between two passes.
 */
export async function lockInactiveAccounts(
  db: Db,
  now = new Date(),
): Promise<{ locked: number; limitDays: number }> {
  const { inactiveLockDays: limitDays } = await readSettings(db);
  const cutoff = new Date(now.getTime() - limitDays * DAY_MS);
  const idle = and(
    eq(users.mfaExempt, false),
    eq(users.disabled, false),
    isNull(users.inactiveLockedAt),
    sql`greatest(${users.lastLoginAt}, ${users.reactivatedAt}, ${users.createdAt}) <= ${cutoff.toISOString()}::timestamptz`,
  );
  const candidates = await db.select().from(users).where(idle);
  let locked = 0;
  for (const user of candidates) {
    const idleDays = Math.floor((now.getTime() - activeSinceMs(user)) / DAY_MS);
    if (idleDays < limitDays) continue;
    const done = await lockInactiveAccount(db, {
      userId: user.id,
      at: now,
      actor: SYSTEM_ACTOR,
      after: { idleDays, limitDays, by: 'daily_check' },
      stillIdle: idle,
    });
    if (done) locked++;
  }
  return { locked, limitDays };
}
