/**
 * Chinese names of audit actions and entities. An action without a name here still shows its
 * code, so a new module's events are readable before they are named.
 */
const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.login_locked': '锁定期间尝试登录',
  'auth.locked': '连续失败，账号锁定',
  'auth.login_disabled': '停用账号尝试登录',
  'auth.rate_limited': '登录过于频繁',
  'auth.password_changed': '修改密码',
  'user.create': '创建账号',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.reset_password': '重置密码',
  'user.grant': '授予角色和数据范围',
  'zone.update': '修改功能区',
  'audit.verify': '校验哈希链',
  'access.denied': '越权访问被拒绝',
  'reference.load': '加载基础数据',
  'demo.seed_accounts': '创建演示账号',
  'bootstrap.administrators': '创建初始管理员',
  'area.create': '新增小区',
  'area.update': '修改小区',
  'area.delete': '删除小区',
  'facility.create': '新增配套设施',
  'facility.update': '修改配套设施',
  'facility.delete': '删除配套设施',
  'survey.create': '发起排查',
  'survey.close': '结束排查',
};

const ENTITY_LABELS: Record<string, string> = {
  user: '账号',
  zone: '功能区',
  audit: '审计日志',
  route: '接口',
  reference: '基础数据',
  residential_area: '小区',
  facility: '配套设施',
  survey: '排查',
  survey_submission: '排查台账',
};

export function describeAction(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export function describeEntity(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity;
}
