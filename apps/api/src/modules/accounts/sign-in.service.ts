import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { CATEGORY_CODES, passwordProblem, permissionsOf, type SessionUser } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import { currentCity } from '../../platform/city.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { loginAttempts, users } from '../../platform/auth/auth.tables.ts';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession, deleteSession, deleteUserSessions } from '../../platform/auth/sessions.ts';
import { recordAudit, recordAuditNow } from '../../platform/audit/record.ts';
import { AppError, validationFailed } from '../../platform/http/errors.ts';
import { mfaEnrolmentRequired } from '../../platform/auth/mfa-policy.ts';
import { readSettings } from '../org/index.ts';
import { activeSinceMs, lockInactiveAccount } from './account-hygiene.jobs.ts';

type UserRow = typeof users.$inferSelect;

const DAY_MS = 86_400_000;

/** Passwords that may not be used again: the current one and the ones before it. */
export const PASSWORD_HISTORY = 5;

/** The previous-password hashes after the current one is replaced (newest first). */
export function nextPasswordHistory(user: Pick<UserRow, 'passwordHash' | 'passwordHistory'>) {
  return [user.passwordHash, ...user.passwordHistory].slice(0, PASSWORD_HISTORY - 1);
}

export function presentSessionUser(u: UserRow, mfaRequiredForAll = false): SessionUser {
  const roles = u.roles as SessionUser['roles'];
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles,
    regionCode: u.regionCode,
    departmentCode: u.departmentCode,
    categories: (u.categories as SessionUser['categories']).filter((c) =>
      CATEGORY_CODES.includes(c),
    ),
    mustChangePassword: u.mustChangePassword,
    mfaEnrolmentRequired: mfaEnrolmentRequired(u, mfaRequiredForAll),
    mfaEnabled: u.mfaEnabledAt !== null,
    permissions: [...permissionsOf(roles)],
    cityCode: currentCity().code,
    cityName: currentCity().name,
  };
}

/**
 * Account hygiene at sign-in (等保 8.1.4.1 b; issue 11), once the password is known right:
 * an account unused for `inactiveLockDays` is locked until an administrator unlocks it, and a
 * password older than `passwordMaxAgeDays` must be changed first (the forced-change flow).
 */
async function applyAccountHygiene(
  db: Db,
  user: UserRow,
  ip: string,
): Promise<{ user: UserRow; mfaRequiredForAll: boolean }> {
  const settings = await readSettings(db);
  // Demo accounts are exempt, as from the forced password change and the second factor.
  if (user.mfaExempt) return { user, mfaRequiredForAll: settings.mfaRequiredForAll };
  const actorRef = { id: user.id, username: user.username, ip };
  if (user.inactiveLockedAt) {
    await recordAuditNow(db, {
      actor: actorRef,
      action: 'auth.login_inactive_locked',
      entity: 'user',
      entityId: user.id,
      ip,
    });
    throw new AppError('LOCKED', '账号因长期未登录已锁定，请联系系统管理员解锁');
  }
  const now = Date.now();
  const idleDays = Math.floor((now - activeSinceMs(user)) / DAY_MS);
  if (idleDays >= settings.inactiveLockDays) {
    await lockInactiveAccount(db, {
      userId: user.id,
      at: new Date(now),
      actor: actorRef,
      ip,
      after: { idleDays, limitDays: settings.inactiveLockDays },
    });
    throw new AppError('LOCKED', `账号已连续 ${idleDays} 天未登录，已锁定，请联系系统管理员解锁`);
  }
  const passwordAge = Math.floor(
    (now - (user.passwordChangedAt ?? user.createdAt).getTime()) / DAY_MS,
  );
  if (!user.mustChangePassword && passwordAge >= settings.passwordMaxAgeDays) {
    await db.transaction(async (tx) => {
      await tx.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));
      await recordAudit(tx, {
        actor: actorRef,
        action: 'auth.password_expired',
        entity: 'user',
        entityId: user.id,
        after: { passwordAgeDays: passwordAge, limitDays: settings.passwordMaxAgeDays },
        ip,
      });
    });
    return {
      user: { ...user, mustChangePassword: true },
      mfaRequiredForAll: settings.mfaRequiredForAll,
    };
  }
  return { user, mfaRequiredForAll: settings.mfaRequiredForAll };
}

/**
 * Signs in: per-IP rate limit, lockout after repeated failures, argon2id verification; every
 * outcome audited. Returns the session token for the cookie and the CSRF token for the client.
 */
export async function signIn(input: {
  db: Db;
  config: Config;
  username: string;
  password: string;
  ip: string;
  userAgent: string | null;
}): Promise<
  | { mfaRequired: false; user: SessionUser; token: string; csrfToken: string }
  | { mfaRequired: true; token: string }
> {
  const { db, config, ip } = input;
  const username = input.username.trim();

  // Rate limit per client address, shared by every process through the database.
  const windowStart = new Date(Date.now() - 60_000);
  const [{ recent } = { recent: 0 }] = await db
    .select({ recent: sql<number>`count(*)::int` })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), gt(loginAttempts.at, windowStart)));
  if (recent >= config.loginRateLimitPerMinute) {
    await recordAuditNow(db, {
      actor: null,
      action: 'auth.rate_limited',
      entity: 'user',
      entityId: username,
      ip,
    });
    throw new AppError('RATE_LIMITED', '登录尝试过于频繁，请一分钟后再试');
  }
  await db.insert(loginAttempts).values({ ip });
  if (Math.random() < 0.01) {
    await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - 86_400_000)));
  }

  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  if (!user) {
    await verifyPassword(await DUMMY_HASH_PROMISE, input.password); // same timing as a real miss
    await recordAuditNow(db, {
      actor: null,
      action: 'auth.login_failed',
      entity: 'user',
      entityId: username,
      after: { reason: 'unknown_user' },
      ip,
    });
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }
  const actorRef = { id: user.id, username: user.username, ip };
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await recordAuditNow(db, {
      actor: actorRef,
      action: 'auth.login_locked',
      entity: 'user',
      entityId: user.id,
      ip,
    });
    throw new AppError(
      'LOCKED',
      `账号已锁定，请于 ${minutesLeft(user.lockedUntil)} 分钟后再试或联系管理员解锁`,
    );
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok) {
    const failures = (user.lockedUntil ? 0 : user.failedAttempts) + 1;
    const lock = failures >= config.lockoutThreshold;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          failedAttempts: lock ? 0 : failures,
          lockedUntil: lock ? new Date(Date.now() + config.lockoutMinutes * 60_000) : null,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        actor: actorRef,
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entity: 'user',
        entityId: user.id,
        after: { reason: 'bad_password', failures },
        ip,
      });
    });
    if (lock) {
      throw new AppError(
        'LOCKED',
        `密码连续错误 ${failures} 次，账号已锁定 ${config.lockoutMinutes} 分钟`,
      );
    }
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
  }
  if (user.disabled) {
    await recordAuditNow(db, {
      actor: actorRef,
      action: 'auth.login_disabled',
      entity: 'user',
      entityId: user.id,
      ip,
    });
    throw new AppError('FORBIDDEN', '账号已停用，请联系系统管理员');
  }
  const hygiene = await applyAccountHygiene(db, user, ip);
  if (user.mfaEnabledAt) {
    // Password right: a session that is not usable until the second factor (API.md Auth).
    const pending = await db.transaction(async (tx) => {
      const s = await createSession(tx, {
        userId: user.id,
        ip,
        userAgent: input.userAgent,
        mfaPending: true,
      });
      await recordAudit(tx, {
        actor: actorRef,
        action: 'auth.password_ok',
        entity: 'user',
        entityId: user.id,
        after: { secondFactor: 'pending' },
        ip,
      });
      return s;
    });
    return { mfaRequired: true, token: pending.token };
  }
  const session = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(users.id, user.id));
    const s = await createSession(tx, { userId: user.id, ip, userAgent: input.userAgent });
    await recordAudit(tx, {
      actor: actorRef,
      action: 'auth.login',
      entity: 'user',
      entityId: user.id,
      ip,
    });
    return s;
  });
  return {
    mfaRequired: false,
    user: presentSessionUser(hygiene.user, config.mfaRequiredForAll || hygiene.mfaRequiredForAll),
    ...session,
  };
}

function minutesLeft(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
}

export async function signOut(input: { db: Db; actor: Actor }): Promise<void> {
  const { db, actor } = input;
  await db.transaction(async (tx) => {
    if (actor.sessionId) await deleteSession(tx, actor.sessionId);
    await recordAudit(tx, { actor, action: 'auth.logout', entity: 'user', entityId: actor.id });
  });
}

/** Changes one's own password; clears the forced-change flag and ends the other sessions. */
export async function changePassword(input: {
  db: Db;
  actor: Actor;
  currentPassword: string;
  newPassword: string;
}): Promise<SessionUser> {
  const { db, actor } = input;
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw validationFailed(
      [{ path: 'currentPassword', message: '当前密码不正确' }],
      '当前密码不正确',
    );
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw validationFailed([{ path: 'newPassword', message: problem }], problem);
  if (input.newPassword === input.currentPassword) {
    throw validationFailed(
      [{ path: 'newPassword', message: `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同` }],
      `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`,
    );
  }
  // 等保 8.1.4.1 b: none of the last five passwords (the current one and four before it).
  for (const old of user.passwordHistory.slice(0, PASSWORD_HISTORY - 1)) {
    if (await verifyPassword(old, input.newPassword)) {
      const message = `新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`;
      throw validationFailed([{ path: 'newPassword', message }], message);
    }
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        passwordHash,
        passwordHistory: nextPasswordHistory(user),
        mustChangePassword: false,
        passwordChangedAt: new Date(),
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, actor.id))
      .returning();
    await deleteUserSessions(tx, actor.id, actor.sessionId);
    await recordAudit(tx, {
      actor,
      action: 'auth.password_changed',
      entity: 'user',
      entityId: actor.id,
    });
    if (!updated) throw new AppError('UNAUTHENTICATED', '请先登录');
    return presentSessionUser(updated);
  });
}
