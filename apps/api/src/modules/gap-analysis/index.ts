export { gapAnalysisRoutes } from './gap-analysis.routes.ts';
export {
  GapEngine,
  type EvalArea,
  type EvalFacility,
  type ProjectLike,
} from './engine/evaluate.ts';
