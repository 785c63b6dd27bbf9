/**
 * Chinese names of audit actions and entities, for every screen that shows the audit log. A
 * code without a name still reads as Chinese (its entity's name and 操作), never as a raw code.
 */
export const AUDIT_ACTION_NAMES = {
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
  'audit.export': '导出审计日志',
  'audit.prune': '清理超过保存期限的审计日志',
  'access.denied': '越权访问被拒绝',
  'reference.load': '加载基础数据',
  'demo.seed_accounts': '创建演示账号',
  'demo.seed_ledger': '生成演示台账',
  'demo.seed_tasks': '生成演示任务',
  'demo.seed_supervision': '生成演示督导数据',
  'bootstrap.administrators': '创建初始管理员',
  'attachment.upload': '上传附件',
  'attachment.public_upload': '居民上传照片',
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
  'project.condition_resolve': '确认条件已落实',
  'project.condition_reopen': '条件未落实，退回',
  'supervision.order.raise': '下发督办单',
  'supervision.order.auto': '按督办规则自动生成督办单',
  'supervision.order.sign': '签收督办单',
  'supervision.order.reply': '回复督办单',
  'supervision.order.return': '退回督办回复',
  'supervision.order.close': '办结督办单',
  'supervision.order.cancel': '撤销督办单',
  'bulletin.draft': '生成通报稿',
  'bulletin.update': '修改通报稿',
  'bulletin.issue': '印发通报',
  'bulletin.sign': '签收通报',
  'feedback.submit': '居民提交反映',
  'feedback.follow': '居民关注整改问题',
  'feedback.triage_problem': '反映转为问题',
  'feedback.triage_duplicate': '反映标记为重复',
  'feedback.triage_answer': '答复反映',
  'feedback.follow_up': '回访居民',
  'feedback.rate': '居民评价办理结果',
  'feedback.review_reopen': '复核不满意评价：重新办理',
  'feedback.review_uphold': '复核不满意评价：维持办理结果',
  'feedback.contact_reveal': '查看居民联系电话',
  'feedback.contact_erase': '到期删除居民联系电话',
  'questionnaire.create': '新建满意度调查',
  'questionnaire.update': '修改满意度调查',
  'questionnaire.open': '发布满意度调查',
  'questionnaire.close': '结束满意度调查',
  'questionnaire.answer': '居民填写满意度调查',
  'questionnaire.contact_erase': '到期删除问卷联系方式',
} as const satisfies Record<string, string>;

/** Every action the audit log records: a record with an action not named here does not compile. */
export type AuditAction = keyof typeof AUDIT_ACTION_NAMES;

export const AUDIT_ENTITY_NAMES = {
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
  supervision_order: '督办单',
  bulletin: '通报',
  feedback: '居民反映',
  questionnaire: '满意度调查',
} as const satisfies Record<string, string>;

/** Every kind of record the audit log names. */
export type AuditEntity = keyof typeof AUDIT_ENTITY_NAMES;

const ACTION_NAMES: Readonly<Record<string, string>> = AUDIT_ACTION_NAMES;
const ENTITY_NAMES: Readonly<Record<string, string>> = AUDIT_ENTITY_NAMES;

/** The Chinese name of an audit action (`problem.approve_closure` → 核验销号). */
export function auditActionName(action: string): string {
  const name = ACTION_NAMES[action];
  if (name) return name;
  const entity = ENTITY_NAMES[action.split('.')[0] ?? ''];
  return entity ? `${entity}相关操作` : '其他操作';
}

/** The Chinese name of an audit entity (`problem` → 问题). */
export function auditEntityName(entity: string): string {
  return ENTITY_NAMES[entity] ?? '其他对象';
}

/** An entity with its record number, in Chinese (`problem`, 2 → 问题（编号 2）). */
export function auditSubject(entity: string, entityId: string | number | null | undefined): string {
  const name = auditEntityName(entity);
  return entityId === null || entityId === undefined || entityId === ''
    ? name
    : `${name}（编号 ${entityId}）`;
}
