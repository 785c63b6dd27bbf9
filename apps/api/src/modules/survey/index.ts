export { surveyRoutes } from './survey.routes.ts';
export { surveys, surveySubmissions } from './survey.tables.ts';
