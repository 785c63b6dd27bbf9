import { Suspense, useEffect, useMemo } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Flex, Layout, Menu, Space, Tag } from 'antd';
import {
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ROLE_NAMES } from '@zibo/shared';
import { PageLoading } from '../shared/states.tsx';
import { useAuth, useCurrentUser } from '../shared/session.tsx';
import { CHANGE_PASSWORD_PATH, SECOND_FACTOR_PATH } from './guards.tsx';
import { PLATFORM_NAME } from '../shared/platform.ts';
import { MenuShortcutsContext, type MenuShortcut } from '../shared/menu.tsx';
import { buildMenuItems, findFeatureRoute, useMenuRoutes } from './routes.tsx';
import { InboxBell } from '../features/inbox/inbox-bell.tsx';

/** Header (platform, user, password, sign-out), side menu from permissions, page content. */
export function AppLayout() {
  const user = useCurrentUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const menuRoutes = useMenuRoutes();
  const current = findFeatureRoute(location.pathname);
  const shortcuts = useMemo(
    () =>
      menuRoutes.flatMap((r): MenuShortcut[] =>
        r.menu
          ? [
              {
                path: r.path,
                label: r.menu.label,
                icon: r.menu.icon,
                description: r.menu.description,
              },
            ]
          : [],
      ),
    [menuRoutes],
  );
  // A new page opens at its top, whichever menu entry far down the page was clicked to reach it.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);
  // Until an administrator-set password is changed the account can do nothing else.
  const restricted = user.mustChangePassword || user.mfaEnrolmentRequired === true;

  const roleNames = user.roles.map((r) => ROLE_NAMES[r]);
  const { items: menuItems, groupKeys } = buildMenuItems(menuRoutes, (r) => (
    <Link to={`/${r.path}`}>{r.menu?.label}</Link>
  ));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* First focusable element: a keyboard user skips the header and the long menu. */}
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        跳到主要内容
      </a>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 24 }}
        role="banner"
      >
        <Link to="/" aria-label={`${PLATFORM_NAME} 首页`}>
          <h1 className="app-header-title">{PLATFORM_NAME}</h1>
        </Link>
        <Flex flex={1} justify="flex-end" align="center" gap={12}>
          {restricted ? null : <InboxBell />}
          <Space size={6} aria-label="当前用户">
            <UserOutlined style={{ color: 'rgba(255,255,255,0.85)' }} />
            <span style={{ color: '#fff' }} data-testid="current-user">
              {user.displayName}
            </span>
            {roleNames.length > 0 ? (
              roleNames.map((name) => (
                <Tag key={name} color="blue" style={{ marginInlineEnd: 0 }}>
                  {name}
                </Tag>
              ))
            ) : (
              <Tag style={{ marginInlineEnd: 0 }}>未授予角色</Tag>
            )}
          </Space>
          <Button
            type="text"
            icon={<KeyOutlined />}
            style={{ color: '#fff' }}
            onClick={() => void navigate(CHANGE_PASSWORD_PATH)}
          >
            修改密码
          </Button>
          <Button
            type="text"
            icon={<SafetyCertificateOutlined />}
            style={{ color: '#fff' }}
            onClick={() => void navigate(SECOND_FACTOR_PATH)}
          >
            动态验证码
          </Button>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            style={{ color: '#fff' }}
            onClick={async () => {
              await signOut();
              await navigate('/login', { replace: true });
            }}
          >
            退出登录
          </Button>
        </Flex>
      </Layout.Header>
      <Layout>
        {restricted ? null : (
          <Layout.Sider width={208} theme="light" breakpoint="lg" collapsedWidth={64}>
            <nav aria-label="主菜单">
              <Menu
                mode="inline"
                selectedKeys={current ? [current.path] : []}
                // Groups start open: a clerk sees every page at once, as on a paper index.
                defaultOpenKeys={groupKeys}
                style={{ borderInlineEnd: 'none', paddingTop: 8 }}
                items={menuItems}
              />
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <main id="main-content" tabIndex={-1} className="app-main">
            <MenuShortcutsContext value={shortcuts}>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </MenuShortcutsContext>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
