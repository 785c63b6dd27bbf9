/**
 * `node --import tsx apps/api/bench/run-import-db.ts`: the ledger import end to end through the
 * database (PGlite, or the server named by DATABASE_URL). Exits non-zero when a target is missed:
 * each import ≤ 2× ExcelJS's read time, and the import's own memory < 1 GB.
 */
import { benchLedgerImportThroughDb } from './ledger-import-db.ts';

const r = await benchLedgerImportThroughDb();
const importMb = r.peakRssMb - (process.env.DATABASE_URL ? 0 : r.baselineRssMb);
const missed =
  r.errors > 0 ||
  r.updated.some((n) => n !== Math.round(r.rows / 100)) ||
  [r.dryRunMs, r.commitMs, r.directMs].some((ms) => ms > 2 * r.excelJsMs) ||
  importMb >= 1024;
process.exitCode = missed ? 1 : 0;
