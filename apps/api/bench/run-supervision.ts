/**
 * `node --import tsx apps/api/bench/run-supervision.ts`: the supervision overview (P11) — the
 * league tables, department table and late list the office sees — on the demo city, and on
 * 10^5 areas with 5×10^5 problems. Targets: < 200 ms and < 2 s (median of several runs).
 * Exits non-zero when a target is missed. PGlite in memory.
 */
import { eq, sql } from 'drizzle-orm';
import { openPglite, type Db } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { actorFromUser, type Actor } from '../src/platform/auth/actor.ts';
import { users } from '../src/platform/auth/auth.tables.ts';
import { computeSupervisionOverview } from '../src/modules/supervision/index.ts';

async function median(db: Db, actor: Actor, runs: number) {
  const times: number[] = [];
  let late = 0;
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const o = await computeSupervisionOverview({ db, actor });
    times.push(performance.now() - t0);
    late = o.lateTotal;
    rows = o.regions.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, late, rows };
}

const line = (name: string, ms: number, target: number) => {
  const ok = ms < target;
  console.log(
    `${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms   target < ${target} ms   ${(ms / target).toFixed(2)}× ${ok ? 'ok' : 'MISSED'}`,
  );
  return ok;
};

const database = await openPglite(null);
const { db } = database;
let t0 = performance.now();
await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
console.log(
  `demo city start-up (ledger, projects, supervision seed): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const [u] = await db.select().from(users).where(eq(users.username, 'office'));
const office = actorFromUser(u!, { id: null, ip: null });
const counted: unknown = await db.execute(sql`select count(*)::int as n from problems`);
const demoProblems = (counted as { rows: { n: number }[] }).rows[0]?.n ?? 0;
await median(db, office, 2); // warm-up
const small = await median(db, office, 7);
console.log(`demo city: ${demoProblems} problems, ${small.rows} rows, ${small.late} late entries`);
let ok = line('overview of the demo city', small.ms, 200);

// 10^5 areas and 5×10^5 problems over the city's communities, at every status.
t0 = performance.now();
await db.execute(sql`
  insert into residential_areas (region_code, name, lon, lat, households, kind)
  select c.code, '基准小区' || g, 118.05, 36.8, 800, 'existing'
  from generate_series(1, 100000) g
  join lateral (select code from regions where level = 'community'
    order by code offset (g * 7919) % (select count(*) from regions where level = 'community')
    limit 1) c on true`);
await db.execute(sql`
  insert into problems (region_code, residential_area_id, facility_type, category, stage, title,
    description, source, status, deadline, progress_percent, created_at, closed_at)
  select a.region_code, a.id, t.type, t.category, 'planning', '基准问题', '基准', 'gap_analysis',
    (array['open','planned','in_progress','closure_requested','closed'])[1 + (g % 5)],
    case when g % 5 in (2, 3) then current_date + ((g % 200) - 100) end,
    (g % 100)::float8,
    now() - ((g % 365) || ' days')::interval,
    case when g % 5 = 4 then now() - ((g % 30) || ' days')::interval end
  from generate_series(1, 500000) g
  join residential_areas a on a.id = (select min(id) from residential_areas) + (g % 100000)
  join (values (0, 'kindergarten', 'education'), (1, 'elderly_service_station', 'elderly_care'),
    (2, 'community_service_room', 'community_service'), (3, 'fitness_site', 'sports'),
    (4, 'health_station', 'health'), (5, 'convenience_market', 'commerce')) as t(k, type, category)
    on t.k = g % 6`);
await db.execute(sql`
  insert into problem_plans (problem_id, revision, measures, lead_unit, responsible_units, deadline,
    status, submitted_at)
  select id, 1, '基准', '区', array['街道'], current_date + 90,
    case when status = 'planned' then 'submitted' else 'approved' end, created_at + interval '20 days'
  from problems where status <> 'open'`);
await db.execute(sql`analyze`);
console.log(`large dataset built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await median(db, office, 1);
const large = await median(db, office, 3);
console.log(`large: ${large.rows} rows, ${large.late} late entries`);
ok = line('overview of 10^5 areas with 5×10^5 problems', large.ms, 2000) && ok;

await database.close();
process.exitCode = ok ? 0 : 1;
