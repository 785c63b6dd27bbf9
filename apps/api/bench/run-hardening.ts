/**
 * `node --import tsx apps/api/bench/run-hardening.ts` (part of `npm run bench`): issue 11 figures.
 *
 * - The hostile-input corpus generated from the OpenAPI document (as the test does): its size
 *   and the number of 5xx answers (target 0).
 * - Peak memory while six district accounts upload a 300 KB workbook that inflates to 300 MiB,
 *   all at once (target: growth < 256 MB; before issue 11 six took the process to 2.45 GiB).
 */
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openPglite } from '../src/platform/db/client.ts';
import { currentCity } from '../src/platform/city.ts';
import { demoAccounts, DEMO_PASSWORD } from '../src/modules/accounts/index.ts';
import { permissionsOf } from '@zibo/shared';
import { hostileCorpus, type OpenApiDocument } from '../test/hostile-corpus.ts';
import { buildZipBomb } from '../test/zip-bomb.ts';

const database = await openPglite(null);
// Demo accounts without the demo ledger: the figures are about refusals, not data volume.
await bootstrapDatabase(
  database,
  { seedDemo: true, adminPassword: undefined, env: 'test' },
  { demoLedger: false },
);
console.log('database ready');
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: path.join(os.tmpdir(), `zibo-bench-hardening-${process.pid}`),
  LOG_LEVEL: 'silent',
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  IMPORT_CONCURRENCY: '6',
});
const app = await buildApp({ config, database, logger: false });

type Session = { cookie: string; csrf: string };
const sessions = new Map<string, Session>();
async function signIn(username: string): Promise<Session> {
  const known = sessions.get(username);
  if (known) return known;
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: DEMO_PASSWORD },
  });
  const sid = res.cookies.find((c) => c.name === 'sid');
  const session = {
    cookie: `sid=${sid?.value}`,
    csrf: res.json<{ csrfToken: string }>().csrfToken,
  };
  sessions.set(username, session);
  return session;
}

// 1. Hostile corpus.
const admin = await signIn('admin');
const target = await app.inject({
  method: 'POST',
  url: '/api/users',
  headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
  payload: {
    username: 'hostilebench',
    displayName: '基准',
    password: 'Start#2026a',
    regionCode: currentCity().code,
  },
});
const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApiDocument>();
const corpus = hostileCorpus(doc, {
  perField: 2,
  userId: target.json<{ id: number }>().id,
  permissionOf: (method, url) =>
    app.routeTable.find((r) => r.method === method && r.url === url)?.permission ?? 'public',
});
let fiveXx = 0;
const started = performance.now();
for (const r of corpus) {
  let headers: Record<string, string> = {};
  if (r.permission !== 'public') {
    const holder =
      r.permission === 'authenticated'
        ? 'office'
        : ((demoAccounts() ?? []).find((a) => permissionsOf(a.roles).has(r.permission as never))
            ?.username ?? 'admin');
    const s = await signIn(holder);
    headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  }
  const res = await app.inject({
    method: r.method,
    url: r.url,
    headers,
    payload: r.body as object,
  });
  if (res.statusCode >= 500) fiveXx++;
}
const corpusSeconds = (performance.now() - started) / 1000;
console.log(
  `hostile corpus: ${corpus.length} requests in ${corpusSeconds.toFixed(1)} s, 5xx: ${fiveXx} (target 0)`,
);

// 2. Six parallel zip bombs.
const bomb = await buildZipBomb({ inflatedBytes: 300 * 1_048_576, declaredSize: 1000 });
const zd = await signIn('zhangdian');
global.gc?.();
const baseline = process.memoryUsage().rss;
let peak = baseline;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const boundary = '----zibobench';
const payload = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  ),
  bomb,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);
const bombStart = performance.now();
const answers = await Promise.all(
  Array.from({ length: 6 }, () =>
    app.inject({
      method: 'POST',
      url: '/api/imports/ledger?dryRun=true',
      headers: {
        cookie: zd.cookie,
        'x-csrf-token': zd.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    }),
  ),
);
clearInterval(timer);
const growthMb = (peak - baseline) / 1_048_576;
console.log(
  `six parallel 300 MiB bombs (${(bomb.length / 1024).toFixed(0)} KB each): answers ${answers
    .map((a) => a.statusCode)
    .join(
      ',',
    )} in ${((performance.now() - bombStart) / 1000).toFixed(2)} s; peak RSS ${(peak / 1_048_576).toFixed(0)} MB, growth ${growthMb.toFixed(0)} MB (target < 256 MB)`,
);
await app.close();
await database.close();
process.exit(fiveXx === 0 && growthMb < 256 && answers.every((a) => a.statusCode < 500) ? 0 : 1);
