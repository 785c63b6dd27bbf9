export { supervisionRoutes } from './supervision.routes.ts';
export { seedSupervision } from './supervision.seed.ts';
