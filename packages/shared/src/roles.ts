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
    'problems.read',
    'problems.create',
    'problems.supervise',
    'problems.approve',
    'tasks.read',
    'tasks.manage',
    'tasks.report',
    'attachments.upload',
    'projects.read',
    'feedback.read',
    'supervision.read',
    'supervision.manage',
    'supervision.order',
  ],
  department: [
    'reference.read',
    'standards.read',
    'standards.manage',
    'ledger.read',
    'survey.read',
    'survey.file',
    'gap.read',
    'problems.read',
    'problems.create',
    'problems.review',
    'problems.approve',
    'tasks.read',
    'tasks.report',
    'attachments.upload',
    'projects.read',
    'projects.register',
    'projects.submit',
    'projects.opine',
    'projects.adjust',
    'projects.inspect',
    'feedback.read',
    'feedback.triage',
    'supervision.read',
    'supervision.order',
    'supervision.answer',
  ],
  district: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'ledger.write',
    'survey.read',
    'survey.submit',
    'gap.read',
    'problems.read',
    'problems.create',
    'problems.work',
    'tasks.read',
    'attachments.upload',
    'projects.read',
    'feedback.read',
    'feedback.triage',
    'feedback.reveal',
    'supervision.read',
    'supervision.answer',
  ],
  street: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'ledger.write',
    'survey.read',
    'gap.read',
    'problems.read',
    'problems.create',
    'problems.work',
    'attachments.upload',
    'feedback.read',
    'feedback.triage',
    'feedback.reveal',
    'supervision.read',
    'supervision.answer',
  ],
  community: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'ledger.write',
    'gap.read',
    'problems.read',
    'problems.create',
    'attachments.upload',
    'feedback.read',
  ],
  leader: [
    'reference.read',
    'standards.read',
    'ledger.read',
    'survey.read',
    'gap.read',
    'problems.read',
    'problems.instruct',
    'tasks.read',
    'projects.read',
    'feedback.read',
    'supervision.read',
  ],
  // Its own projects only (the policy and every query check the project's developer account).
  developer_org: [
    'reference.read',
    'standards.read',
    'projects.read',
    'projects.register',
    'projects.submit',
    'attachments.upload',
  ],
};

// 定期通报 (P11): the office drafts and issues; districts and lead departments receive and sign;
// leaders and streets read.
const BULLETIN_PERMISSIONS: Partial<Record<RoleCode, readonly Permission[]>> = {
  office: ['bulletins.read', 'bulletins.manage'],
  department: ['bulletins.read', 'bulletins.sign'],
  district: ['bulletins.read', 'bulletins.sign'],
  street: ['bulletins.read'],
  leader: ['bulletins.read'],
};
for (const [role, extra] of Object.entries(BULLETIN_PERMISSIONS)) {
  (ROLE_PERMISSIONS[role as RoleCode] as Permission[]).push(...extra);
}

// 满意度调查 (P13): the office or a district asks its communities; everyone who reads feedback reads
// the results of the communities in their region.
const QUESTIONNAIRE_PERMISSIONS: Partial<Record<RoleCode, readonly Permission[]>> = {
  office: ['questionnaires.read', 'questionnaires.manage'],
  district: ['questionnaires.read', 'questionnaires.manage'],
  department: ['questionnaires.read'],
  street: ['questionnaires.read'],
  community: ['questionnaires.read'],
  leader: ['questionnaires.read'],
};
for (const [role, extra] of Object.entries(QUESTIONNAIRE_PERMISSIONS)) {
  (ROLE_PERMISSIONS[role as RoleCode] as Permission[]).push(...extra);
}

export function permissionsOf(roles: readonly RoleCode[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}
