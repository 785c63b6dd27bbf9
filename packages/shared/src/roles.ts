import type { Permission } from './permissions.ts';

export const ROLE_CODES = [
  'sys_admin',
  'security_admin',
  'audit_admin',
  'office',
  'department',
  'district',
  'street',
  'community',
  'leader',
  'developer_org',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export const ROLE_NAMES: Record<RoleCode, string> = {
  sys_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  office: '领导小组办公室',
  department: '主管部门',
  district: '区县',
  street: '镇街',
  community: '社区',
  leader: '领导',
  developer_org: '建设单位',
};

/** 三员分立: the three administrator roles, which no account may combine with any other role. */
export const ADMIN_ROLES: readonly RoleCode[] = ['sys_admin', 'security_admin', 'audit_admin'];

/**
 * What each role may do. The route table checks these; the data scope (region subtree ×
 * categories) then narrows every query. Keep this table the single source of truth.
 */
export const ROLE_PERMISSIONS: Record<RoleCode, readonly Permission[]> = {
  // Manages accounts and settings; reads no business data (三员分立).
  sys_admin: ['reference.read', 'users.read', 'users.manage', 'zones.manage', 'settings.manage'],
  // Grants roles and scopes; cannot create accounts.
  security_admin: ['reference.read', 'users.read', 'grants.manage'],
  // Only reads and verifies the audit log.
  audit_admin: ['audit.read'],
  office: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'survey.read',
    'survey.manage',
    'gap.read',
  ],
  department: [
    'reference.read',
    'standards.read',
    'standards.manage',
    'ledger.read',
    'survey.read',
    'survey.file',
    'gap.read',
  ],
  district: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'ledger.write',
    'survey.read',
    'survey.submit',
    'gap.read',
  ],
  street: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'ledger.write',
    'survey.read',
    'gap.read',
  ],
  community: ['reference.read', 'standards.read', 'ledger.read', 'ledger.write', 'gap.read'],
  leader: ['reference.read', 'standards.read', 'ledger.read', 'survey.read', 'gap.read'],
  developer_org: ['reference.read', 'standards.read'],
};

export function permissionsOf(roles: readonly RoleCode[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}
