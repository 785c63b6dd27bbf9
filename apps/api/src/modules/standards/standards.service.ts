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
import { loadStandardsCatalogue } from './catalogue.ts';
import { buildRuleFromInput } from './rule-input.ts';
import { standardRules } from './standards.tables.ts';
import { currentCity } from '../../platform/city.ts';

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

/** JSON with sorted keys, so two rules compare by content whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

const sameContent = (a: StandardRule, b: StandardRule) =>
  canonical({ ...a, version: 0 }) === canonical({ ...b, version: 0 });

/**
 * Brings an existing database up to the reference catalogue (P3): a rule whose catalogue row
 * was corrected gets a new version (the old one stays in its history and in old findings), a
 * rule the catalogue adds gets version 1. A rule a department has changed keeps its figures;
 * only its citation and research note follow the catalogue. Idempotent: a second run finds
 * nothing to do.
 */
export async function syncStandardsCatalogue(
  db: Db,
  catalogue: readonly StandardRule[] = loadStandardsCatalogue(),
): Promise<{ added: string[]; versioned: string[] }> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(standardRules).where(eq(standardRules.current, true));
    const current = new Map(rows.map((r) => [r.id, r]));
    const added: string[] = [];
    const versioned: string[] = [];
    for (const next of catalogue) {
      const cur = current.get(next.id);
      if (!cur) {
        await tx.insert(standardRules).values({
          id: next.id,
          version: 1,
          current: true,
          category: next.category,
          facilityType: next.facilityType,
          rule: { ...next, version: 1 },
        });
        added.push(next.id);
        continue;
      }
      const before = cur.rule as StandardRule;
      const edited = cur.createdBy !== null;
      const target: StandardRule = edited
        ? {
            ...before,
            source: next.source,
            clause: next.clause,
            researchNote: next.researchNote ?? null,
          }
        : next;
      if (sameContent(before, target)) continue;
      const version = cur.version + 1;
      await tx
        .update(standardRules)
        .set({ current: false })
        .where(and(eq(standardRules.id, cur.id), eq(standardRules.version, cur.version)));
      await tx.insert(standardRules).values({
        id: cur.id,
        version,
        current: true,
        category: target.category,
        facilityType: target.facilityType,
        rule: { ...target, version },
      });
      versioned.push(cur.id);
    }
    if (added.length + versioned.length > 0) {
      await bumpRevision(tx, 'standards');
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: 'standards.sync',
        entity: 'standard_rule',
        after: { added, versioned },
      });
    }
    return { added, versioned };
  });
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

/**
 * The departments leading a rule's category maintain it; the general rules (life-circle tiers,
 * totals) belong to every department that maintains standards.
 */
function maintains(rule: StandardRule, led: readonly CategoryCode[]): boolean {
  return rule.category === null ? led.length > 0 : led.includes(rule.category);
}

/** What a user sees of a rule: the research note and catalogue text only for its maintainers. */
export function ruleForReader(rule: StandardRule, led: readonly CategoryCode[]): StandardRule {
  if (maintains(rule, led)) return { ...rule, researchNote: rule.researchNote ?? null };
  const { researchNote: _note, ...shown } = rule;
  return { ...shown, origin: null };
}

function present(
  rule: StandardRule,
  led: readonly CategoryCode[],
  meta?: { createdByName: string | null; createdAt: Date },
) {
  return {
    ...ruleForReader(rule, led),
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
      leadDepartmentCode: departmentCode(currentCity().code, c.leadDepartmentKind),
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
