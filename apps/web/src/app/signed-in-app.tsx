import { App as AntApp } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Route, Routes } from 'react-router';
import { ChangePasswordPage } from '../features/auth/change-password-page.tsx';
import { SecondFactorPage } from '../features/auth/second-factor-page.tsx';
import { NotFoundPage } from '../features/errors/not-found-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { RequirePermission } from './guards.tsx';
import { FEATURE_ROUTES } from './routes.tsx';

// Dates are shown only behind sign-in: the Chinese date locale loads with the signed-in app.
dayjs.locale('zh-cn');

/**
 * The signed-in application: the layout and every feature page, loaded after sign-in (see
 * router.tsx). antd's App (message, modal, notification hooks) lives here, not around the
 * sign-in page, which uses none of them.
 */
export function SignedInApp() {
  return (
    <AntApp>
      <Routes>
        <Route element={<AppLayout />}>
          {FEATURE_ROUTES.map((route) => {
            const element = (
              <RequirePermission permission={route.permission}>
                <route.Component />
              </RequirePermission>
            );
            return route.path === '' ? (
              <Route key="" index element={element} />
            ) : (
              <Route key={route.path} path={route.path} element={element} />
            );
          })}
          {/* No permission guard: the one page an account with an administrator-set password may use. */}
          <Route path="change-password" element={<ChangePasswordPage />} />
          {/* No permission guard either: enrolment comes before any other page. */}
          <Route path="second-factor" element={<SecondFactorPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AntApp>
  );
}
