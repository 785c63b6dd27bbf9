/**
 * The permission catalogue. Every API route declares one of these, or `public` (no sign-in), or
 * `authenticated` (any signed-in account, e.g. its own profile). A test fails any route that
 * declares nothing, and a committed snapshot lists `METHOD path → permission`.
 */
export const PERMISSIONS = {
  'reference.read': '查看行政区划、功能区、部门等基础数据',
  'users.read': '查看账号',
  'users.manage': '创建账号、修改账号、停用账号、重置密码',
  'grants.manage': '授予角色和数据范围',
  'zones.manage': '维护功能区管辖范围',
  'settings.manage': '维护系统设置',
  'audit.read': '查看和校验审计日志',
  'standards.read': '查看配建标准',
  'standards.manage': '维护本部门主管类别的配建标准',
  'ledger.read': '查看配套设施台账',
  'ledger.write': '录入、修改、导入配套设施台账',
  'survey.read': '查看排查摸底',
  'survey.manage': '发起排查摸底',
  'survey.submit': '提交排查台账',
  'survey.file': '备案或退回排查台账',
  'gap.read': '查看缺口分析',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export type RoutePermission = Permission | 'public' | 'authenticated';

export const PERMISSION_CODES = Object.keys(PERMISSIONS) as Permission[];
