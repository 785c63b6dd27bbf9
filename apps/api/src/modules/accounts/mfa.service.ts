import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { SessionUser } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { mfaRecoveryCodes, sessions, users } from '../../platform/auth/auth.tables.ts';
import { SecretBox } from '../../platform/auth/secret-box.ts';
import { hashToken, deleteUserSessions } from '../../platform/auth/sessions.ts';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from '../../platform/auth/totp.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { AppError, conflict, notFound } from '../../platform/http/errors.ts';
import { presentSessionUser } from './sign-in.service.ts';
import { currentCity } from '../../platform/city.ts';

const RECOVERY_CODES = 10;

const boxes = new WeakMap<Config, SecretBox>();
function boxOf(config: Config): SecretBox {
  let box = boxes.get(config);
  if (!box) {
    box = SecretBox.fromConfig(config);
    boxes.set(config, box);
  }
  return box;
}

function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest('hex');
}

function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10);
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** Starts (or restarts, until confirmed) enrolment: a new seed, sealed at rest. */
export async function enrolMfa(input: {
  db: Db;
  config: Config;
  actor: Actor;
}): Promise<{ secret: string; otpauthUri: string }> {
  const { db, config, actor } = input;
  const secret = newTotpSecret();
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, actor.id)).for('update');
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (user.mfaEnabledAt) {
      throw conflict('已绑定动态验证码；如需更换，请联系安全管理员重置');
    }
    await tx
      .update(users)
      .set({ mfaSecret: boxOf(config).seal(secret), mfaLastStep: null })
      .where(eq(users.id, actor.id));
    await recordAudit(tx, {
      actor,
      action: 'auth.mfa_enrolment_started',
      entity: 'user',
      entityId: actor.id,
    });
  });
  return {
    secret: base32Encode(secret),
    otpauthUri: otpauthUri(secret, actor.username, `${currentCity().shortName}社区配套设施平台`),
  };
}

/** Confirms enrolment with a first code; returns the one-time recovery codes, shown once. */
export async function confirmMfa(input: {
  db: Db;
  config: Config;
  actor: Actor;
  code: string;
}): Promise<{ recoveryCodes: string[] }> {
  const { db, config, actor } = input;
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, actor.id)).for('update');
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    if (user.mfaEnabledAt) throw conflict('已绑定动态验证码');
    if (!user.mfaSecret) throw conflict('请先开始绑定动态验证码');
    const step = matchTotp(boxOf(config).open(user.mfaSecret), input.code, Date.now() / 1000);
    if (step === null) {
      throw new AppError('VALIDATION_FAILED', '动态验证码不正确，请核对手机上的时间后重试', [
        { path: 'code', message: '动态验证码不正确' },
      ]);
    }
    await tx
      .update(users)
      .set({ mfaEnabledAt: new Date(), mfaLastStep: step })
      .where(eq(users.id, actor.id));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, actor.id));
    await tx
      .insert(mfaRecoveryCodes)
      .values(codes.map((c) => ({ userId: actor.id, codeHash: hashRecoveryCode(c) })));
    await recordAudit(tx, {
      actor,
      action: 'auth.mfa_enrolled',
      entity: 'user',
      entityId: actor.id,
      after: { recoveryCodes: RECOVERY_CODES },
    });
  });
  return { recoveryCodes: codes };
}

/**
 * The second step of signing in: the pending session (password already checked) becomes usable
 * with a current TOTP code or an unused recovery code. Failures count towards the lockout.
 */
export async function completeMfaSignIn(input: {
  db: Db;
  config: Config;
  token: string | undefined;
  code: string;
  ip: string;
}): Promise<{ user: SessionUser; csrfToken: string }> {
  const { db, config, ip } = input;
  if (!input.token) throw new AppError('UNAUTHENTICATED', '请先输入用户名和密码');
  const sessionId = hashToken(input.token);
  const [row] = await db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.mfaPending, true)));
  // The password step is good for five minutes.
  if (!row || Date.now() - row.s.createdAt.getTime() > 5 * 60_000 || !row.u.mfaSecret) {
    throw new AppError('UNAUTHENTICATED', '登录已超时，请重新输入用户名和密码');
  }
  const { u: user } = row;
  const actorRef = { id: user.id, username: user.username, ip };
  const code = input.code.trim();
  return db
    .transaction(async (tx) => {
      const [locked] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
      if (!locked?.mfaSecret) throw new AppError('UNAUTHENTICATED', '请重新登录');
      let how: 'totp' | 'recovery' | null = null;
      const step = matchTotp(boxOf(config).open(locked.mfaSecret), code, Date.now() / 1000);
      if (step !== null && step > (locked.mfaLastStep ?? -1)) {
        await tx.update(users).set({ mfaLastStep: step }).where(eq(users.id, user.id));
        how = 'totp';
      } else if (step === null) {
        const [used] = await tx
          .update(mfaRecoveryCodes)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(mfaRecoveryCodes.userId, user.id),
              eq(mfaRecoveryCodes.codeHash, hashRecoveryCode(code)),
              isNull(mfaRecoveryCodes.usedAt),
            ),
          )
          .returning({ id: mfaRecoveryCodes.id });
        if (used) how = 'recovery';
      }
      if (!how) {
        const failures = locked.failedAttempts + 1;
        const lock = failures >= config.lockoutThreshold;
        await tx
          .update(users)
          .set({
            failedAttempts: lock ? 0 : failures,
            lockedUntil: lock ? new Date(Date.now() + config.lockoutMinutes * 60_000) : null,
          })
          .where(eq(users.id, user.id));
        if (lock) await tx.delete(sessions).where(eq(sessions.id, sessionId));
        await recordAudit(tx, {
          actor: actorRef,
          action: lock ? 'auth.locked' : 'auth.mfa_failed',
          entity: 'user',
          entityId: user.id,
          after: { failures },
          ip,
        });
        // Committed even though the request fails: the audit event and the count must stay.
        return { failed: true as const, lock };
      }
      await tx
        .update(sessions)
        .set({ mfaPending: false, lastSeenAt: new Date() })
        .where(eq(sessions.id, sessionId));
      await tx
        .update(users)
        .set({ failedAttempts: 0, lastLoginAt: new Date() })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        actor: actorRef,
        action: 'auth.login',
        entity: 'user',
        entityId: user.id,
        after: { secondFactor: how },
        ip,
      });
      return {
        failed: false as const,
        user: presentSessionUser(locked),
        csrfToken: row.s.csrfToken,
      };
    })
    .then((result) => {
      if (result.failed) {
        throw result.lock
          ? new AppError('LOCKED', `验证码连续错误，账号已锁定 ${config.lockoutMinutes} 分钟`)
          : new AppError('UNAUTHENTICATED', '动态验证码不正确');
      }
      return { user: result.user, csrfToken: result.csrfToken };
    });
}

/** A security administrator clears an account's second factor; it enrols again at next sign-in. */
export async function resetMfa(input: { db: Db; actor: Actor; id: number }): Promise<void> {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!user) throw notFound('账号');
    await tx
      .update(users)
      .set({
        mfaSecret: null,
        mfaEnabledAt: null,
        mfaLastStep: null,
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, id));
    await tx.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, id));
    await deleteUserSessions(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'user.mfa_reset',
      entity: 'user',
      entityId: id,
      before: { mfaEnabled: user.mfaEnabledAt !== null },
    });
  });
}
