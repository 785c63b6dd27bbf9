/**
 * Operations figures (issue 11): backup and restore times of the demo city, and a load run of
 * 200 connections for 20 s on the list endpoints (0 errors; 503 + Retry-After from load shedding
 * counts as an answer, a timeout or a 5xx other than 503 as an error).
 * PGlite in memory, or DATABASE_URL's server (a fresh database is created and dropped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openPglite, type Database } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
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

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    PORT: '0',
    MAX_IN_FLIGHT: process.env.MAX_IN_FLIGHT ?? '32',
  });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'office', password: DEMO_PASSWORD },
  });
  const cookie = `sid=${login.cookies.find((c) => c.name === 'sid')!.value}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
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
  const shed = app.lifecycle.shed;
  const errors = result.errors + result.timeouts + (result['5xx'] - shed);
  console.log(
    `load: 200 connections × 20 s: ${result.requests.total} requests, ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms; 2xx ${result['2xx']}, 503 shed ${shed}, errors ${errors} (target 0)`,
  );
  if (errors > 0) failed = true;
  await app.close();
  await database.close();
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
