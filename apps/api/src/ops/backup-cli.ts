import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/client.ts';
import { createBackup } from './backup.ts';

/**
 * `npm run backup [-- <folder>]`: backs up the configured database (DATABASE_URL, or the PGlite
 * folder under DATA_DIR — stop the server first, PGlite is single-process) and DATA_DIR/files.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(process.argv[2] ?? path.join('backups', `backup-${stamp}`));
  const started = performance.now();
  const database = await openDatabase(config);
  try {
    const m = await createBackup({
      database,
      filesDir: path.join(config.dataDir, 'files'),
      outDir,
    });
    const rows = m.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `backup written to ${outDir}: ${m.tables.length} tables, ${rows} rows, ${m.files.count} files, audit head #${m.auditHead.seq} ${m.auditHead.hash.slice(0, 16)}… (${Math.round(performance.now() - started)} ms)`,
    );
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
