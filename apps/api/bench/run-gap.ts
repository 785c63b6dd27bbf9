import { benchGapAnalysis } from './gap-analysis.ts';

/** `node --import tsx apps/api/bench/run-gap.ts`: prints the gap-analysis figures and targets. */
const figures = await benchGapAnalysis();
const failed = figures.filter(
  (f) =>
    f.target !== null &&
    (f.kind === 'max' ? f.measured >= f.target : f.kind === 'equal' && f.measured !== f.target),
);
process.exitCode = failed.length > 0 ? 1 : 0;
