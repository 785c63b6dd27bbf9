import { createBrowserRouter, type RouteObject } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page.tsx';
import { ChangePasswordPage } from '../features/auth/change-password-page.tsx';
import { NotFoundPage } from '../features/errors/not-found-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { RequirePermission, RequireSession } from './guards.tsx';
import { FEATURE_ROUTES, type FeatureRoute } from './routes.tsx';

function buildRouteObject(route: FeatureRoute): RouteObject {
  const element = (
    <RequirePermission permission={route.permission}>
      <route.Component />
    </RequirePermission>
  );
  return route.path === '' ? { index: true, element } : { path: route.path, element };
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <SignInPage /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      children: [
        ...FEATURE_ROUTES.map(buildRouteObject),
        // No permission guard: it is the one page an account with an administrator-set password may use.
        { path: 'change-password', element: <ChangePasswordPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
