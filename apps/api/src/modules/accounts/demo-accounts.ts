import { sql } from 'drizzle-orm';
import { CATEGORY_CODES, type CategoryCode, type RoleCode } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { currentCity } from '../../platform/city.ts';

export const DEMO_PASSWORD = 'Zibo@2020';

type DemoAccount = {
  username: string;
  displayName: string;
  roles: RoleCode[];
  regionCode: string;
  departmentCode: string | null;
  categories: readonly CategoryCode[];
};

const ALL = CATEGORY_CODES;

/** The demo accounts of API.md (password Zibo@2020), seeded only with SEED_DEMO. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: '系统管理员（演示）',
    roles: ['sys_admin'],
    regionCode: '3703',
    departmentCode: null,
    categories: [],
  },
  {
    username: 'security',
    displayName: '安全管理员（演示）',
    roles: ['security_admin'],
    regionCode: '3703',
    departmentCode: null,
    categories: [],
  },
  {
    username: 'auditor',
    displayName: '审计管理员（演示）',
    roles: ['audit_admin'],
    regionCode: '3703',
    departmentCode: null,
    categories: [],
  },
  {
    username: 'office',
    displayName: '领导小组办公室（演示）',
    roles: ['office'],
    regionCode: '3703',
    departmentCode: '3703-natural_resources',
    categories: ALL,
  },
  {
    username: 'nr',
    displayName: '市自然资源和规划局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-natural_resources',
    categories: ALL,
  },
  {
    username: 'housing',
    displayName: '市住房和城乡建设局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-housing',
    categories: ALL,
  },
  {
    username: 'edu',
    displayName: '市教育局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-education',
    categories: ['education'],
  },
  {
    username: 'civil',
    displayName: '市民政局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-civil_affairs',
    categories: ['community_service', 'elderly_care'],
  },
  {
    username: 'commerce',
    displayName: '市商务局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-commerce',
    categories: ['commerce'],
  },
  {
    username: 'sports',
    displayName: '市体育局（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-sports',
    categories: ['sports'],
  },
  {
    username: 'health',
    displayName: '市卫生健康委员会（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-health',
    categories: ['health'],
  },
  {
    username: 'zhangdian',
    displayName: '张店区（演示）',
    roles: ['district'],
    regionCode: '370303',
    departmentCode: null,
    categories: ALL,
  },
  {
    username: 'zichuan',
    displayName: '淄川区（演示）',
    roles: ['district'],
    regionCode: '370302',
    departmentCode: null,
    categories: ALL,
  },
  {
    username: 'chezhan',
    displayName: '车站街道（演示）',
    roles: ['street'],
    regionCode: '370303001',
    departmentCode: null,
    categories: ALL,
  },
  {
    username: 'leader',
    displayName: '市领导（演示）',
    roles: ['leader'],
    regionCode: '3703',
    departmentCode: null,
    categories: ALL,
  },
  {
    username: 'developer1',
    displayName: '演示置业有限公司（演示）',
    roles: ['developer_org'],
    regionCode: '3703',
    departmentCode: null,
    categories: ALL,
  },
  // Not in API.md's list: the state-asset agency signs the handover of government-owned
  // facilities (P10); appended last so the other accounts keep their ids.
  {
    username: 'assets',
    displayName: '市国有资产监督管理机构（演示）',
    roles: ['department'],
    regionCode: '3703',
    departmentCode: '3703-state_assets',
    categories: ALL,
  },
];

async function userCount(db: Db): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

/** Seeds the demo accounts on an empty account table (demo accounts are exempt from the forced change). */
export async function seedDemoAccounts(db: Db): Promise<number> {
  if ((await userCount(db)) > 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(users).values(
      DEMO_ACCOUNTS.map((a) => ({
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
      after: { usernames: DEMO_ACCOUNTS.map((a) => a.username) },
    });
  });
  return DEMO_ACCOUNTS.length;
}

/**
 * Production bootstrap on an empty account table: the three separated administrators, each with
 * ADMIN_PASSWORD and a forced change at first sign-in (so the password in the environment dies).
 */
export async function seedFirstAdministrators(db: Db, adminPassword: string): Promise<number> {
  if ((await userCount(db)) > 0) return 0;
  const passwordHash = await hashPassword(adminPassword);
  const admins = DEMO_ACCOUNTS.slice(0, 3);
  await db.transaction(async (tx) => {
    await tx.insert(users).values(
      admins.map((a) => ({
        username: a.username,
        displayName: a.displayName.replace('（演示）', ''),
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
