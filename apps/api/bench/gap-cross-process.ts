/**
 * Issue 12: an area edit made by one process, seen by another process's gap analysis. Two
 * caches over one PGlite database through two separate handles: the second learns of the edit
 * only through the database (revision counter and `gap_ledger_changes`), exactly as a second
 * server process does. Prints the time from the edit's commit to the other cache's answer, and
 * whether it rebuilt.
 */
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { openPglite, type Db } from '../src/platform/db/client.ts';
import * as schema from '../src/platform/db/schema.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { actorFromUser } from '../src/platform/auth/actor.ts';
import { users } from '../src/platform/auth/auth.tables.ts';
import { findArea, updateArea } from '../src/modules/ledger/ledger.service.ts';
import { GapAnalysisCache } from '../src/modules/gap-analysis/gap-analysis.cache.ts';

export async function benchCrossProcess(log: (line: string) => void) {
  const database = await openPglite(null);
  const t0 = performance.now();
  await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
  log(`  (demo city in PGlite in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const other = drizzlePglite({
    client: database.pglite!,
    schema,
    casing: 'snake_case',
  }) as unknown as Db;
  const [u] = await database.db.select().from(users).where(eq(users.username, 'admin'));
  const actor = actorFromUser(u!, { id: null, ip: null });
  const writer = new GapAnalysisCache(database.db);
  const reader = new GapAnalysisCache(other);
  await writer.current();
  const state = await reader.current();
  const ids = [...state.kept.entries()].map(([a]) => a.id).filter((_, i) => i % 97 === 0);
  const rebuildsBefore = reader.stats.rebuilds;
  const times: number[] = [];
  let unchanged = 0;
  for (const id of ids.slice(0, 25)) {
    const before = JSON.stringify((await reader.current()).kept.findingsOf(id));
    const area = await findArea(database.db, actor, id);
    await updateArea({
      db: database.db,
      actor,
      id,
      data: { households: area.households * 3 + 500, version: area.version },
    });
    const started = performance.now();
    const now = await reader.current();
    times.push(performance.now() - started);
    if (JSON.stringify(now.kept.findingsOf(id)) === before) unchanged++;
  }
  const rebuilds = reader.stats.rebuilds - rebuildsBefore;
  writer.close();
  reader.close();
  await database.close();
  return { times, rebuilds, unchanged, areas: state.kept.areaCount };
}
