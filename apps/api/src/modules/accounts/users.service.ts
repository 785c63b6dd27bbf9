import { bumpRevision } from '../../platform/revisions.ts';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { CategoryCode, RoleCode, UserRecord } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { departments, regions } from '../org/index.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { deleteUserSessions } from '../../platform/auth/sessions.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import {
  AppError,
  conflict,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { grantProblem, userAbilities } from './users.policy.ts';
import { nextPasswordHistory } from './sign-in.service.ts';

type UserRow = typeof users.$inferSelect;

/** The account as the admins see it; never the password hash. */
function publicFields(u: UserRow) {
  return {
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    regionCode: u.regionCode,
    departmentCode: u.departmentCode,
    categories: u.categories,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
  };
}

const listColumns = {
  user: users,
  regionName: regions.name,
  departmentName: departments.name,
};

function present(
  actor: Actor,
  row: { user: UserRow; regionName: string | null; departmentName: string | null },
): UserRecord {
  const u = row.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles as RoleCode[],
    regionCode: u.regionCode,
    regionName: row.regionName,
    departmentCode: u.departmentCode,
    departmentName: row.departmentName,
    categories: u.categories as CategoryCode[],
    disabled: u.disabled,
    locked: (!!u.lockedUntil && u.lockedUntil.getTime() > Date.now()) || !!u.inactiveLockedAt,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
    abilities: userAbilities(actor, u),
  };
}

function baseQuery(db: Db) {
  return db
    .select(listColumns)
    .from(users)
    .leftJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.code, users.departmentCode));
}

export async function findUsers(input: {
  db: Db;
  actor: Actor;
  q?: string | undefined;
  role?: RoleCode | undefined;
  page: number;
  pageSize: number;
}) {
  const { db, actor } = input;
  const conds: SQL[] = [];
  if (input.q) {
    const like = `%${input.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${users.username} ilike ${like} or ${users.displayName} ilike ${like})`);
  }
  if (input.role) conds.push(sql`${input.role} = any(${users.roles})`);
  const where = conds.length ? and(...conds) : undefined;
  const rows = await baseQuery(db)
    .where(where)
    .orderBy(asc(users.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  return { items: rows.map((r) => present(actor, r)), total };
}

export async function findUser(db: Db, actor: Actor, id: number): Promise<UserRecord> {
  const [row] = await baseQuery(db).where(eq(users.id, id));
  if (!row) throw notFound('账号');
  return present(actor, row);
}

async function assertRegionAndDepartment(
  db: Db,
  regionCode: string,
  departmentCode: string | null | undefined,
) {
  const [region] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.code, regionCode));
  if (!region)
    throw validationFailed([{ path: 'regionCode', message: '行政区划不存在' }], '行政区划不存在');
  if (departmentCode) {
    const [dep] = await db.select().from(departments).where(eq(departments.code, departmentCode));
    if (!dep)
      throw validationFailed([{ path: 'departmentCode', message: '部门不存在' }], '部门不存在');
  }
}

/** Creates an account with no roles; it must change the administrator-set password first. */
export async function createUser(input: {
  db: Db;
  actor: Actor;
  username: string;
  displayName: string;
  password: string;
  regionCode: string;
  departmentCode?: string | null | undefined;
}): Promise<UserRecord> {
  const { db, actor } = input;
  await assertRegionAndDepartment(db, input.regionCode, input.departmentCode);
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${input.username})`);
  if (existing) throw new AppError('CONFLICT', `用户名 ${input.username} 已存在`);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        regionCode: input.regionCode,
        departmentCode: input.departmentCode ?? null,
        mustChangePassword: true,
      })
      .returning();
    if (!created) throw new Error('insert returned nothing');
    await recordAudit(tx, {
      actor,
      action: 'user.create',
      entity: 'user',
      entityId: created.id,
      after: publicFields(created),
    });
    return created.id;
  });
  return findUser(db, actor, id);
}

async function lockRow(tx: Db, id: number, version?: number) {
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!row) throw notFound('账号');
  if (version !== undefined && row.version !== version) throw conflict();
  return row;
}

export async function updateUser(input: {
  db: Db;
  actor: Actor;
  id: number;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
  unlock?: boolean | undefined;
  version?: number | undefined;
}): Promise<UserRecord> {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const before = await lockRow(tx, id, input.version);
    if (input.disabled !== undefined && id === actor.id) {
      throw ruleViolation('不能停用自己的账号');
    }
    // Kept answers that name the account (the projects list names developers) read again.
    if (input.displayName !== undefined) await bumpRevision(tx, 'accounts');
    const [after] = await tx
      .update(users)
      .set({
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        // Unlocking also lifts the inactivity lock; inactivity then counts from now.
        ...(input.unlock
          ? {
              lockedUntil: null,
              failedAttempts: 0,
              inactiveLockedAt: null,
              ...(before.inactiveLockedAt ? { reactivatedAt: new Date() } : {}),
            }
          : {}),
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw notFound('账号');
    if (input.disabled) await deleteUserSessions(tx, id);
    await recordAudit(tx, {
      actor,
      action:
        input.disabled === true
          ? 'user.disable'
          : input.disabled === false
            ? 'user.enable'
            : input.unlock && input.displayName === undefined
              ? 'user.unlock'
              : 'user.update',
      entity: 'user',
      entityId: id,
      before: publicFields(before),
      after: {
        ...publicFields(after),
        ...(input.unlock
          ? { unlocked: true, ...(before.inactiveLockedAt ? { inactiveLockLifted: true } : {}) }
          : {}),
      },
    });
  });
  return findUser(db, actor, id);
}

/** Sets a new administrator-chosen password: forced change at next sign-in, sessions ended. */
export async function resetPassword(input: {
  db: Db;
  actor: Actor;
  id: number;
  password: string;
}): Promise<UserRecord> {
  const { db, actor, id } = input;
  if (id === actor.id) throw ruleViolation('请通过“修改密码”更改自己的密码');
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const before = await lockRow(tx, id);
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordHistory: nextPasswordHistory(before),
        mustChangePassword: true,
        failedAttempts: 0,
        lockedUntil: null,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(users.id, id));
    await deleteUserSessions(tx, id);
    await recordAudit(tx, { actor, action: 'user.reset_password', entity: 'user', entityId: id });
  });
  return findUser(db, actor, id);
}

/** Grants roles and the data scope (security administrator only, never to oneself). */
export async function setGrants(input: {
  db: Db;
  actor: Actor;
  id: number;
  roles: RoleCode[];
  regionCode: string;
  categories: CategoryCode[];
  departmentCode?: string | null | undefined;
  version?: number | undefined;
}): Promise<UserRecord> {
  const { db, actor, id } = input;
  if (id === actor.id) throw ruleViolation('不能修改自己的角色和数据范围');
  const roles = [...new Set(input.roles)];
  const problem = grantProblem(roles);
  if (problem) throw ruleViolation(problem, [{ path: 'roles', message: problem }]);
  await assertRegionAndDepartment(db, input.regionCode, input.departmentCode);
  if (roles.includes('department') && !input.departmentCode) {
    const [u] = await db.select({ d: users.departmentCode }).from(users).where(eq(users.id, id));
    if (!u?.d)
      throw ruleViolation('主管部门角色须指定所属部门', [
        { path: 'departmentCode', message: '请指定所属部门' },
      ]);
  }
  await db.transaction(async (tx) => {
    const before = await lockRow(tx, id, input.version);
    const [after] = await tx
      .update(users)
      .set({
        roles,
        regionCode: input.regionCode,
        categories: [...new Set(input.categories)],
        ...(input.departmentCode !== undefined ? { departmentCode: input.departmentCode } : {}),
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw notFound('账号');
    // A changed scope takes effect at once: the account signs in again.
    await deleteUserSessions(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'user.grant',
      entity: 'user',
      entityId: id,
      before: {
        roles: before.roles,
        regionCode: before.regionCode,
        categories: before.categories,
        departmentCode: before.departmentCode,
      },
      after: {
        roles: after.roles,
        regionCode: after.regionCode,
        categories: after.categories,
        departmentCode: after.departmentCode,
      },
    });
  });
  return findUser(db, actor, id);
}
