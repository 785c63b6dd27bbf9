import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RoutePermission } from '@zibo/shared';
import { AppError } from '../http/errors.ts';
import { recordAuditNow } from '../audit/record.ts';
import { actorFromUser } from './actor.ts';
import { loadSession, SESSION_COOKIE } from './sessions.ts';
import { mfaEnrolmentRequired, mfaRequiredForAll } from './mfa-policy.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type RouteEntry = { method: string; url: string; permission: RoutePermission | undefined };

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Routes outside our control (the interactive API docs) that are public by nature. */
function isDocsRoute(url: string): boolean {
  return url === '/api/docs' || url.startsWith('/api/docs/');
}

/**
 * The first layer of authorization: every API route declares a permission (or `public` /
 * `authenticated`), collected here for the route-table test and snapshot. On each request this
 * resolves the session, enforces CSRF, the forced password change and the permission.
 */
export function installAuthGuard(app: FastifyInstance, routeTable: RouteEntry[]): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      routeTable.push({
        method,
        url: route.url,
        permission: isDocsRoute(route.url) ? 'public' : route.config?.permission,
      });
    }
  });

  app.addHook('onReady', async () => {
    const missing = routeTable.filter((r) => r.permission === undefined);
    if (missing.length > 0) {
      throw new Error(
        `routes without a declared permission: ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
    }
  });

  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mfaEnrolmentRequired', false);

  app.addHook('onRequest', async (request) => {
    request.actor = null;
    request.csrfToken = null;
    request.mfaEnrolmentRequired = false;
    if (!request.url.startsWith('/api/')) return;
    const config = request.routeOptions.config;
    const permission = config.permission;
    if (permission === undefined) return; // not-found handler and API docs

    const { config: cfg, db } = app.deps;
    const token = request.cookies[SESSION_COOKIE];
    let expired = false;
    let csrfToken: string | null = null;
    if (token) {
      const loaded = await loadSession(db, token, {
        idleMinutes: cfg.sessionIdleMinutes,
        absoluteHours: cfg.sessionAbsoluteHours,
      });
      if (loaded.ok) {
        request.actor = actorFromUser(loaded.user, { id: loaded.sessionId, ip: request.ip });
        const u = loaded.user;
        // The setting is read only for accounts it could concern (no second factor, not an admin).
        request.mfaEnrolmentRequired =
          mfaEnrolmentRequired(u, false) ||
          (!u.mfaEnabledAt &&
            !u.mfaExempt &&
            mfaEnrolmentRequired(u, await mfaRequiredForAll(db, cfg.mfaRequiredForAll)));
        csrfToken = loaded.csrfToken;
        request.csrfToken = csrfToken;
      } else {
        expired = loaded.reason === 'expired';
      }
    }
    if (permission === 'public') return;

    const actor = request.actor;
    if (!actor) {
      throw new AppError('UNAUTHENTICATED', expired ? '会话已超时，请重新登录' : '请先登录');
    }
    if (STATE_CHANGING.has(request.method) && !config.skipCsrf) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !csrfToken || !sameToken(sent, csrfToken)) {
        await refuse(request, 'csrf');
        throw new AppError('FORBIDDEN', 'CSRF 校验失败，请刷新页面后重试');
      }
    }
    if (actor.mustChangePassword && !config.allowDuringPasswordChange) {
      throw new AppError(
        'PASSWORD_CHANGE_REQUIRED',
        '须先修改密码后才能使用系统（管理员设置的初始密码或已过有效期的密码）',
      );
    }
    // 等保 8.1.4.1 d: administrators (or, by setting, all staff) sign in with two factors.
    if (
      request.mfaEnrolmentRequired &&
      !config.allowDuringPasswordChange &&
      !config.allowDuringMfaEnrolment
    ) {
      throw new AppError(
        'MFA_ENROLMENT_REQUIRED',
        '您的账号须先绑定动态验证码（双因素认证）后才能使用系统',
      );
    }
    if (permission !== 'authenticated' && !actor.permissions.has(permission)) {
      await refuse(request, permission);
      throw new AppError('FORBIDDEN', '您没有执行此操作的权限');
    }
  });

  /** Refusals are audited (GB/T 22239: security-relevant events). */
  async function refuse(request: FastifyRequest, reason: string): Promise<void> {
    await recordAuditNow(app.deps.db, {
      actor: request.actor,
      action: 'access.denied',
      entity: 'route',
      entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      after: { reason },
      ip: request.ip,
    });
  }
}
