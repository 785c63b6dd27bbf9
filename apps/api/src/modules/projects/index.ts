import { registerAttachmentAccess } from '../files/index.ts';
import { projectAttachmentAccess } from './project-attachments.ts';

registerAttachmentAccess(projectAttachmentAccess);

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
