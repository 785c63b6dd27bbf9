import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';
import { DEADLINE_SCAN_JOB } from '../src/modules/problems/index.ts';
import { adminQuery, withDatabase } from './template-db.ts';

/**
 * Several processes (ADR 0012): two real server processes on one PostgreSQL database and one
 * shared DATA_DIR serve one user without a difference. Always against PostgreSQL: DATABASE_URL,
 * or under PGlite the local server on 127.0.0.1:5432 (the CI machine has one); if neither is
 * reachable the test fails, saying so.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const MAIN = path.join(ROOT, 'apps/api/src/main.ts');
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `zibo_t_mp_${randomBytes(4).toString('hex')}`;
const DB_URL = withDatabase(BASE_URL, DB_NAME);
const DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-mp-'));

type Server = { name: string; port: number; child: ChildProcess; output: string[]; url: string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(name: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: DB_URL,
      DATA_DIR,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(DATA_DIR, 'no-web'),
      TRUST_PROXY: 'true',
      LOGIN_RATE_LIMIT_PER_MINUTE: '6',
      JOB_INTERVAL_MS: '300',
      SHUTDOWN_GRACE_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const server = { name, port, child, output, url: `http://127.0.0.1:${port}` };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in 150 s:\n${output.join('')}`)),
      150_000,
    );
    const onData = (b: Buffer) => {
      output.push(b.toString());
      if (output.join('').includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (b: Buffer) => output.push(b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
  return server;
}

function exitOf(s: Server): Promise<number | null> {
  if (s.child.exitCode !== null) return Promise.resolve(s.child.exitCode);
  return new Promise((resolve) => s.child.once('exit', (code) => resolve(code)));
}

type Session = { cookie: string; csrf: string };

async function login(s: Server, username: string, ip = '10.0.0.1'): Promise<Session> {
  const res = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('sid='))!
    .split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

function call(s: Server, session: Session | null, method: string, url: string, body?: unknown) {
  return fetch(`${s.url}${url}`, {
    method,
    headers: {
      ...(session ? { cookie: session.cookie } : {}),
      ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Records an area in 车站街道's 华光社区 through server `s` (name made unique) and returns it. */
async function createArea(
  s: Server,
  session: Session,
  over: { name: string; households: number; lon: number; lat: number },
): Promise<{ id: number; version: number }> {
  const res = await call(s, session, 'POST', '/api/residential-areas', {
    regionCode: '370303001001',
    kind: 'existing',
    ...over,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number; version: number };
}

let a: Server;
let b: Server;

beforeAll(async () => {
  try {
    await adminQuery(BASE_URL, `create database ${DB_NAME}`);
  } catch (e) {
    throw new Error(
      `the several-processes test needs PostgreSQL (DATABASE_URL or 127.0.0.1:5432): ${String(e)}`,
    );
  }
  const database = await openPostgres(DB_URL, 2);
  await bootstrapDatabase(
    database,
    { seedDemo: true, adminPassword: undefined, env: 'test' },
    { demoLedger: false },
  );
  await database.close();
  [a, b] = await Promise.all([startServer('A'), startServer('B')]);
}, 300_000);

afterAll(async () => {
  for (const s of [a, b]) if (s && s.child.exitCode === null) s.child.kill('SIGKILL');
  await adminQuery(BASE_URL, `drop database if exists ${DB_NAME} with (force)`);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL', () => {
  it('a session and its CSRF token made on one process work on the other', async () => {
    const office = await login(a, 'zhangdian');
    const me = await call(b, office, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { username: string } }).user.username).toBe('zhangdian');
    await createArea(b, office, {
      name: `两进程小区${randomBytes(2).toString('hex')}`,
      households: 800,
      lon: 118.05,
      lat: 36.81,
    });
    const forged = await fetch(`${b.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'x-csrf-token': 'not-the-token' },
    });
    expect(forged.status).toBe(403);
    // Signing out on B ends the session on A too.
    expect((await call(b, office, 'POST', '/api/auth/logout', {})).status).toBe(200);
    expect((await call(a, office, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('the sign-in rate limit is counted across both processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const s = i % 2 === 0 ? a : b;
      const res = await fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
        body: JSON.stringify({ username: `nobody${i}`, password: 'Wrong#2020x' }),
      });
      statuses.push(res.status);
    }
    // Six attempts a minute per address (LOGIN_RATE_LIMIT_PER_MINUTE=6), wherever they land.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
  });

  it('a file uploaded through one process downloads through the other (shared DATA_DIR)', async () => {
    const office = await login(a, 'office', '10.0.0.2');
    const pdf = Buffer.from(`%PDF-1.4\n% ${randomBytes(16).toString('hex')}\n%%EOF\n`);
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), '说明.pdf');
    const up = await fetch(`${a.url}/api/attachments`, {
      method: 'POST',
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf },
      body: form,
    });
    expect(up.status).toBe(201);
    const { id } = (await up.json()) as { id: number };
    const down = await call(b, office, 'GET', `/api/attachments/${id}`);
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('the gap analysis of each process sees a change made through the other', async () => {
    const office = await login(a, 'zhangdian', '10.0.0.3');
    const summary = async (s: Server) => {
      const res = await call(s, office, 'GET', '/api/gap-analysis/summary');
      expect(res.status).toBe(200);
      return await res.json();
    };
    const before = await summary(b); // B's cache is now warm
    expect(await summary(a)).toEqual(before);
    await createArea(a, office, {
      name: `缺口小区${randomBytes(2).toString('hex')}`,
      households: 3000,
      lon: 118.06,
      lat: 36.8,
    });
    const afterB = await summary(b);
    expect(afterB).not.toEqual(before);
    expect(afterB).toEqual(await summary(a));
  });

  it('an area edit through one process is patched into the other, without a rebuild (issue 12)', async () => {
    const office = await login(a, 'zhangdian', '10.0.0.4');
    type Engine = { rebuilds: number; patches: number; areasPatched: number };
    const engine = async (s: Server) => {
      const res = await call(s, office, 'GET', '/api/gap-analysis/engine');
      expect(res.status).toBe(200);
      return (await res.json()) as Engine;
    };
    const findingsOf = async (s: Server, id: number) => {
      const res = await call(
        s,
        office,
        'GET',
        `/api/gap-analysis?residentialAreaId=${id}&pageSize=500`,
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { ruleId: string; required: number }[] }).items;
    };
    const area = await createArea(a, office, {
      name: `增量小区${randomBytes(2).toString('hex')}`,
      households: 400,
      lon: 118.07,
      lat: 36.81,
    });
    const first = await findingsOf(b, area.id); // B has its analysis and the new area
    expect(first.length).toBeGreaterThan(0);
    const before = await engine(b);
    const edited = await call(a, office, 'PATCH', `/api/residential-areas/${area.id}`, {
      households: 6000,
      lon: 118.08,
      lat: 36.81,
      version: area.version,
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    const started = performance.now();
    const after = await findingsOf(b, area.id);
    const seenMs = performance.now() - started;
    // More households require more: B answers from the edit, not from what it held.
    expect(after).not.toEqual(first);
    expect(after).toEqual(await findingsOf(a, area.id));
    const now = await engine(b);
    expect(now.rebuilds).toBe(before.rebuilds);
    expect(now.patches).toBeGreaterThan(before.patches);
    expect(now.areasPatched).toBeGreaterThan(before.areasPatched);
    console.log(`area edit on A seen by B's gap analysis in ${seenMs.toFixed(1)} ms (one request)`);
  });

  it('kept ledger answers of one process show an edit made through the other at once (issue 12)', async () => {
    const office = await login(a, 'zhangdian', '10.0.0.7');
    const name = `留存小区${randomBytes(2).toString('hex')}`;
    const area = await createArea(a, office, { name, households: 300, lon: 118.07, lat: 36.8 });
    const list = `/api/residential-areas?q=${encodeURIComponent(name)}&pageSize=20`;
    const read = async (s: Server) => {
      const [l, d] = await Promise.all([
        call(s, office, 'GET', list),
        call(s, office, 'GET', `/api/residential-areas/${area.id}`),
      ]);
      expect(l.status).toBe(200);
      expect(d.status).toBe(200);
      const items = ((await l.json()) as { items: { name: string; households: number }[] }).items;
      return { list: items, detail: (await d.json()) as { name: string; households: number } };
    };
    // Both processes hold the answers now (the second read of each is a kept one).
    for (const s of [b, b, a, a]) {
      const seen = await read(s);
      expect(seen.list.map((i) => i.households)).toEqual([300]);
      expect(seen.detail.households).toBe(300);
    }
    const edited = await call(a, office, 'PATCH', `/api/residential-areas/${area.id}`, {
      households: 900,
      version: area.version,
    });
    expect(edited.status, await edited.clone().text()).toBe(200);
    // The very next request on B, and on A, reads the edit: no stale answer in between.
    for (const s of [b, a]) {
      const seen = await read(s);
      expect(seen.list.map((i) => i.households)).toEqual([900]);
      expect(seen.detail.households).toBe(900);
    }
  });

  it('the supervision overview of each process counts a problem raised through the other (P11)', async () => {
    const office = await login(b, 'office', '10.0.0.5');
    const district = await login(a, 'zhangdian', '10.0.0.6');
    const zhangdianProblems = async (s: Server) => {
      const res = await call(s, office, 'GET', '/api/supervision/overview');
      expect(res.status).toBe(200);
      const o = (await res.json()) as { regions: { regionCode: string; problems: number }[] };
      return o.regions.find((r) => r.regionCode === '370303')!.problems;
    };
    const before = await zhangdianProblems(b); // B holds its problem facts now
    // And B keeps the office's problems list (issue 12): it must not outlive the new problem.
    const listTotal = async (s: Server) => {
      const res = await call(s, office, 'GET', '/api/problems?region=370303&pageSize=20');
      expect(res.status).toBe(200);
      return ((await res.json()) as { total: number }).total;
    };
    const listed = await listTotal(b);
    expect(await listTotal(b)).toBe(listed);
    const area = await createArea(a, district, {
      name: `督导小区${randomBytes(2).toString('hex')}`,
      households: 2000,
      lon: 118.05,
      lat: 36.8,
    });
    const { id } = area;
    const raised = await call(a, district, 'POST', '/api/gap-analysis/problems', {
      items: [{ residentialAreaId: id, facilityType: 'kindergarten', ruleId: 'EDU-020' }],
    });
    expect(raised.status, await raised.clone().text()).toBe(200);
    expect(await zhangdianProblems(b)).toBe(before + 1);
    expect(await zhangdianProblems(a)).toBe(before + 1);
    expect(await listTotal(b)).toBe(listed + 1);
  });

  it('each queued job runs exactly once, whichever process claims it', async () => {
    const client = new pg.Client({ connectionString: DB_URL });
    await client.connect();
    try {
      const { rows: ids } = await client.query<{ id: number }>(
        `insert into jobs (kind, payload, run_at)
         select $1, '{}'::jsonb, now() from generate_series(1, 30) returning id`,
        [DEADLINE_SCAN_JOB],
      );
      const idList = ids.map((r) => Number(r.id));
      let done: { status: string; attempts: number; locked_by: string }[] = [];
      for (let i = 0; i < 240; i++) {
        done = (
          await client.query<{ status: string; attempts: number; locked_by: string }>(
            `select status, attempts, locked_by from jobs where id = any($1::bigint[])`,
            [idList],
          )
        ).rows;
        if (done.every((r) => r.status === 'done')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(done).toHaveLength(30);
      expect(done.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
      // Both processes took part (each job records its runner).
      expect(new Set(done.map((r) => r.locked_by)).size).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }
  });

  it('recovers by itself when the database terminates its connections under load', async () => {
    const office = await login(a, 'office', '10.0.0.4');
    const statuses: number[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        try {
          const res = await call(a, office, 'GET', '/api/residential-areas?pageSize=20');
          statuses.push(res.status);
          await res.arrayBuffer();
        } catch {
          statuses.push(-1);
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 1_000));
    const killed = await (async () => {
      const admin = new pg.Client({ connectionString: BASE_URL });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = $1 and pid <> pg_backend_pid()`,
          [DB_NAME],
        );
        return rowCount ?? 0;
      } finally {
        await admin.end();
      }
    })();
    await new Promise((r) => setTimeout(r, 2_000));
    stop = true;
    await Promise.all(workers);
    expect(killed).toBeGreaterThan(0);
    // Requests caught by the termination answer 503 (retry), never 500, never a dropped connection.
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(a.child.exitCode).toBeNull();
    const ready = await fetch(`${a.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect((await call(a, office, 'GET', '/api/residential-areas?pageSize=5')).status).toBe(200);
  });

  it('SIGTERM drains: requests in flight finish, the process exits 0, no job stays claimed', async () => {
    const office = await login(b, 'office', '10.0.0.5');
    const fire = () =>
      call(b, office, 'GET', '/api/residential-areas?pageSize=100').then(
        async (r) => {
          await r.arrayBuffer();
          return String(r.status);
        },
        (e: unknown) => String((e as { cause?: { code?: string } }).cause?.code ?? e),
      );
    // Keep B busy until it reports requests in flight, then ask it to stop: a fixed batch can be
    // answered in full between two readiness polls, and then there is nothing to drain.
    const inflight: Promise<string>[] = [];
    let serving = 0;
    for (let i = 0; i < 400 && serving === 0; i++) {
      if (i % 5 === 0) for (let k = 0; k < 20; k++) inflight.push(fire());
      const ready = await fetch(`${b.url}/api/health/ready`);
      serving = ((await ready.json()) as { inFlight: number }).inFlight;
    }
    expect(serving).toBeGreaterThan(0);
    b.child.kill('SIGTERM');
    const [code, statuses] = await Promise.all([exitOf(b), Promise.all(inflight)]);
    expect(code, b.output.join('')).toBe(0);
    // Every request B had begun finished with its answer.
    expect(statuses.filter((s) => s === '200').length).toBeGreaterThanOrEqual(serving);
    // The others were answered 503 (closing) or never reached the application: refused or reset
    // before their request was read (a proxy sends those to the other process).
    expect(
      statuses.filter((s) => !['200', '503', 'ECONNREFUSED', 'ECONNRESET'].includes(s)),
    ).toEqual([]);
    // The other process still serves the same session.
    expect((await call(a, office, 'GET', '/api/auth/me')).status).toBe(200);
    const client = new pg.Client({ connectionString: DB_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`select id from jobs where status = 'running'`);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
