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
