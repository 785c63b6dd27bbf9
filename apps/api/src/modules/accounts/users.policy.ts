import { ADMIN_ROLES, type RoleCode } from '@zibo/shared';
import type { Actor } from '../../platform/auth/actor.ts';

type Target = { id: number; roles: string[] };

/** What the actor may do to an account record (sent to the UI as `abilities`). */
export function userAbilities(actor: Actor, target: Target) {
  const self = actor.id === target.id;
  const manage = actor.permissions.has('users.manage');
  return {
    update: manage,
    disable: manage && !self,
    resetPassword: manage && !self,
    // No one changes their own roles: no self-escalation (三员分立).
    grant: actor.permissions.has('grants.manage') && !self,
  };
}

/**
 * 三员分立: an administrator role is held alone — never two of them, never with a business role.
 * Returns a Chinese message for the first violation, or null.
 */
export function grantProblem(roles: readonly RoleCode[]): string | null {
  const admin = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admin.length > 1) return '系统管理员、安全管理员、审计管理员三员分立，不能由同一账号兼任';
  if (admin.length === 1 && roles.length > 1) return '管理员角色不能与业务角色同时授予同一账号';
  return null;
}
