/**
 * The HTTP section of `npm run bench`: the app on the demo city and a bare Fastify JSON route,
 * measured in the same run with autocannon (50 clients, a few seconds per route), so each figure
 * is printed beside its ratio to the bare route — the machine's own ceiling — and issue 12's
 * target for the route (TARGETS; a miss fails the run). autocannon runs in a worker thread of
 * its own: in the server's thread it took half of it, and every figure measured the client too. PGlite by default;
 * DATABASE_URL's PostgreSQL when set. See docs/adr/0011-request-path-speed.md.
 *
 * Then (issue 11, issue 12):
 * - a load run: BENCH_HTTP_LOAD_CONNECTIONS (200) clients for BENCH_HTTP_LOAD_SECONDS (20 s) over
 *   the list endpoints, against the bare route at the same connections. Under overload the
 *   server sheds with 503 + Retry-After (MAX_IN_FLIGHT) at once; the run counts 2xx, 503, other
 *   non-2xx, socket errors and timeouts (10 s) — a timeout or error misses the target;
 * - the ledger map's answer size at every zoom 5–18 over the city and a street (≤ 200 KB);
 * - with BENCH_HTTP_LARGE=N (e.g. 100000): N more areas, then the areas list's first, middle and
 *   last page and a cursor page (median of sequential requests), and the map sizes again.
 *
 * Options (environment): BENCH_HTTP_SECONDS (default 4), BENCH_HTTP_CONNECTIONS (default 50).
 * Alone: `npm run bench -- --only http`, or `node --import tsx apps/api/bench/http.ts`;
 * with DATABASE_URL set to an empty database it measures PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase, type Db } from '../src/platform/db/client.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';
import { sql } from 'drizzle-orm';
import { bumpRevision } from '../src/platform/revisions.ts';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);
const LOAD_CONNECTIONS = Number(process.env.BENCH_HTTP_LOAD_CONNECTIONS ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_HTTP_LOAD_SECONDS ?? 20);
const LARGE = Number(process.env.BENCH_HTTP_LARGE ?? 0);
const MAP_LIMIT = 200 * 1024;
let missed = false;

/**
 * Issue 12's targets per route kind: a share of the bare route's throughput and a p99, on
 * PostgreSQL; on PGlite a p99 for lists and details (its load-run target, no timeouts at 200
 * connections, is checked by the load run).
 */
type RouteKind = 'list' | 'summary' | 'map';
type Target = { share: number | null; p99: number } | null;
const TARGETS: Record<'postgres' | 'pglite', Record<RouteKind, Target>> = {
  postgres: {
    list: { share: 1 / 10, p99: 50 },
    summary: { share: 1 / 5, p99: 20 },
    map: null,
  },
  pglite: { list: { share: null, p99: 200 }, summary: null, map: null },
};

/** The route's target and whether it was met (a miss fails the run). */
function targetOf(r: Result, target: Target, bareRps: number): string {
  if (!target) return '—';
  const shareOk = target.share === null || r.rps >= target.share * bareRps;
  const p99Ok = r.p99 < target.p99;
  const ok = shareOk && p99Ok && r.errors === 0 && r.timeouts === 0;
  if (!ok) missed = true;
  const share = target.share === null ? '' : `≥ 1/${Math.round(1 / target.share)}, `;
  return `${share}p99 < ${target.p99} ms${ok ? '' : '  ✗'}`;
}

type Result = {
  name: string;
  rps: number;
  /** Answers received within the run. */
  done: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  bytes: number;
  brBytes: number;
};

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<Result> {
  const probe = await fetch(url, { headers: { ...headers, 'accept-encoding': 'identity' } });
  if (probe.status !== 200) throw new Error(`${name}: ${probe.status} ${await probe.text()}`);
  const body = Buffer.from(await probe.arrayBuffer());
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { ...headers, 'accept-encoding': 'br, gzip' },
    timeout: 10,
    workers: 1,
  });
  return {
    name,
    rps: r.requests.average,
    done: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    timeouts: r.timeouts,
    bytes: body.length,
    brBytes: zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
    }).length,
  };
}

function kb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-bench-http-'));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  });
  const started = Date.now();
  const database = await openDatabase(config);
  await bootstrapDatabase(database, config);
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true, items: [{ id: 1, name: '小区' }], total: 1 }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/bare`;
  console.log(
    `http benchmark — ${database.driver}, demo city loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${CONNECTIONS} clients, ${SECONDS} s per route`,
  );

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'office', password: DEMO_PASSWORD }),
  });
  const sid = /sid=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
  if (!sid) throw new Error(`sign-in failed: ${login.status}`);
  const auth = { cookie: sid };
  const firstArea = (
    (await (await fetch(`${base}/api/residential-areas?pageSize=1`, { headers: auth })).json()) as {
      items: { id: number }[];
    }
  ).items[0]!.id;

  // The first gap request builds the analysis; time it apart from the steady state.
  const t0 = performance.now();
  await fetch(`${base}/api/gap-analysis/summary?groupBy=district`, { headers: auth });
  console.log(`first gap request (builds the analysis): ${(performance.now() - t0).toFixed(0)} ms`);

  const CITY = '117.5,36.2,118.6,37.3';
  const routes: [string, string, RouteKind][] = [
    ['residential areas, page of 20', '/api/residential-areas?page=1&pageSize=20', 'list'],
    ['one residential area', `/api/residential-areas/${firstArea}`, 'list'],
    ['problems list, page of 20', '/api/problems?page=1&pageSize=20', 'list'],
    ['gap-analysis summary by district', '/api/gap-analysis/summary?groupBy=district', 'summary'],
    ['ledger map, city view (zoom 9)', `/api/ledger/map?bbox=${CITY}&zoom=9`, 'map'],
    [
      'ledger map, street view (zoom 14)',
      '/api/ledger/map?bbox=118.03,36.79,118.08,36.82&zoom=14',
      'map',
    ],
  ];
  const results: Result[] = [await measure('bare Fastify JSON route', bareUrl)];
  const kinds = new Map<Result, RouteKind>();
  for (const [name, url, kind] of routes) {
    const r = await measure(name, `${base}${url}`, auth);
    results.push(r);
    kinds.set(r, kind);
  }
  const targets = TARGETS[database.driver];
  const full = await fetch(`${base}/api/ledger/map`, {
    headers: { ...auth, 'accept-encoding': 'identity' },
  });
  const fullBytes = (await full.arrayBuffer()).byteLength;

  const bareRps = results[0]!.rps;
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  console.log(
    pad('route', 36) +
      pad('req/s', 9) +
      pad('answers', 9) +
      pad('p50 ms', 8) +
      pad('p99 ms', 8) +
      pad('share of bare', 15) +
      pad('errors/timeouts', 17) +
      pad('answer (brotli)', 20) +
      'target',
  );
  for (const r of results) {
    console.log(
      pad(r.name, 36) +
        pad(r.rps.toFixed(0), 9) +
        pad(r.done, 9) +
        pad(r.p50, 8) +
        pad(r.p99, 8) +
        pad(r === results[0] ? '1' : `1/${(bareRps / Math.max(r.rps, 0.01)).toFixed(0)}`, 15) +
        pad(`${r.errors}/${r.timeouts}`, 17) +
        pad(`${kb(r.bytes)} (${kb(r.brBytes)})`, 20) +
        targetOf(r, targets[kinds.get(r) ?? 'map'], bareRps),
    );
  }
  console.log(`the whole ledger map without bbox/zoom (the old answer): ${kb(fullBytes)}`);

  await loadRun(base, bareUrl, auth, bareRps, app.lifecycle);
  await mapSizes(base, auth, 'demo city');
  if (LARGE > 0) {
    const t1 = performance.now();
    await addAreas(database.db, LARGE);
    console.log(
      `\n${LARGE} more areas inserted in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
    await deepPages(database.db, base, auth);
    await mapSizes(base, auth, `${LARGE} more areas`);
    await duringRebuild(database.db, base, auth);
  }
  console.log(`RSS after the run: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  await app.close();
  await bare.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Issue 11's load run: many clients on the list endpoints at once. Answers are 2xx or, past
 * MAX_IN_FLIGHT, 503 with Retry-After; anything else (a 5xx, a socket error, a timeout) misses.
 */
async function loadRun(
  base: string,
  bareUrl: string,
  auth: Record<string, string>,
  bareRps50: number,
  lifecycle: { shed: number },
): Promise<void> {
  const bare = await autocannon({
    url: bareUrl,
    connections: LOAD_CONNECTIONS,
    duration: Math.min(LOAD_SECONDS, 5),
    timeout: 10,
    workers: 1,
  });
  const shedBefore = lifecycle.shed;
  const r = await autocannon({
    url: base,
    connections: LOAD_CONNECTIONS,
    duration: LOAD_SECONDS,
    timeout: 10,
    workers: 1,
    headers: { ...auth, 'accept-encoding': 'br, gzip' },
    requests: [
      { method: 'GET', path: '/api/residential-areas?pageSize=20' },
      { method: 'GET', path: '/api/facilities?pageSize=20' },
      { method: 'GET', path: '/api/problems?pageSize=20' },
      { method: 'GET', path: '/api/projects?pageSize=20' },
    ],
  });
  const codes = r.statusCodeStats as unknown as Record<string, { count: number } | undefined>;
  const ok = Object.entries(codes)
    .filter(([c]) => c.startsWith('2'))
    .reduce((n, [, v]) => n + (v?.count ?? 0), 0);
  const shed = codes['503']?.count ?? 0;
  const other = r.non2xx - shed;
  const served = ok / Math.max(ok + r.non2xx + r.errors, 1);
  console.log(
    `\nload run: ${LOAD_CONNECTIONS} connections × ${LOAD_SECONDS} s on the lists (areas, facilities, problems, projects; page of 20)`,
  );
  console.log(
    `  bare route at ${LOAD_CONNECTIONS} connections: ${bare.requests.average.toFixed(0)} req/s, p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms, timeouts ${bare.timeouts} (the machine's own ceiling)`,
  );
  console.log(
    `  app: ${r.requests.average.toFixed(0)} req/s (1/${(bare.requests.average / Math.max(r.requests.average, 0.01)).toFixed(0)} of the bare route at ${LOAD_CONNECTIONS}, 1/${(bareRps50 / Math.max(r.requests.average, 0.01)).toFixed(0)} at ${CONNECTIONS}), p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`,
  );
  console.log(
    `  answers: 2xx ${ok} (${(served * 100).toFixed(0)} %), 503 + Retry-After ${shed} (server counted ${lifecycle.shed - shedBefore}), other non-2xx ${other}, errors ${r.errors - r.timeouts}, timeouts ${r.timeouts} (target: 0 other, 0 errors, 0 timeouts)`,
  );
  if (other > 0 || r.errors > 0 || r.timeouts > 0) missed = true;
}

/** The ledger map's answer at every zoom over the city and over a street: bytes, target 200 KB. */
async function mapSizes(base: string, auth: Record<string, string>, what: string): Promise<void> {
  const boxes: [string, string][] = [
    ['city', '117.5,36.2,118.6,37.3'],
    ['street', '118.03,36.79,118.08,36.82'],
  ];
  let largest = 0;
  const line: string[] = [];
  for (const [name, box] of boxes) {
    const sizes: string[] = [];
    for (let zoom = 5; zoom <= 18; zoom++) {
      const res = await fetch(`${base}/api/ledger/map?bbox=${box}&zoom=${zoom}`, {
        headers: { ...auth, 'accept-encoding': 'identity' },
      });
      const n = (await res.arrayBuffer()).byteLength;
      largest = Math.max(largest, n);
      sizes.push(`z${zoom} ${(n / 1024).toFixed(0)}`);
    }
    line.push(`  ${name}: ${sizes.join(', ')} KB`);
  }
  console.log(
    `\nledger map answers, ${what} (JSON, before compression):\n${line.join('\n')}\n  largest ${kb(largest)} (target ≤ 200 KB)`,
  );
  if (largest > MAP_LIMIT) missed = true;
}

/** Synthetic areas spread over the city's communities and its urban box (random, seeded by id). */
async function addAreas(db: Db, n: number): Promise<void> {
  await db.execute(sql`
    with c as (
      select code, (row_number() over (order by code) - 1)::int as i from regions
      where level = 'community'
    ), k as (select count(*)::int as n from c)
    insert into residential_areas (city_code, region_code, name, households, kind, lon, lat)
    select left(c.code, 4), c.code, '压测小区' || g, 100 + g % 900, 'existing',
      117.75 + ((g::bigint * 7919) % 100003) / 100003.0 * 0.6,
      36.55 + ((g::bigint * 104729) % 99991) / 99991.0 * 0.4
    from generate_series(1, ${n}) g, k
    join c on true
    where c.i = g % k.n`);
  await bumpRevision(db, 'ledger');
}

/** The areas list at depth: first, middle and last page and a cursor page, same cost wanted. */
async function deepPages(db: Db, base: string, auth: Record<string, string>): Promise<void> {
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`, { headers: auth });
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    return (await res.json()) as { total: number; nextCursor: string | null };
  };
  const first = await get('/api/residential-areas?page=1&pageSize=20');
  const lastPage = Math.ceil(first.total / 20);
  const cases: [string, string][] = [
    ['first page', '/api/residential-areas?page=1&pageSize=20'],
    ['middle page', `/api/residential-areas?page=${Math.ceil(lastPage / 2)}&pageSize=20`],
    ['last page', `/api/residential-areas?page=${lastPage}&pageSize=20`],
    ['after a cursor', `/api/residential-areas?pageSize=20&after=${first.nextCursor}`],
  ];
  // Answers are kept (ADR 0018): what depth costs is a read from the database, forced by moving
  // the ledger revision before each; what a repeated request costs is the kept answer.
  console.log(
    `\nareas list at depth (${first.total} areas in scope; medians of 7 reads and of 7 kept answers):`,
  );
  const timed = async (url: string) => {
    const t = performance.now();
    await get(url);
    return performance.now() - t;
  };
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  let firstMs = 0;
  for (const [name, url] of cases) {
    const reads: number[] = [];
    const kepts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await bumpRevision(db, 'ledger');
      reads.push(await timed(url));
      kepts.push(await timed(url));
    }
    const read = median(reads);
    const kept = median(kepts);
    if (name === 'first page') firstMs = read;
    console.log(
      `  ${name.padEnd(16)} read ${read.toFixed(1)} ms (${(read / firstMs).toFixed(2)}× the first page), kept ${kept.toFixed(1)} ms`,
    );
  }
}

/**
 * Issue 12: a rebuild of the whole gap analysis (here forced by moving the standards revision)
 * runs in slices, so other requests are answered meanwhile. The health check (one database
 * round trip) is asked again and again until the rebuild's own request is answered.
 */
async function duringRebuild(db: Db, base: string, auth: Record<string, string>): Promise<void> {
  await bumpRevision(db, 'standards');
  const t0 = performance.now();
  let rebuilt = 0;
  const rebuild = fetch(`${base}/api/gap-analysis/summary?groupBy=district`, { headers: auth })
    .then((r) => r.arrayBuffer())
    .then(() => (rebuilt = performance.now() - t0));
  const waits: number[] = [];
  while (rebuilt === 0) {
    const t = performance.now();
    const res = await fetch(`${base}/api/health`);
    await res.arrayBuffer();
    if (rebuilt === 0) waits.push(performance.now() - t);
  }
  await rebuild;
  waits.sort((a, b) => a - b);
  const at = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))] ?? 0;
  console.log(
    `\nwhile the gap analysis rebuilt (${(rebuilt / 1000).toFixed(1)} s): ${waits.length} health checks answered, ` +
      `p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, slowest ${at(1).toFixed(0)} ms`,
  );
}

await main();
process.exitCode = missed ? 1 : 0;
