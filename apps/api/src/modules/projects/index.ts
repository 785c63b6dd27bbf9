export { projectsRoutes } from './projects.routes.ts';
export { seedDemoProjects } from './projects.seed.ts';
export {
  scanOpinionDeadlines,
  scheduleOpinionDeadlineScan,
  OPINION_DEADLINE_SCAN_JOB,
} from './project-deadlines.ts';
export { projects } from './projects.tables.ts';
// P13 residents: feedback triage deadlines count working days the same way.
export { addWorkingDays } from './working-days.ts';
export { compliantDocument } from './project-documents-builder.ts';
// Who may read an attachment linked to a project: registered where the app is assembled (app.ts).
export { projectAttachmentAccess } from './project-attachments.ts';
