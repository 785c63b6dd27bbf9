import { eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Permission, SettingDescriptor, SettingValue, SettingsGroupView } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import {
  conflict,
  forbidden,
  notFound,
  ruleViolation,
  validationFailed,
} from '../../platform/http/errors.ts';
import { settings } from './org.tables.ts';

/**
 * The settings registry: every business setting the API has, described for the system
 * administrator's settings page (key, group, Chinese label, type, bounds, help). A module
 * registers a group of its settings once, at import (DEVELOPERS.md, "Settings"); the page
 * shows whatever is registered, validates by the descriptors, and audits every change.
 */
export type SettingsContext = { db: Db; config: Config };

export type SettingsGroupDefinition = {
  /** Stable id, in URLs: `/api/settings/groups/<id>`. */
  id: string;
  label: string;
  help: string;
  /** Place on the page, ascending. */
  order: number;
  /** Any of these lets an account see and change the group. */
  permissions: readonly Permission[];
  fields: readonly SettingDescriptor[];
  /** Current values by field key, and the group's optimistic-lock version. */
  read: (
    ctx: SettingsContext,
  ) => Promise<{ values: Record<string, SettingValue>; version: number }>;
  /**
   * Stores a complete set of values (each already checked against its descriptor) in the
   * caller's transaction. Throws validationFailed for rules between fields. Absent: the group
   * is read-only (deployment configuration, set by the server's environment).
   */
  write?: (tx: Db, values: Record<string, SettingValue>) => Promise<void>;
};

const GROUPS = new Map<string, SettingsGroupDefinition>();

/** Adds a group of settings to the page. Ids and keys are unique; choices need options. */
export function registerSettingsGroup(group: SettingsGroupDefinition): void {
  if (GROUPS.has(group.id)) throw new Error(`settings group ${group.id} registered twice`);
  const keys = new Set<string>();
  for (const f of group.fields) {
    if (keys.has(f.key)) throw new Error(`settings group ${group.id}: key ${f.key} twice`);
    keys.add(f.key);
    if (f.type === 'choice' && !f.options?.length)
      throw new Error(`settings group ${group.id}: choice ${f.key} without options`);
  }
  GROUPS.set(group.id, group);
}

export function listSettingsGroups(): SettingsGroupDefinition[] {
  return [...GROUPS.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

const mayUse = (actor: Actor, g: SettingsGroupDefinition) =>
  g.permissions.some((p) => actor.permissions.has(p));

async function viewOf(g: SettingsGroupDefinition, ctx: SettingsContext) {
  const { values, version } = await g.read(ctx);
  return {
    id: g.id,
    label: g.label,
    help: g.help,
    editable: Boolean(g.write),
    version,
    fields: g.fields.map((f) => ({ ...f, value: values[f.key]! })),
  } satisfies SettingsGroupView;
}

/** The groups this account may see, with their current values. */
export async function readSettingsGroups(
  ctx: SettingsContext,
  actor: Actor,
): Promise<SettingsGroupView[]> {
  const out: SettingsGroupView[] = [];
  for (const g of listSettingsGroups()) if (mayUse(actor, g)) out.push(await viewOf(g, ctx));
  return out;
}

const range = (f: SettingDescriptor) => {
  const unit = f.unit ? ` ${f.unit}` : '';
  if (f.min !== undefined && f.max !== undefined)
    return `应在 ${f.min} 到 ${f.max}${unit || ' '}之间`;
  if (f.min !== undefined) return `不能小于 ${f.min}${unit}`;
  return `不能大于 ${f.max}${unit}`;
};

/** One value against its descriptor: null when it fits, else the Chinese reason. */
export function checkSettingValue(f: SettingDescriptor, value: unknown): string | null {
  const name = `“${f.label}”`;
  switch (f.type) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${name}应为数字`;
      if (f.type === 'integer' && !Number.isInteger(value)) return `${name}应为整数`;
      if ((f.min !== undefined && value < f.min) || (f.max !== undefined && value > f.max))
        return `${name}${range(f)}`;
      return null;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `${name}应为“是”或“否”`;
    case 'text': {
      if (typeof value !== 'string') return `${name}应为文字`;
      const length = [...value.trim()].length;
      if (f.min !== undefined && f.min > 0 && length === 0) return `${name}不能为空`;
      if (f.maxLength !== undefined && length > f.maxLength)
        return `${name}不能超过 ${f.maxLength} 个字`;
      return null;
    }
    case 'choice':
      return f.options?.some((o) => o.value === value)
        ? null
        : `${name}应为以下之一：${f.options?.map((o) => o.label).join('、')}`;
  }
}

/** Zod issues of a module's own schema, as field errors of the page (its messages are Chinese). */
export function issuesToDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const show = (f: SettingDescriptor, v: SettingValue | undefined): SettingValue | null => {
  if (v === undefined) return null;
  if (f.type === 'boolean') return v ? '是' : '否';
  if (f.type === 'choice') return f.options?.find((o) => o.value === v)?.label ?? String(v);
  return v;
};

/**
 * Changes some settings of one group: each value is checked against its descriptor, the group
 * checks the rules between them, and one audit record names the changes in Chinese.
 */
export async function updateSettingsGroup(input: {
  ctx: SettingsContext;
  actor: Actor;
  id: string;
  values: Record<string, SettingValue>;
  version: number;
}): Promise<SettingsGroupView> {
  const { ctx, actor } = input;
  const group = GROUPS.get(input.id);
  if (!group) throw notFound('设置分组');
  if (!mayUse(actor, group)) throw forbidden('您没有修改这组设置的权限');
  const write = group.write;
  if (!write)
    throw ruleViolation(`“${group.label}”由服务器的部署配置设定，须由运维人员修改后重启服务`);
  const details: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(input.values)) {
    const field = group.fields.find((f) => f.key === key);
    const problem = field
      ? checkSettingValue(field, value)
      : `“${group.label}”中没有这一设置项（${key}）`;
    if (problem) details.push({ path: key, message: problem });
  }
  if (details.length) throw validationFailed(details, details[0]!.message);

  await ctx.db.transaction(async (tx) => {
    // Serialises changes to one group: the version check below then sees the latest.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`settings:${group.id}`}))`);
    const current = await group.read({ db: tx, config: ctx.config });
    if (current.version !== input.version) throw conflict();
    const next = { ...current.values };
    for (const [key, value] of Object.entries(input.values))
      next[key] = typeof value === 'string' ? value.trim() : value;
    const changed = group.fields.filter((f) => next[f.key] !== current.values[f.key]);
    if (!changed.length) return;
    await write(tx, next);
    await recordAudit(tx, {
      actor,
      action: 'settings.update',
      entity: 'settings',
      before: {
        分组: group.label,
        ...Object.fromEntries(changed.map((f) => [f.label, show(f, current.values[f.key])])),
      },
      after: {
        分组: group.label,
        ...Object.fromEntries(changed.map((f) => [f.label, show(f, next[f.key])])),
      },
    });
  });
  return viewOf(group, ctx);
}

// ---------------------------------------------------------------------------------------------
// Storage helpers for the two shapes settings are stored in (the `settings` table, key → JSON).

/**
 * Settings stored one key a row (`personsPerHousehold` → 3.2), with defaults for keys not stored
 * yet. The group's version is the sum of its rows' versions.
 */
export function storedKeys(
  defaults: Record<string, SettingValue>,
  /** Runs after a change, in the same transaction (e.g. invalidate what depends on it). */
  afterWrite?: (tx: Db) => Promise<void>,
) {
  const keys = Object.keys(defaults);
  return {
    async read({ db }: SettingsContext) {
      const rows = await db.select().from(settings).where(inArray(settings.key, keys));
      const values: Record<string, SettingValue> = { ...defaults };
      let version = 0;
      for (const r of rows) {
        values[r.key] = r.value as SettingValue;
        version += r.version;
      }
      return { values, version };
    },
    async write(tx: Db, values: Record<string, SettingValue>) {
      for (const key of keys) {
        const value = values[key];
        const [row] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
        if (row && row.value === value) continue;
        if (row)
          await tx
            .update(settings)
            .set({ value, version: row.version + 1, updatedAt: new Date() })
            .where(eq(settings.key, key));
        else if (value !== defaults[key]) await tx.insert(settings).values({ key, value });
      }
      await afterWrite?.(tx);
    },
  };
}

function getPath(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.split('.');
  let at = o;
  for (const p of parts.slice(0, -1)) {
    at[p] = { ...(at[p] as Record<string, unknown>) };
    at = at[p] as Record<string, unknown>;
  }
  at[parts.at(-1)!] = value;
}

/**
 * Settings stored as one object in one row (`supervision` → { weights: {…}, lights: {…} }):
 * field keys are paths into it. The module's own schema checks the whole object on a change
 * (rules between fields, e.g. green above yellow); a stored value it rejects reads as defaults.
 */
export function storedObject<T extends object>(input: {
  rowKey: string;
  defaults: T;
  schema: z.ZodType<T>;
  fields: readonly SettingDescriptor[];
  /** Runs after the row is written, in the same transaction (e.g. invalidate a cache). */
  afterWrite?: (tx: Db) => Promise<void>;
}) {
  const { rowKey, defaults, schema, fields } = input;
  const load = async (db: Db) => {
    const [row] = await db.select().from(settings).where(eq(settings.key, rowKey));
    // Keys missing from an older stored object take their defaults.
    const parsed = row ? schema.safeParse({ ...defaults, ...(row.value as object) }) : null;
    return { object: parsed?.success ? parsed.data : defaults, row };
  };
  return {
    async read({ db }: SettingsContext) {
      const { object, row } = await load(db);
      const values = Object.fromEntries(
        fields.map((f) => [f.key, getPath(object, f.key) as SettingValue]),
      );
      return { values, version: row?.version ?? 0 };
    },
    async write(tx: Db, values: Record<string, SettingValue>) {
      const { object, row } = await load(tx);
      const next = structuredClone(object) as Record<string, unknown>;
      for (const f of fields) setPath(next, f.key, values[f.key]);
      const parsed = schema.safeParse(next);
      if (!parsed.success) {
        const details = issuesToDetails(parsed.error);
        throw validationFailed(details, details[0]?.message);
      }
      if (row)
        await tx
          .update(settings)
          .set({ value: parsed.data, version: row.version + 1, updatedAt: new Date() })
          .where(eq(settings.key, rowKey));
      else await tx.insert(settings).values({ key: rowKey, value: parsed.data });
      await input.afterWrite?.(tx);
    },
  };
}
