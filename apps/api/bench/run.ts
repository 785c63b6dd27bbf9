/**
 * `npm run bench [-- --export DIR]`: the platform's scale targets, measured. Each benchmark runs
 * in its own process (so one's memory does not count against the other's) and prints every figure
 * beside its target and the ratio; the run exits non-zero when a target is missed.
 *
 * - Gap analysis (run-gap.ts): the real Zibo demo dataset (~3,300 areas / ~10,300 facilities) and
 *   a scaled one of 100,000 areas / 500,000 facilities; exactness against the WGS-84 ellipsoid;
 *   incremental edits. `--export DIR` writes the generated points as CSV (areas `id,lon,lat`;
 *   facilities `id,type,lon,lat`, WGS-84) under DIR/city and DIR/large. Its peer, tuned PostGIS
 *   coverage on the same points and rules (postgis-peer.ts, POSTGIS_URL), is measured in the same
 *   run: the city's ratio PostGIS / engine must reach 20×; BENCH_POSTGIS_LARGE=1 adds 10^5.
 * - Ledger import (run-import.ts): parsing a 100,000-row workbook against ExcelJS's own streaming
 *   read, and (run-import-db.ts) the whole import of a 100,000-facility export through the
 *   database: dry run, commit after it, commit without it (PGlite, or DATABASE_URL's server).
 * - HTTP (http.ts): the app on the demo city and a bare Fastify route in the same run with
 *   autocannon — lists, details, gap summary, ledger map by view — req/s, p50/p99, ratio, sizes.
 * - Residents' public page (run-public.ts, `--only public`): the public bundle's gzip size and the
 *   community page on Chromium with Slow-4G network emulation and 4× CPU throttling.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { export: { type: 'string' }, only: { type: 'string' } } });
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const runs: { name: string; args: string[] }[] = [];
if (!values.only || values.only === 'gap') {
  runs.push({
    name: 'gap analysis',
    args: [here('./run-gap.ts'), ...(values.export ? ['--export', values.export] : [])],
  });
}
if (!values.only || values.only === 'http') {
  runs.push({ name: 'HTTP: the app against a bare route', args: [here('./http.ts')] });
}
if (!values.only || values.only === 'import') {
  runs.push({ name: 'ledger import: parsing', args: [here('./run-import.ts')] });
  runs.push({ name: 'ledger import: through the database', args: [here('./run-import-db.ts')] });
}
if (!values.only || values.only === 'bulletin') {
  runs.push({ name: 'bulletin of the demo city', args: [here('./run-bulletin.ts')] });
}

if (!values.only || values.only === 'public') {
  // P13: the residents' public bundle size and the community page on Slow 4G with 4× CPU.
  runs.push({ name: 'residents public page', args: [here('./run-public.ts')] });
}
if (!values.only || values.only === 'supervision') {
  runs.push({ name: 'supervision overview', args: [here('./run-supervision.ts')] });
}
if (!values.only || values.only === 'hardening') {
  runs.push({ name: 'hardening: hostile input and zip bombs', args: [here('./run-hardening.ts')] });
}
if (!values.only || values.only === 'ops') {
  runs.push({ name: 'backup, restore and load', args: [here('./run-ops.ts')] });
}

const started = Date.now();
const missed: string[] = [];
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...run.args], { stdio: 'inherit' });
  if (r.status !== 0) missed.push(run.name);
}
console.log(
  `\nbenchmarks finished in ${((Date.now() - started) / 1000).toFixed(1)} s — ${missed.length === 0 ? 'all targets met' : `targets missed in: ${missed.join(', ')}`}`,
);
process.exitCode = missed.length === 0 ? 0 : 1;
