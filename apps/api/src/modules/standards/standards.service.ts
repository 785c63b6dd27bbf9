import { and, desc, eq, sql } from 'drizzle-orm';
import {
  CATEGORIES,
  FACILITY_TYPES,
  type CategoryCode,
  type StandardRule,
  type StandardRuleInput,
  type StandardRuleUpdate,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { bumpRevision } from '../../platform/revisions.ts';
import { conflict, forbidden, notFound, ruleViolation } from '../../platform/http/errors.ts';
import { departmentCode, findDepartment } from '../org/index.ts';
import { buildRuleFromInput, loadStandardsCatalogue } from './catalogue.ts';
import { standardRules } from './standards.tables.ts';

type RuleRow = typeof standardRules.$inferSelect;

/** Loads the catalogue (data/standards) as version 1 of every rule, on an empty table. */
export async function loadStandards(db: Db): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(standardRules);
  if (n > 0) return 0;
  const rules = loadStandardsCatalogue();
  await db.transaction(async (tx) => {
    await tx.insert(standardRules).values(
      rules.map((r) => ({
        id: r.id,
        version: r.version,
        current: true,
        category: r.category,
        facilityType: r.facilityType,
        rule: r,
      })),
    );
    await bumpRevision(tx, 'standards');
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'standards.load',
      entity: 'standard_rule',
      after: { rules: rules.length },
    });
  });
  return rules.length;
}

/** The current version of every rule (what evaluations use). */
export async function currentRules(db: Db): Promise<StandardRule[]> {
  const rows = await db
    .select({ rule: standardRules.rule })
    .from(standardRules)
    .where(eq(standardRules.current, true))
    .orderBy(standardRules.id);
  return rows.map((r) => r.rule as StandardRule);
}

/** The categories the actor's department leads: the only ones whose rules it may change (P3). */
async function ledCategories(db: Db, actor: Actor): Promise<CategoryCode[]> {
  if (!actor.permissions.has('standards.manage') || !actor.departmentCode) return [];
  const dep = await findDepartment(db, actor.departmentCode);
  return (dep?.categories ?? []) as CategoryCode[];
}

function present(
  rule: StandardRule,
  led: readonly CategoryCode[],
  meta?: { createdByName: string | null; createdAt: Date },
) {
  return {
    ...rule,
    changedBy: meta?.createdByName ?? null,
    changedAt: meta?.createdAt.toISOString() ?? null,
    abilities: {
      update: !rule.informational && rule.category !== null && led.includes(rule.category),
    },
  };
}

export async function findStandards(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const led = await ledCategories(db, actor);
  const rows = await db
    .select()
    .from(standardRules)
    .where(eq(standardRules.current, true))
    .orderBy(standardRules.id);
  return {
    categories: CATEGORIES.map((c) => ({
      code: c.code,
      name: c.name,
      leadDepartmentCode: departmentCode('3703', c.leadDepartmentKind),
    })),
    facilityTypes: FACILITY_TYPES.map((t) => ({
      code: t.code,
      category: t.category,
      name: t.name,
    })),
    rules: rows.map((r) => present(r.rule as StandardRule, led, r)),
    abilities: { create: led.length > 0 },
    ledCategories: led,
  };
}

export async function findRuleVersions(input: { db: Db; actor: Actor; id: string }) {
  const { db, actor, id } = input;
  const led = await ledCategories(db, actor);
  const rows = await db
    .select()
    .from(standardRules)
    .where(eq(standardRules.id, id))
    .orderBy(desc(standardRules.version));
  if (rows.length === 0) throw notFound('配建标准条目');
  return rows.map((r) => present(r.rule as StandardRule, led, r));
}

function assertLeads(led: readonly CategoryCode[], category: CategoryCode | null): void {
  if (!category || !led.includes(category)) throw forbidden('只能维护本部门主管类别的配建标准');
}

/** A department adds a rule of a category it leads. */
export async function createRule(input: { db: Db; actor: Actor; data: StandardRuleInput }) {
  const { db, actor, data } = input;
  const led = await ledCategories(db, actor);
  const id = await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(distinct id)::int` })
      .from(standardRules)
      .where(sql`${standardRules.id} like 'ZB-%'`);
    const newId = `ZB-${String(n + 1).padStart(3, '0')}`;
    const rule = buildRuleFromInput(data, { id: newId, version: 1 });
    assertLeads(led, rule.category);
    await tx.insert(standardRules).values({
      id: newId,
      version: 1,
      current: true,
      category: rule.category,
      facilityType: rule.facilityType,
      rule,
      createdBy: actor.id,
      createdByName: actor.displayName,
    });
    await bumpRevision(tx, 'standards');
    await recordAudit(tx, {
      actor,
      action: 'standard.create',
      entity: 'standard_rule',
      entityId: newId,
      after: rule,
    });
    return newId;
  });
  return (await findRuleVersions({ db, actor, id }))[0]!;
}

/** Every change is a new version; the previous one stays on record (and in old findings). */
export async function updateRule(input: {
  db: Db;
  actor: Actor;
  id: string;
  data: StandardRuleUpdate;
}) {
  const { db, actor, id, data } = input;
  const led = await ledCategories(db, actor);
  await db.transaction(async (tx) => {
    const [cur] = await tx
      .select()
      .from(standardRules)
      .where(and(eq(standardRules.id, id), eq(standardRules.current, true)))
      .for('update');
    if (!cur) throw notFound('配建标准条目');
    const before = cur.rule as StandardRule;
    assertLeads(led, before.category);
    if (before.informational) throw ruleViolation('参考条文不参与核算，不能修改');
    if (cur.version !== data.version) throw conflict('该条标准已被他人修改，请刷新后重试');
    const { version: _v, ...fields } = data;
    const after = buildRuleFromInput(fields, { id, version: cur.version + 1, code: before.code });
    if (after.category !== before.category) throw ruleViolation('不能把标准改到其他设施类别');
    const kept: StandardRule = {
      ...after,
      catalogueCodes: before.catalogueCodes,
      origin: before.origin,
      derivedFrom: before.derivedFrom,
    };
    await tx
      .update(standardRules)
      .set({ current: false })
      .where(and(eq(standardRules.id, id), eq(standardRules.version, cur.version)));
    await tx.insert(standardRules).values({
      id,
      version: kept.version,
      current: true,
      category: kept.category,
      facilityType: kept.facilityType,
      rule: kept,
      createdBy: actor.id,
      createdByName: actor.displayName,
    });
    await bumpRevision(tx, 'standards');
    await recordAudit(tx, {
      actor,
      action: 'standard.update',
      entity: 'standard_rule',
      entityId: id,
      before,
      after: kept,
    });
  });
  return (await findRuleVersions({ db, actor, id }))[0]!;
}

export type { RuleRow };
