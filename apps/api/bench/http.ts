/**
 * The HTTP section of `npm run bench`: the app on the demo city and a bare Fastify JSON route,
 * measured in the same run with autocannon (50 clients, a few seconds per route), so each figure
 * is printed beside its ratio to the bare route — the machine's own ceiling. PGlite by default;
 * DATABASE_URL's PostgreSQL when set. See docs/adr/0011-request-path-speed.md.
 *
 * Options (environment): BENCH_HTTP_SECONDS (default 4), BENCH_HTTP_CONNECTIONS (default 50).
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
import { openDatabase } from '../src/platform/db/client.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 50);

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
  const routes: [string, string][] = [
    ['residential areas, page of 20', '/api/residential-areas?page=1&pageSize=20'],
    ['one residential area', `/api/residential-areas/${firstArea}`],
    ['problems list, page of 20', '/api/problems?page=1&pageSize=20'],
    ['gap-analysis summary by district', '/api/gap-analysis/summary?groupBy=district'],
    ['ledger map, city view (zoom 9)', `/api/ledger/map?bbox=${CITY}&zoom=9`],
    ['ledger map, street view (zoom 14)', '/api/ledger/map?bbox=118.03,36.79,118.08,36.82&zoom=14'],
  ];
  const results: Result[] = [await measure('bare Fastify JSON route', bareUrl)];
  for (const [name, url] of routes) results.push(await measure(name, `${base}${url}`, auth));
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
      'answer (brotli)',
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
        `${kb(r.bytes)} (${kb(r.brBytes)})`,
    );
  }
  console.log(`the whole ledger map without bbox/zoom (the old answer): ${kb(fullBytes)}`);
  console.log(`RSS after the run: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  await app.close();
  await bare.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
