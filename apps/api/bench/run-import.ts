/**
 * Runs the ledger import benchmark alone:
 *   node --import tsx apps/api/bench/run-import.ts [--rows 100000] [--rounds 2]
 * Exits non-zero when a target (≤ 2× ExcelJS's read time, < 1 GB) is missed.
 */
import { parseArgs } from 'node:util';
import { benchLedgerImport } from './ledger-import.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '2' },
  },
});

const result = await benchLedgerImport({
  rows: Number(values.rows),
  rounds: Number(values.rounds),
});
console.log(JSON.stringify(result, null, 2));
if (result.ratio > 2 || result.processPeakRssMb >= 1024 || result.errors > 0) process.exitCode = 1;
