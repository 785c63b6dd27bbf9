import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CATEGORY_CODES, ROLE_CODES, type CategoryCode, type RoleCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { currentCity, type City } from '../../platform/city.ts';

export const DEMO_PASSWORD = 'Zibo@2020';

type DemoAccount = {
  username: string;
  displayName: string;
  roles: RoleCode[];
  regionCode: string;
  departmentCode: string | null;
  categories: readonly CategoryCode[];
};

/**
 * The first administrators, city-wide in whichever city the platform serves: the production
 * bootstrap creates them with ADMIN_PASSWORD.
 */
const ADMINISTRATORS: readonly Pick<DemoAccount, 'username' | 'displayName' | 'roles'>[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['sys_admin'] },
  { username: 'security', displayName: '安全管理员', roles: ['security_admin'] },
  { username: 'auditor', displayName: '审计管理员', roles: ['audit_admin'] },
];

const demoAccountsFile = z.array(
  z.strictObject({
    username: z.string().min(1),
    displayName: z.string().min(1),
    roles: z.array(z.enum(ROLE_CODES)),
    regionCode: z.string().regex(/^\d{4}(\d{2}(\d{3}(\d{3})?)?)?$/),
    departmentCode: z.string().min(1).nullable(),
    categories: z.array(z.enum(CATEGORY_CODES)),
  }),
);

/**
 * The demo accounts of API.md (password Zibo@2020), seeded only with SEED_DEMO: they live in the
 * city's reference folder (demo-accounts.json), so a city without one has none (null).
 */
export function demoAccounts(city: City = currentCity()): readonly DemoAccount[] | null {
  const file = path.join(city.dir, 'demo-accounts.json');
  if (!fs.existsSync(file)) return null;
  const parsed = demoAccountsFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  const outside = parsed.data.find((a) => !a.regionCode.startsWith(city.code));
  if (outside) throw new Error(`${file}: ${outside.username} is outside city ${city.code}`);
  return parsed.data;
}

async function userCount(db: Db): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

/** Seeds the demo accounts on an empty account table (demo accounts are exempt from the forced change). */
export async function seedDemoAccounts(db: Db): Promise<number> {
  const accounts = demoAccounts();
  if (!accounts || (await userCount(db)) > 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(users).values(
      accounts.map((a) => ({
        username: a.username,
        displayName: a.displayName,
        passwordHash,
        roles: a.roles,
        regionCode: a.regionCode,
        departmentCode: a.departmentCode,
        categories: [...a.categories],
        mustChangePassword: false,
        mfaExempt: true,
      })),
    );
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'demo.seed_accounts',
      entity: 'user',
      after: { usernames: accounts.map((a) => a.username) },
    });
  });
  return accounts.length;
}

/**
 * Production bootstrap on an empty account table: the three separated administrators, each with
 * ADMIN_PASSWORD and a forced change at first sign-in (so the password in the environment dies).
 */
export async function seedFirstAdministrators(db: Db, adminPassword: string): Promise<number> {
  if ((await userCount(db)) > 0) return 0;
  const passwordHash = await hashPassword(adminPassword);
  const admins = ADMINISTRATORS;
  await db.transaction(async (tx) => {
    await tx.insert(users).values(
      admins.map((a) => ({
        username: a.username,
        displayName: a.displayName,
        passwordHash,
        roles: a.roles,
        // The administrators are city-wide, in whichever city the platform serves.
        regionCode: currentCity().code,
        mustChangePassword: true,
      })),
    );
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'bootstrap.administrators',
      entity: 'user',
      after: { usernames: admins.map((a) => a.username) },
    });
  });
  return admins.length;
}
