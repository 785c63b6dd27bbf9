import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '@zibo/shared';
import { BootLoading } from '../shared/boot-loading.tsx';
import { useAuth, type SignInLocationState } from '../shared/session.tsx';

// Not in the sign-in page's download: only a signed-in person can lack a permission.
const ForbiddenPage = lazy(async () => ({
  default: (await import('../features/errors/forbidden-page.tsx')).ForbiddenPage,
}));

export const CHANGE_PASSWORD_PATH = '/change-password';
export const SECOND_FACTOR_PATH = '/second-factor';

/**
 * Pages behind sign-in. An account with an administrator-set password goes to the change page
 * first: the API refuses it everything else (PASSWORD_CHANGE_REQUIRED).
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') return <BootLoading tip="正在恢复登录状态…" />;
  if (state.status === 'anonymous') {
    // After signing out, the page one was on is not where the next person wants to land (it may
    // not even be theirs); after an expired session, it is where this person continues.
    const from = state.signedOut ? '/' : `${location.pathname}${location.search}`;
    return (
      <Navigate
        to="/login"
        replace
        state={from === '/' ? null : ({ from } satisfies SignInLocationState)}
      />
    );
  }
  if (state.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  // 等保 8.1.4.1 d: administrators (or everyone, by setting) enrol a second factor first.
  if (
    !state.user.mustChangePassword &&
    state.user.mfaEnrolmentRequired &&
    location.pathname !== SECOND_FACTOR_PATH
  ) {
    return <Navigate to={SECOND_FACTOR_PATH} replace />;
  }
  return children;
}

/** The second guard: the page's permission, the same one that lists it in the menu. */
export function RequirePermission(props: {
  permission: Permission | 'authenticated';
  children: ReactNode;
}) {
  const { hasPermission } = useAuth();
  if (!hasPermission(props.permission)) {
    return (
      <Suspense fallback={<BootLoading />}>
        <ForbiddenPage />
      </Suspense>
    );
  }
  return props.children;
}
