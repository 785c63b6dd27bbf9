import { type SQL, sql, type AnyColumn } from 'drizzle-orm';
import type { CategoryCode } from '@zibo/shared';
import type { Actor } from './actor.ts';

/**
 * Data scope = region subtree × categories (DESIGN, Security model). Region codes are
 * hierarchical (city 4 digits → district 6 → street 9 → community 12), so a subtree is a code prefix.
 * Repositories add these predicates to their WHERE clauses: scope is applied in the query,
 * never by filtering results afterwards.
 */
export function regionInScope(column: AnyColumn | SQL, actor: Actor): SQL {
  if (!actor.regionCode) return sql`false`;
  return sql`${column} like ${`${actor.regionCode}%`}`;
}

/** Predicate for rows whose category is one the actor may see. */
export function categoryInScope(column: AnyColumn | SQL, actor: Actor): SQL {
  if (actor.categories.length === 0) return sql`false`;
  return sql`${column} = any(${sqlTextArray(actor.categories)})`;
}

export function sqlTextArray(values: readonly string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

export function canSeeRegion(actor: Actor, regionCode: string): boolean {
  return !!actor.regionCode && regionCode.startsWith(actor.regionCode);
}

export function canSeeCategory(actor: Actor, category: CategoryCode): boolean {
  return actor.categories.includes(category);
}

/** Narrows a requested region filter to the actor's subtree; null when disjoint. */
export function narrowRegion(actor: Actor, requested: string | undefined): string | null {
  const own = actor.regionCode;
  if (!own) return null;
  if (!requested) return own;
  if (requested.startsWith(own)) return requested;
  if (own.startsWith(requested)) return own;
  return null;
}

/**
 * Whom a kept answer (platform/kept-answers.ts) is for: the account, with its roles (hence
 * permissions), region, department and categories as they are now. An answer is never handed to
 * another account, nor to the same account after its scope changed, whatever the answer's reads
 * depend on (a developer's projects, say, are chosen by account).
 */
export function scopeSignature(actor: Actor): string {
  return [
    actor.id,
    [...actor.roles].sort().join(','),
    actor.regionCode ?? '',
    actor.departmentCode ?? '',
    [...actor.categories].sort().join(','),
  ].join('|');
}
