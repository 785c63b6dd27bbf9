/**
 * Chinese names of audit actions and entities, for every screen that shows the audit log. A
 * code without a name still reads as Chinese (its entity's name and 操作), never as a raw code.
 */
export const AUDIT_ACTION_NAMES: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.login_locked': '锁定期间尝试登录',
  'auth.locked': '连续失败，账号锁定',
  'auth.login_disabled': '停用账号尝试登录',
  'auth.rate_limited': '登录过于频繁',
  'auth.password_changed': '修改密码',
  'auth.password_expired': '密码超过有效期，须修改',
  'auth.password_ok': '密码正确，待输入动态验证码',
  'auth.inactive_locked': '长期未登录，账号锁定',
  'auth.login_inactive_locked': '长期未登录锁定后尝试登录',
  'auth.mfa_enrolment_started': '开始绑定动态验证码',
  'auth.mfa_enrolled': '绑定动态验证码',
  'auth.mfa_failed': '动态验证码错误',
  'user.create': '创建账号',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.reset_password': '重置密码',
  'user.unlock': '解锁账号',
  'user.mfa_reset': '重置动态验证码',
  'user.grant': '授予角色和数据范围',
  'zone.update': '修改功能区',
  'settings.update': '修改系统设置',
  'supervision.settings.update': '修改督导设置',
  'bulletin_settings.update': '修改通报设置',
  'audit.verify': '校验哈希链',
  'access.denied': '越权访问被拒绝',
  'reference.load': '加载基础数据',
  'demo.seed_accounts': '创建演示账号',
  'demo.seed_ledger': '生成演示台账',
  'demo.seed_tasks': '生成演示任务',
  'bootstrap.administrators': '创建初始管理员',
  'attachment.upload': '上传附件',
  'area.create': '新增小区',
  'area.update': '修改小区',
  'area.delete': '删除小区',
  'area.archive': '归档小区',
  'facility.create': '新增配套设施',
  'facility.update': '修改配套设施',
  'facility.delete': '删除配套设施',
  'facility.archive': '归档配套设施',
  'ledger.import': '导入台账',
  'ledger.export': '导出台账',
  'survey.create': '发起排查',
  'survey.close': '结束排查',
  'survey.submit': '报送排查台账',
  'survey.file': '台账备案',
  'survey.return': '退回排查台账',
  'standards.load': '加载配建标准目录',
  'standards.sync': '按核对结果更新配建标准',
  'standard.create': '新增配建标准',
  'standard.update': '修改配建标准',
  'problem.create': '立为问题',
  'problem.submit_plan': '报送整治方案',
  'problem.approve_plan': '审批通过整治方案',
  'problem.reject_plan': '退回整治方案',
  'problem.report_progress': '报告整改进展',
  'problem.request_closure': '申请销号',
  'problem.approve_closure': '核验销号',
  'problem.refuse_closure': '不予销号',
  'problem.returned': '不予销号，退回整改',
  'problem.reopen': '重新打开问题',
  'problem.request_extension': '申请延期',
  'problem.decide_extension': '审批延期',
  'problem.flag_key': '标记重点难点',
  'problem.instruct': '领导批示',
  'task.create': '新建任务',
  'task.update': '修改任务',
  'task.report': '报告任务进展',
  'leading_group.update': '调整领导小组',
  'project.register': '登记新建居住区项目',
  'project.update': '修改项目',
  'project.gate_submit': '报送环节材料',
  'project.gate_pass': '环节审查通过',
  'project.opinion': '出具审查意见',
  'project.condition_answer': '答复审查条件',
  'project.adjust_required': '调整应配建设施',
  'project.inspection': '使用监管巡查',
};

export const AUDIT_ENTITY_NAMES: Record<string, string> = {
  user: '账号',
  zone: '功能区',
  settings: '系统设置',
  audit: '审计日志',
  route: '接口',
  reference: '基础数据',
  attachment: '附件',
  residential_area: '小区',
  facility: '配套设施',
  ledger: '台账',
  survey: '排查',
  survey_submission: '排查台账',
  standard_rule: '配建标准',
  problem: '问题',
  task: '任务',
  leading_group: '领导小组',
  project: '新建居住区项目',
};

/** The Chinese name of an audit action (`problem.approve_closure` → 核验销号). */
export function auditActionName(action: string): string {
  const name = AUDIT_ACTION_NAMES[action];
  if (name) return name;
  const entity = AUDIT_ENTITY_NAMES[action.split('.')[0] ?? ''];
  return entity ? `${entity}相关操作` : '其他操作';
}

/** The Chinese name of an audit entity (`problem` → 问题). */
export function auditEntityName(entity: string): string {
  return AUDIT_ENTITY_NAMES[entity] ?? '其他对象';
}

/** An entity with its record number, in Chinese (`problem`, 2 → 问题（编号 2）). */
export function auditSubject(entity: string, entityId: string | number | null | undefined): string {
  const name = auditEntityName(entity);
  return entityId === null || entityId === undefined || entityId === ''
    ? name
    : `${name}（编号 ${entityId}）`;
}
