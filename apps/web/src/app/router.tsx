import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page.tsx';
import { BootLoading } from '../shared/boot-loading.tsx';
import { RequireSession } from './guards.tsx';

/**
 * Only the sign-in page is in the first download (P13: under 200 KB gzip of JavaScript before
 * sign-in). Everything behind it — the menu, the layout, the feature routes and their icons —
 * comes with the first signed-in page, as descendant routes of SignedInApp.
 */
const SignedInApp = lazy(async () => ({
  default: (await import('./signed-in-app.tsx')).SignedInApp,
}));

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <SignInPage /> },
    {
      path: '*',
      element: (
        <RequireSession>
          <Suspense fallback={<BootLoading />}>
            <SignedInApp />
          </Suspense>
        </RequireSession>
      ),
    },
  ]);
}
