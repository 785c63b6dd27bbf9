/**
 * Operations figures (issue 11): backup and restore times of the demo city, and a load run of
 * 200 connections for 20 s on the list endpoints (0 errors; 503 + Retry-After from load shedding
 * counts as an answer, a timeout or a 5xx other than 503 as an error). Backup and restore run on
 * PGlite in memory; the load run's server is a process of its own (bench/ops-server.ts) on PGlite
 * in memory in its own thread (ADR 0016), or on DATABASE_URL's database, which must be empty (the
 * demo city is loaded into it).
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openPglite, type Database } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';
import { createBackup, restoreBackup } from '../src/ops/backup.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-bench-ops-'));
let failed = false;

async function main(): Promise<void> {
  const database: Database = await openPglite(null);
  let t = performance.now();
  await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
  console.log(`demo city loaded in ${Math.round(performance.now() - t)} ms`);

  t = performance.now();
  const m = await createBackup({
    database,
    filesDir: path.join(dir, 'files'),
    outDir: path.join(dir, 'backup'),
  });
  const rows = m.tables.reduce((n, x) => n + x.rows, 0);
  console.log(
    `backup:  ${Math.round(performance.now() - t)} ms (${m.tables.length} tables, ${rows} rows)`,
  );
  const target = await openPglite(null);
  t = performance.now();
  await restoreBackup({
    database: target,
    backupDir: path.join(dir, 'backup'),
    filesDir: path.join(dir, 'restored'),
  });
  console.log(`restore: ${Math.round(performance.now() - t)} ms (checked against the manifest)`);
  await target.close();

  await database.close();

  // The server in a process of its own (bench/ops-server.ts), the load generator here.
  const server = fork(path.join(import.meta.dirname, 'ops-server.ts'), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATA_DIR: dir, MAX_IN_FLIGHT: process.env.MAX_IN_FLIGHT ?? '256' },
  });
  const next = <T>() => new Promise<T>((resolve) => server.once('message', (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'office', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('sid='))!
    .split(';')[0]!;
  server.send('start');
  const result = await autocannon({
    url: base,
    connections: 200,
    duration: 20,
    timeout: 10,
    headers: { cookie },
    requests: [
      { method: 'GET', path: '/api/residential-areas?pageSize=20' },
      { method: 'GET', path: '/api/facilities?pageSize=20' },
      { method: 'GET', path: '/api/problems?pageSize=20' },
    ],
  });
  server.send('stats');
  const stats = await next<{
    shed: number;
    maxInFlight: number;
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
  }>();
  server.send('stop');
  // 503 with Retry-After is the shedder's answer; any other 5xx, a timeout or a socket error is not.
  const shed = result.statusCodeStats?.['503']?.count ?? 0;
  // autocannon's `errors` include its timeouts.
  const errors = result.errors + (result['5xx'] - shed);
  console.log(
    `load: 200 connections × 20 s: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms max ${result.latency.max} ms; 2xx ${result['2xx']}, 503 shed ${shed} (${stats.shed} counted by the server), errors ${errors} (target 0: ${result.timeouts} of them timeouts); server: at most ${stats.maxInFlight} in flight, event loop delay p99 ${stats.loopDelayP99Ms} ms max ${stats.loopDelayMaxMs} ms`,
  );
  if (errors > 0) failed = true;
}

main()
  .catch((e: unknown) => {
    console.error(e);
    failed = true;
  })
  .finally(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(failed ? 1 : 0);
  });
