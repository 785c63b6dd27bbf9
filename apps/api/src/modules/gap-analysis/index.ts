export { gapAnalysisRoutes } from './gap-analysis.routes.ts';
export {
  GapEngine,
  type EvalArea,
  type EvalFacility,
  type ProjectLike,
} from './engine/evaluate.ts';
// P13 residents: the public area page reads the same findings through the shared cache.
export { sharedGapCache } from './gap-analysis.cache.ts';
export { findAreaGaps } from './gap-analysis.service.ts';
