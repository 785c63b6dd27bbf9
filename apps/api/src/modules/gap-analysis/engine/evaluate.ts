/**
 * The gap engine's face inside the module. Each part lives in its own file: model.ts (what the
 * engine reads, what counts as provision, demand), apportion.ts (sharing a facility among its
 * areas by households), finding.ts (a finding, and the sinks an evaluation writes to),
 * area-evaluation.ts (one area against the rules), list-context.ts (the context over plain
 * lists), spatial-order.ts, incremental.ts (the engine over a whole ledger, with incremental
 * edits) and project-requirements.ts.
 */
export {
  COUNTED,
  countsAsProvision,
  demandOf,
  type AreaContext,
  type EvalArea,
  type EvalFacility,
  type LinkedFacility,
  type NearFacility,
  type NearList,
} from './model.ts';
export { evaluateArea, evaluateAreaInto } from './area-evaluation.ts';
export {
  FindingList,
  type AreaFindingSink,
  type FindingInput,
  type FindingSink,
} from './finding.ts';
export { buildAreaContext } from './list-context.ts';
export { requirementsFor, type ProjectLike } from './project-requirements.ts';
export {
  GapEngine,
  type EngineUpdate,
  type ExplainedFacility,
  type FindingExplanation,
  type GapEngineOptions,
  type Steps,
} from './incremental.ts';
