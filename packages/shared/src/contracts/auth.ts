import { z } from 'zod';
import { CATEGORY_CODES } from '../categories.ts';
import { ROLE_CODES } from '../roles.ts';
import { PERMISSION_CODES } from '../permissions.ts';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const sessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLE_CODES)),
  regionCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  categories: z.array(z.enum(CATEGORY_CODES)),
  mustChangePassword: z.boolean(),
  /** The account must enrol a second factor before anything else (administrators, or all by setting). */
  mfaEnrolmentRequired: z.boolean().optional(),
  /** Whether the account signs in with a second factor. */
  mfaEnabled: z.boolean().optional(),
  permissions: z.array(z.enum(PERMISSION_CODES)),
  /**
   * The 4-digit code of the city the platform serves (its CITY_CODE), the same for every account:
   * the root of the region tree and the prefix of the city's department codes.
   */
  cityCode: z.string().regex(/^\d{4}$/),
  /** That city's name (e.g. for an account whose scope is the whole city). */
  cityName: z.string(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const loginResponse = z.object({ user: sessionUser, csrfToken: z.string() });
export const meResponse = z.object({ user: sessionUser, csrfToken: z.string() });
