import {
  CATEGORY_CODES,
  type CategoryCode,
  type Permission,
  type RoleCode,
  permissionsOf,
} from '@zibo/shared';
import { currentCity } from '../city.ts';

/** Who is acting: the signed-in account with its permissions and data scope. */
export type Actor = {
  id: number;
  username: string;
  displayName: string;
  roles: RoleCode[];
  permissions: Set<Permission>;
  /** Region subtree the account may see: the code is a prefix of every code below it. */
  regionCode: string | null;
  departmentCode: string | null;
  /** Facility categories the account may see; all six for an unrestricted account. */
  categories: CategoryCode[];
  mustChangePassword: boolean;
  sessionId: string | null;
  ip: string | null;
};

/** Audit-only identity for work the system does itself (start-up seeding, scheduled jobs). */
export const SYSTEM_ACTOR: Actor = {
  id: 0,
  username: 'system',
  displayName: '系统',
  roles: [],
  permissions: new Set(),
  // The whole city the platform serves (CITY_CODE).
  get regionCode() {
    return currentCity().code;
  },
  departmentCode: null,
  categories: [...CATEGORY_CODES],
  mustChangePassword: false,
  sessionId: null,
  ip: null,
};

export function actorFromUser(
  u: {
    id: number;
    username: string;
    displayName: string;
    roles: string[];
    regionCode: string | null;
    departmentCode: string | null;
    categories: string[];
    mustChangePassword: boolean;
  },
  session: { id: string | null; ip: string | null },
): Actor {
  const roles = u.roles as RoleCode[];
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles,
    permissions: permissionsOf(roles),
    regionCode: u.regionCode,
    departmentCode: u.departmentCode,
    categories: u.categories as CategoryCode[],
    mustChangePassword: u.mustChangePassword,
    sessionId: session.id,
    ip: session.ip,
  };
}

export function hasPermission(actor: Actor, p: Permission): boolean {
  return actor.permissions.has(p);
}
