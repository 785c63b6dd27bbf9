import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/client.ts';
import { restoreBackup } from './backup.ts';

/**
 * `npm run restore -- <backup folder>`: restores into the configured database (DATABASE_URL, an
 * empty database; or a fresh DATA_DIR for PGlite) and DATA_DIR/files, then checks the counts,
 * the audit chain head and the files against the manifest.
 */
async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npm run restore -- <backup folder>');
    process.exit(2);
  }
  const config = loadConfig();
  const started = performance.now();
  const database = await openDatabase(config);
  try {
    const { manifest, counts } = await restoreBackup({
      database,
      backupDir: path.resolve(dir),
      filesDir: path.join(config.dataDir, 'files'),
    });
    const rows = Object.values(counts).reduce((n, c) => n + c, 0);
    console.log(
      `restored ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.count} files; audit head #${manifest.auditHead.seq} matches (${Math.round(performance.now() - started)} ms)`,
    );
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
