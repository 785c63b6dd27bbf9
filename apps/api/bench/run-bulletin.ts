/**
 * `node --import tsx apps/api/bench/run-bulletin.ts`: a bulletin of the demo city — the frozen
 * snapshot (the supervision overview of the city), the GB/T 9704 .docx and the .xlsx annex —
 * against the target of 5 s (issue 9). PGlite in memory with the demo seed. Exits non-zero when
 * the target is missed.
 */
import { openPglite } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { todayInShanghai } from '../src/platform/time.ts';
import {
  buildBulletinAnnex,
  buildBulletinDocx,
} from '../src/modules/bulletins/bulletin-document.ts';
import { draftNarrative } from '../src/modules/bulletins/bulletin-narrative.ts';
import { readBulletinSettings, takeSnapshot } from '../src/modules/bulletins/bulletins.service.ts';

const TARGET_MS = 5_000;

const database = await openPglite(null);
const seeding = Date.now();
await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
console.log(`demo city seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
const { db } = database;

const runs: number[] = [];
let sizes = { docx: 0, xlsx: 0, regions: 0, late: 0 };
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const snapshot = await takeSnapshot(db, null);
  const today = todayInShanghai();
  const doc = {
    issueNo: 1,
    year: Number(today.slice(0, 4)),
    docNumber: '淄社配办〔2026〕1号',
    title: '关于全市社区配套设施整治工作进展情况的通报',
    periodStart: `${today.slice(0, 8)}01`,
    periodEnd: today,
    date: today,
    narrative: draftNarrative(snapshot, { start: `${today.slice(0, 8)}01`, end: today }),
    snapshot,
  };
  const settings = await readBulletinSettings(db);
  const [docx, xlsx] = await Promise.all([
    buildBulletinDocx(doc, settings),
    buildBulletinAnnex(doc),
  ]);
  runs.push(performance.now() - started);
  sizes = {
    docx: docx.length,
    xlsx: xlsx.length,
    regions: snapshot.regions.length,
    late: snapshot.late.length,
  };
}
await database.close();
const best = Math.min(...runs);
const worst = Math.max(...runs);
console.log(
  `bulletin of the demo city (${sizes.regions} rows, ${sizes.late} late entries; .docx ${(sizes.docx / 1024).toFixed(0)} KB, .xlsx ${(sizes.xlsx / 1024).toFixed(0)} KB)`,
);
console.log(
  `  snapshot + .docx + .xlsx: ${worst.toFixed(0)} ms (best ${best.toFixed(0)} ms) — target < ${TARGET_MS} ms — ${(worst / TARGET_MS).toFixed(2)}× target`,
);
process.exitCode = worst < TARGET_MS ? 0 : 1;
