import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { BatchedLookup } from '../coalesce.ts';
import type { Db } from '../db/client.ts';
import { preparedQuery } from '../db/prepared.ts';
import { sessions, users } from './auth.tables.ts';

export const SESSION_COOKIE = 'sid';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: Db,
  input: { userId: number; ip: string | null; userAgent: string | null; mfaPending?: boolean },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insert(sessions).values({
    id: hashToken(token),
    userId: input.userId,
    csrfToken,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    mfaPending: input.mfaPending ?? false,
  });
  return { token, csrfToken };
}

export type LoadedSession =
  | { ok: true; sessionId: string; csrfToken: string; user: typeof users.$inferSelect }
  | { ok: false; reason: 'missing' | 'expired' | 'disabled' };

// Writing last_seen_at on every request would turn every read into a write; a minute of slack
// in a 30-minute idle timeout is harmless.
const TOUCH_AFTER_MS = 60_000;

type SessionRow = { s: typeof sessions.$inferSelect; u: typeof users.$inferSelect };

/**
 * Session look-ups of concurrent requests go to the database together (platform/coalesce.ts):
 * each request still reads after its own arrival, so a session ended in any process is refused
 * by the next request, but fifty requests in flight cost one query, not fifty.
 */
const lookups = new WeakMap<Db, BatchedLookup<string, SessionRow>>();

function sessionLookup(db: Db): BatchedLookup<string, SessionRow> {
  let lookup = lookups.get(db);
  if (!lookup) {
    const query = preparedQuery(db, 'sessions_lookup', (d) =>
      d
        .select({ s: sessions, u: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(sql`${sessions.id} = any(${sql.placeholder('ids')}::text[])`)
        .prepare('sessions_lookup'),
    );
    lookup = new BatchedLookup(async (ids) => {
      // Session ids are hex digests: a text[] literal needs no quoting.
      const rows = await query.execute({ ids: `{${ids.join(',')}}` });
      return new Map(rows.map((r) => [r.s.id, r]));
    });
    lookups.set(db, lookup);
  }
  return lookup;
}

/** Rows whose `last_seen_at` was written already: requests sharing a row touch it once. */
const touched = new WeakSet<SessionRow>();

/** Resolves a cookie token to its live session and account, enforcing idle and absolute expiry. */
export async function loadSession(
  db: Db,
  token: string,
  limits: { idleMinutes: number; absoluteHours: number },
): Promise<LoadedSession> {
  const id = hashToken(token);
  const row = await sessionLookup(db).get(id);
  // A session waiting for its second factor is no session yet (issue 11, API.md Auth).
  if (!row || row.s.mfaPending) return { ok: false, reason: 'missing' };
  const now = Date.now();
  const idleFor = now - row.s.lastSeenAt.getTime();
  const age = now - row.s.createdAt.getTime();
  if (idleFor > limits.idleMinutes * 60_000 || age > limits.absoluteHours * 3_600_000) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { ok: false, reason: 'expired' };
  }
  if (row.u.disabled) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return { ok: false, reason: 'disabled' };
  }
  if (idleFor > TOUCH_AFTER_MS && !touched.has(row)) {
    touched.add(row);
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(sessions.id, id));
  }
  return { ok: true, sessionId: id, csrfToken: row.s.csrfToken, user: row.u };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of an account, except optionally the caller's own. */
export async function deleteUserSessions(
  db: Db,
  userId: number,
  exceptSessionId?: string | null,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`)
        : eq(sessions.userId, userId),
    );
}

export async function purgeExpiredSessions(db: Db, idleMinutes: number): Promise<void> {
  await db
    .delete(sessions)
    .where(lt(sessions.lastSeenAt, new Date(Date.now() - idleMinutes * 60_000)));
}
