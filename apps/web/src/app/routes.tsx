import { lazy, useMemo, type ComponentType, type ReactNode } from 'react';
import {
  AimOutlined,
  AlertOutlined,
  AuditOutlined,
  BellOutlined,
  BookOutlined,
  BuildOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FireOutlined,
  FlagOutlined,
  GlobalOutlined,
  HomeOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  PushpinOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  TrophyOutlined,
  SolutionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import type { Permission } from '@zibo/shared';
import { useAuth } from '../shared/session.tsx';

/**
 * One page of a feature: where it lives, who may open it, and its menu entry. The side menu,
 * the route guard and the home workbench are all built from FEATURE_ROUTES, so adding a feature
 * (ledger, survey, gap analysis, problems, projects…) is adding entries here.
 */
/** A heading of the side menu that folds several pages of one feature (台账管理). */
export type MenuGroup = { key: string; label: string; icon: ReactNode };

const LEDGER_GROUP: MenuGroup = { key: 'ledger', label: '台账管理', icon: <DatabaseOutlined /> };
const PROBLEMS_GROUP: MenuGroup = { key: 'problems', label: '问题整改', icon: <AlertOutlined /> };
const SUPERVISION_GROUP: MenuGroup = {
  key: 'supervision',
  label: '督导调度',
  icon: <ClusterOutlined />,
};
const PROJECTS_GROUP: MenuGroup = { key: 'projects', label: '新建项目', icon: <BuildOutlined /> };

export type FeatureRoute = {
  /** Path under `/`, without the leading slash; `''` is the home page. */
  path: string;
  /** The permission the user needs; without it the page shows 403 and has no menu entry. */
  permission: Permission | 'authenticated';
  Component: ComponentType;
  menu?: {
    label: string;
    icon: ReactNode;
    /** One line on the home workbench's shortcut card. */
    description: string;
    /** The menu heading the entry sits under; entries of one group must be adjacent. */
    group?: MenuGroup;
  };
};

/** Code-splits a page: its feature's code downloads when the page is first opened. */
function loadPageLazily<M extends Record<string, unknown>>(
  load: () => Promise<M>,
  name: keyof M & string,
): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

export const FEATURE_ROUTES: readonly FeatureRoute[] = [
  {
    path: '',
    permission: 'authenticated',
    Component: loadPageLazily(() => import('../features/home/home-page.tsx'), 'HomePage'),
    menu: { label: '工作台', icon: <HomeOutlined />, description: '待办与常用功能' },
  },
  {
    path: 'ledger/areas',
    permission: 'ledger.read',
    Component: loadPageLazily(() => import('../features/ledger/areas-page.tsx'), 'AreasPage'),
    menu: {
      label: '小区台账',
      icon: <HomeOutlined />,
      description: '居住小区的户数、人口、位置和配套设施',
      group: LEDGER_GROUP,
    },
  },
  {
    path: 'ledger/areas/:id',
    permission: 'ledger.read',
    Component: loadPageLazily(
      () => import('../features/ledger/area-detail-page.tsx'),
      'AreaDetailPage',
    ),
  },
  {
    path: 'ledger/facilities',
    permission: 'ledger.read',
    Component: loadPageLazily(
      () => import('../features/ledger/facilities-page.tsx'),
      'FacilitiesPage',
    ),
    menu: {
      label: '设施台账',
      icon: <ShopOutlined />,
      description: '配套设施的规划、建设、移交、使用状态',
      group: LEDGER_GROUP,
    },
  },
  {
    path: 'ledger/facilities/:id',
    permission: 'ledger.read',
    Component: loadPageLazily(
      () => import('../features/ledger/facility-detail-page.tsx'),
      'FacilityDetailPage',
    ),
  },
  {
    path: 'ledger/map',
    permission: 'ledger.read',
    Component: loadPageLazily(
      () => import('../features/ledger/ledger-map-page.tsx'),
      'LedgerMapPage',
    ),
    menu: {
      label: '台账地图',
      icon: <GlobalOutlined />,
      description: '小区和设施分布，按状态着色',
      group: LEDGER_GROUP,
    },
  },
  {
    path: 'ledger/import',
    permission: 'ledger.read',
    Component: loadPageLazily(
      () => import('../features/ledger/import-export-page.tsx'),
      'ImportExportPage',
    ),
    menu: {
      label: '导入导出',
      icon: <CloudUploadOutlined />,
      description: 'Excel 模板下载、预检导入、导出台账',
      group: LEDGER_GROUP,
    },
  },
  {
    path: 'surveys',
    permission: 'survey.read',
    Component: loadPageLazily(() => import('../features/survey/surveys-page.tsx'), 'SurveysPage'),
    menu: {
      label: '排查摸底',
      icon: <FileSearchOutlined />,
      description: '各区县报送台账，主管部门备案或退回',
    },
  },
  {
    path: 'surveys/:id',
    permission: 'survey.read',
    Component: loadPageLazily(
      () => import('../features/survey/survey-detail-page.tsx'),
      'SurveyDetailPage',
    ),
  },
  {
    path: 'standards',
    permission: 'standards.read',
    Component: loadPageLazily(
      () => import('../features/standards/standards-page.tsx'),
      'StandardsPage',
    ),
    menu: {
      label: '配建标准',
      icon: <BookOutlined />,
      description: '配建指标及出处、条款，版本留痕',
    },
  },
  {
    path: 'gap-analysis',
    permission: 'gap.read',
    Component: loadPageLazily(
      () => import('../features/gap-analysis/gap-analysis-page.tsx'),
      'GapAnalysisPage',
    ),
    menu: {
      label: '缺口分析',
      icon: <AimOutlined />,
      description: '缺什么补什么：核算各小区配套缺口',
    },
  },
  {
    path: 'gap-analysis/areas/:id',
    permission: 'gap.read',
    Component: loadPageLazily(
      () => import('../features/gap-analysis/gap-area-page.tsx'),
      'GapAreaPage',
    ),
  },
  {
    path: 'problems',
    permission: 'problems.read',
    Component: loadPageLazily(
      () => import('../features/problems/problems-page.tsx'),
      'ProblemsPage',
    ),
    menu: {
      label: '问题台账',
      icon: <ProfileOutlined />,
      description: '问题的整治方案、整改进展、销号核验，逾期一目了然',
      group: PROBLEMS_GROUP,
    },
  },
  {
    path: 'problems/:id',
    permission: 'problems.read',
    Component: loadPageLazily(
      () => import('../features/problems/problem-detail-page.tsx'),
      'ProblemDetailPage',
    ),
  },
  {
    path: 'campaigns',
    permission: 'problems.read',
    Component: loadPageLazily(
      () => import('../features/problems/campaigns-page.tsx'),
      'CampaignsPage',
    ),
    menu: {
      label: '专项整治',
      icon: <FlagOutlined />,
      description: '幼儿园专项整治等专项行动的进度和逾期',
      group: PROBLEMS_GROUP,
    },
  },
  {
    path: 'dispatch',
    permission: 'problems.read',
    Component: loadPageLazily(
      () => import('../features/problems/dispatch-page.tsx'),
      'DispatchPage',
    ),
    menu: {
      label: '领导调度',
      icon: <FireOutlined />,
      description: '重点难点问题清单和领导批示',
      group: PROBLEMS_GROUP,
    },
  },
  {
    path: 'tasks',
    permission: 'tasks.read',
    Component: loadPageLazily(() => import('../features/supervision/tasks-page.tsx'), 'TasksPage'),
    menu: {
      label: '任务分解表',
      icon: <OrderedListOutlined />,
      description: '各项任务的牵头部门、责任单位、时限和进展',
      group: SUPERVISION_GROUP,
    },
  },
  {
    path: 'leading-group',
    permission: 'tasks.read',
    Component: loadPageLazily(
      () => import('../features/supervision/leading-group-page.tsx'),
      'LeadingGroupPage',
    ),
    menu: {
      label: '领导小组',
      icon: <UsergroupAddOutlined />,
      description: '领导小组组成人员名单',
      group: SUPERVISION_GROUP,
    },
  },
  {
    path: 'supervision',
    permission: 'supervision.read',
    Component: loadPageLazily(
      () => import('../features/supervision/supervision-page.tsx'),
      'SupervisionPage',
    ),
    menu: {
      label: '督导排名',
      icon: <TrophyOutlined />,
      description: '各区县、镇街、主管部门的进展排名、亮灯、落后清单和督办单',
      group: SUPERVISION_GROUP,
    },
  },
  {
    path: 'bulletins',
    permission: 'bulletins.read',
    Component: loadPageLazily(
      () => import('../features/bulletins/bulletins-page.tsx'),
      'BulletinsPage',
    ),
    menu: {
      label: '定期通报',
      icon: <FileSearchOutlined />,
      description: '按期冻结整改数据，生成通报和统计表，印发签收',
      group: SUPERVISION_GROUP,
    },
  },
  {
    path: 'cockpit',
    permission: 'supervision.read',
    Component: loadPageLazily(
      () => import('../features/supervision/cockpit-page.tsx'),
      'CockpitPage',
    ),
    menu: {
      label: '领导驾驶舱',
      icon: <DashboardOutlined />,
      description: '全市整改进度地图、月度趋势、分类别进展、专项整治和领导批示',
      group: SUPERVISION_GROUP,
    },
  },
  {
    path: 'bulletins/:id',
    permission: 'bulletins.read',
    Component: loadPageLazily(
      () => import('../features/bulletins/bulletin-page.tsx'),
      'BulletinPage',
    ),
  },
  {
    path: 'projects',
    permission: 'projects.read',
    Component: loadPageLazily(
      () => import('../features/projects/projects-page.tsx'),
      'ProjectsPage',
    ),
    menu: {
      label: '项目列表',
      icon: <UnorderedListOutlined />,
      description: '新建居住区项目逐关审查：规划、供地、合同、施工、竣工、移交、使用',
      group: PROJECTS_GROUP,
    },
  },
  {
    path: 'projects/map',
    permission: 'projects.read',
    Component: loadPageLazily(
      () => import('../features/projects/projects-map-page.tsx'),
      'ProjectsMapPage',
    ),
    menu: {
      label: '项目地图',
      icon: <PushpinOutlined />,
      description: '新建项目的位置及所处关口',
      group: PROJECTS_GROUP,
    },
  },
  {
    path: 'projects/awaiting',
    permission: 'projects.opine',
    Component: loadPageLazily(
      () => import('../features/projects/awaiting-page.tsx'),
      'AwaitingPage',
    ),
    menu: {
      label: '待我审查',
      icon: <SolutionOutlined />,
      description: '联合审查中待本部门出具的意见及期限',
      group: PROJECTS_GROUP,
    },
  },
  {
    path: 'projects/:id',
    permission: 'projects.read',
    Component: loadPageLazily(
      () => import('../features/projects/project-detail-page.tsx'),
      'ProjectDetailPage',
    ),
  },
  {
    path: 'regions',
    permission: 'reference.read',
    Component: loadPageLazily(() => import('../features/regions/regions-page.tsx'), 'RegionsPage'),
    menu: {
      label: '行政区划',
      icon: <EnvironmentOutlined />,
      description: '区县、镇街、社区（村）及功能区',
    },
  },
  {
    path: 'accounts/users',
    permission: 'users.manage',
    Component: loadPageLazily(() => import('../features/accounts/users-page.tsx'), 'UsersPage'),
    menu: {
      label: '账号管理',
      icon: <TeamOutlined />,
      description: '创建、停用、解锁账号，重置密码',
    },
  },
  {
    path: 'accounts/grants',
    permission: 'grants.manage',
    Component: loadPageLazily(() => import('../features/accounts/grants-page.tsx'), 'GrantsPage'),
    menu: {
      label: '角色授权',
      icon: <SafetyCertificateOutlined />,
      description: '授予角色、数据范围（行政区划 × 设施类别）',
    },
  },
  {
    path: 'settings',
    permission: 'settings.manage',
    Component: loadPageLazily(
      () => import('../features/settings/settings-page.tsx'),
      'SettingsPage',
    ),
    menu: {
      label: '系统设置',
      icon: <SettingOutlined />,
      description: '户均人口、审查时限、督导评分、通报日程等业务参数',
    },
  },
  {
    path: 'audit',
    permission: 'audit.read',
    Component: loadPageLazily(() => import('../features/audit/audit-page.tsx'), 'AuditPage'),
    menu: {
      label: '审计日志',
      icon: <AuditOutlined />,
      description: '查询操作记录，校验哈希链完整性',
    },
  },
  {
    path: 'inbox',
    permission: 'authenticated',
    Component: loadPageLazily(() => import('../features/inbox/inbox-page.tsx'), 'InboxPage'),
    menu: {
      label: '消息中心',
      icon: <BellOutlined />,
      description: '临期提醒、逾期督办、领导批示',
    },
  },
  // P13 residents: the triage queue of residents' feedback and one feedback's page.
  {
    path: 'feedback',
    permission: 'feedback.read',
    Component: loadPageLazily(
      () => import('../features/feedback/feedback-page.tsx'),
      'FeedbackPage',
    ),
    menu: {
      label: '居民反映',
      icon: <TeamOutlined />,
      description: '居民随手拍反映的处理、回访和满意率',
    },
  },
  // P13 满意度调查: the list (linked from 居民反映) and one questionnaire with its results.
  {
    path: 'feedback/questionnaires',
    permission: 'questionnaires.read',
    Component: loadPageLazily(
      () => import('../features/feedback/questionnaires-page.tsx'),
      'QuestionnairesPage',
    ),
  },
  {
    path: 'feedback/questionnaires/:id',
    permission: 'questionnaires.read',
    Component: loadPageLazily(
      () => import('../features/feedback/questionnaire-page.tsx'),
      'QuestionnairePage',
    ),
  },
  {
    path: 'feedback/:id',
    permission: 'feedback.read',
    Component: loadPageLazily(
      () => import('../features/feedback/feedback-detail-page.tsx'),
      'FeedbackDetailPage',
    ),
  },
];

/** The feature route a location belongs to (longest matching path), for the menu highlight. */
export function findFeatureRoute(pathname: string): FeatureRoute | undefined {
  const path = pathname.replace(/^\/+|\/+$/g, '');
  let best: FeatureRoute | undefined;
  for (const route of FEATURE_ROUTES) {
    const matches =
      route.path === '' ? path === '' : path === route.path || path.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}

export type MenuItem = {
  key: string;
  icon: ReactNode;
  label: ReactNode;
  children?: MenuItem[];
};

/** The side menu's items: entries with a group fold under one heading, in FEATURE_ROUTES order. */
export function buildMenuItems(
  routes: readonly FeatureRoute[],
  renderLabel: (route: FeatureRoute) => ReactNode,
): { items: MenuItem[]; groupKeys: string[] } {
  const items: MenuItem[] = [];
  const groups = new Map<string, MenuItem[]>();
  for (const route of routes) {
    if (!route.menu) continue;
    const entry: MenuItem = { key: route.path, icon: route.menu.icon, label: renderLabel(route) };
    const group = route.menu.group;
    if (!group) {
      items.push(entry);
      continue;
    }
    let children = groups.get(group.key);
    if (!children) {
      children = [];
      groups.set(group.key, children);
      items.push({ key: `group:${group.key}`, icon: group.icon, label: group.label, children });
    }
    children.push(entry);
  }
  return { items, groupKeys: [...groups.keys()].map((k) => `group:${k}`) };
}

/** The pages the user may open that have a menu entry, in menu order. */
export function useMenuRoutes(): FeatureRoute[] {
  const { hasPermission } = useAuth();
  return useMemo(
    () => FEATURE_ROUTES.filter((r) => r.menu && hasPermission(r.permission)),
    [hasPermission],
  );
}
