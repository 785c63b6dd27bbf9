export { standardsRoutes } from './standards.routes.ts';
export { loadStandards, currentRules, syncStandardsCatalogue } from './standards.service.ts';
export { loadStandardsCatalogue } from './catalogue.ts';
