/**
 * The gap-analysis figures alone:
 *   node --import tsx apps/api/bench/run-gap.ts [--dataset demo|synthetic] [--export DIR]
 * `demo` (default) measures the real Zibo demo dataset and the scaled demo generator
 * (100,000 areas / 500,000 facilities); `synthetic` the bench's own generator.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateScaledDataset, generateZiboDemo } from '../src/demo/generator.ts';
import { writePointsCsv } from '../src/demo/points-csv.ts';
import { expandScaledDataset } from '../src/demo/scaled-dataset.ts';
import { benchGapAnalysis } from './gap-analysis.ts';

const { values } = parseArgs({
  options: { dataset: { type: 'string', default: 'demo' }, export: { type: 'string' } },
});

let figures;
if (values.dataset === 'demo') {
  const city = generateZiboDemo();
  const scaled = generateScaledDataset({ areas: 100_000, facilities: 500_000 });
  if (values.export) {
    const dir = path.resolve(values.export);
    await writePointsCsv(path.join(dir, 'city'), city);
    await writePointsCsv(path.join(dir, 'large'), scaled);
    console.log(
      `points written to ${dir}/city and ${dir}/large (areas.csv, facilities.csv; WGS-84)`,
    );
  }
  figures = await benchGapAnalysis({ city, large: expandScaledDataset(scaled) });
} else {
  figures = await benchGapAnalysis();
}
const failed = figures.filter(
  (f) =>
    f.target !== null &&
    (f.kind === 'max' ? f.measured >= f.target : f.kind === 'equal' && f.measured !== f.target),
);
process.exitCode = failed.length > 0 ? 1 : 0;
