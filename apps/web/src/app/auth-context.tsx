import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { SessionUser } from '@zibo/shared';
import { ApiError, api, requestApi, setCsrfToken, setSessionEvents } from '../api/client.ts';
import { AuthContext, type AuthContextValue, type AuthState } from '../shared/session.tsx';

type SessionResponse = { user: SessionUser; csrfToken: string };

/** Holds the session: recovers it after a reload (`/auth/me`), signs in and out. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  // While the sign-out request runs, a request of the page that was open can come back 401 (the
  // server ended the session first). That is the sign-out itself, not an expired session: no
  // "会话已超时" notice, and the next sign-in starts at home, not at that page.
  const signingOut = useRef(false);

  const endSession = useCallback(
    (notice: string | null, signedOut = false) => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: 'anonymous', notice, signedOut });
    },
    [queryClient],
  );

  useEffect(() => {
    setSessionEvents({
      onUnauthenticated: (message) =>
        signingOut.current ? endSession(null, true) : endSession(message),
      onPasswordChangeRequired: () =>
        setState((s) =>
          s.status === 'signed-in' ? { ...s, user: { ...s.user, mustChangePassword: true } } : s,
        ),
      onMfaEnrolmentRequired: () =>
        setState((s) =>
          s.status === 'signed-in' ? { ...s, user: { ...s.user, mfaEnrolmentRequired: true } } : s,
        ),
    });
    return () => setSessionEvents(null);
  }, [endSession]);

  useEffect(() => {
    let cancelled = false;
    requestApi<SessionResponse>('GET', '/auth/me', { ignoreSessionEvents: true })
      .then((me) => {
        if (cancelled) return;
        setCsrfToken(me.csrfToken);
        setState({ status: 'signed-in', user: me.user });
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        // No session yet is the normal first visit, not something to warn about.
        const expired = e instanceof ApiError && e.message === '会话已超时，请重新登录';
        setState({ status: 'anonymous', notice: expired ? e.message : null });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const result = await api.post<SessionResponse | { mfaRequired: true }>(
        '/auth/login',
        { username, password },
        { ignoreSessionEvents: true },
      );
      if ('mfaRequired' in result) return null;
      queryClient.clear();
      setCsrfToken(result.csrfToken);
      setState({ status: 'signed-in', user: result.user });
      return result.user;
    },
    [queryClient],
  );

  const completeMfa = useCallback(
    async (code: string) => {
      const result = await api.post<SessionResponse>(
        '/auth/mfa',
        { code },
        { ignoreSessionEvents: true },
      );
      queryClient.clear();
      setCsrfToken(result.csrfToken);
      setState({ status: 'signed-in', user: result.user });
      return result.user;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    signingOut.current = true;
    try {
      await api.post('/auth/logout', {}, { ignoreSessionEvents: true });
    } catch {
      // The session may already be gone; signing out locally is what the user asked for.
    } finally {
      signingOut.current = false;
    }
    endSession(null, true);
  }, [endSession]);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const result = await api.post<{ user: SessionUser }>('/auth/change-password', {
      currentPassword,
      newPassword,
    });
    setState({ status: 'signed-in', user: result.user });
    return result.user;
  }, []);

  const markMfaEnrolled = useCallback(() => {
    setState((s) =>
      s.status === 'signed-in'
        ? { ...s, user: { ...s.user, mfaEnrolmentRequired: false, mfaEnabled: true } }
        : s,
    );
  }, []);

  const value = useMemo<AuthContextValue>(() => {
    const user = state.status === 'signed-in' ? state.user : null;
    return {
      state,
      user,
      signIn,
      completeMfa,
      signOut,
      changePassword,
      markMfaEnrolled,
      hasPermission: (permission) =>
        user !== null && (permission === 'authenticated' || user.permissions.includes(permission)),
    };
  }, [state, signIn, completeMfa, signOut, changePassword, markMfaEnrolled]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
