import { createContext, useContext } from 'react';
import type { Permission, SessionUser } from '@zibo/shared';

/**
 * The session as features see it. The context lives here, below the features, so a feature imports
 * it from `shared/`; `app/auth-context.tsx` provides it (sign-in, recovery after a reload, sign-out).
 */
/** Where the sign-in page returns to after signing in (set by the app shell's session guard). */
export type SignInLocationState = { from?: string } | null;

export type AuthState =
  | { status: 'loading' }
  /** `signedOut`: the person signed out themselves (the next sign-in starts at home). */
  | { status: 'anonymous'; notice: string | null; signedOut?: boolean }
  | { status: 'signed-in'; user: SessionUser };

export type AuthContextValue = {
  state: AuthState;
  /** The signed-in user, or null while loading or signed out. */
  user: SessionUser | null;
  /** `null` when the account has a second factor: call `completeMfa` with its code next. */
  signIn: (username: string, password: string) => Promise<SessionUser | null>;
  completeMfa: (code: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<SessionUser>;
  /** After confirming enrolment: the account now signs in with a second factor. */
  markMfaEnrolled: () => void;
  hasPermission: (permission: Permission | 'authenticated') => boolean;
};

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useCurrentUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useCurrentUser without a signed-in user');
  return user;
}

/**
 * The 4-digit code of the city the platform serves, from the session (`user.cityCode`): the root
 * of the region tree and the prefix of the city's department codes. Only behind the sign-in guard.
 */
export function useCityCode(): string {
  return useCurrentUser().cityCode;
}
