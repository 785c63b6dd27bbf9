import { registerAttachmentAccess } from '../files/index.ts';
import { problemAttachmentAccess } from './problem-attachments.ts';

registerAttachmentAccess(problemAttachmentAccess);

export { problemsRoutes } from './problems.routes.ts';
export {
  raiseProblem,
  loadCampaigns,
  findProblems,
  type ProblemSource,
} from './problems.service.ts';
export { scanDeadlines, scheduleDeadlineScan, DEADLINE_SCAN_JOB } from './problem-deadlines.ts';
export { problems, campaigns } from './problems.tables.ts';
export { raiseUseProblem } from './use-supervision.ts';
