export { supervisionRoutes } from './supervision.routes.ts';
export { seedSupervision } from './supervision.seed.ts';
export {
  computeSupervisionOverview,
  registerPreviousOverviewSource,
  registerSatisfactionSource,
  type PreviousOverview,
  type SatisfactionByRow,
} from './overview.service.ts';
export { registerLateSource } from './late.service.ts';
export { readSupervisionSettings } from './supervision-settings.ts';
export { applyOrderRules, scheduleOrderRules, ORDER_RULES_JOB } from './orders.service.ts';
export { supervisionOrders } from './supervision.tables.ts';
export { findLeadingGroup, findTasks } from './supervision.service.ts';
export { seedSupervisionDemo } from './demo/seed.ts';
export { problemFacts as warmSupervisionFacts } from './problem-facts.cache.ts';
import './supervision-settings-group.ts';
