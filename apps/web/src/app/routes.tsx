import { lazy, useMemo, type ComponentType, type ReactNode } from 'react';
import {
  AuditOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@zibo/shared';
import { useAuth } from './auth-context.tsx';

/**
 * One page of a feature: where it lives, who may open it, and its menu entry. The side menu,
 * the route guard and the home workbench are all built from FEATURE_ROUTES, so adding a feature
 * (ledger, survey, gap analysis, problems, projects…) is adding entries here.
 */
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
    path: 'audit',
    permission: 'audit.read',
    Component: loadPageLazily(() => import('../features/audit/audit-page.tsx'), 'AuditPage'),
    menu: {
      label: '审计日志',
      icon: <AuditOutlined />,
      description: '查询操作记录，校验哈希链完整性',
    },
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

/** The pages the user may open that have a menu entry, in menu order. */
export function useMenuRoutes(): FeatureRoute[] {
  const { hasPermission } = useAuth();
  return useMemo(
    () => FEATURE_ROUTES.filter((r) => r.menu && hasPermission(r.permission)),
    [hasPermission],
  );
}
