export { problemsRoutes } from './problems.routes.ts';
export {
  raiseProblem,
  loadCampaigns,
  findProblems,
  type ProblemSource,
} from './problems.service.ts';
export { scanDeadlines, scheduleDeadlineScan, DEADLINE_SCAN_JOB } from './problem-deadlines.ts';
export { problems, campaigns } from './problems.tables.ts';
// P13 residents: the public progress of problems, and what feedback triage and 回访 need.
export { publicProblemProgress, type PublicProblemProgress } from './problems.public.ts';
export {
  canSeeProblem,
  findingKeyOf,
  loadActorDepartment,
  problemsOfFindings,
  recipientsOf,
  type FindingProblem,
} from './problems.repo.ts';
export { isLeadDepartment } from './problems.policy.ts';
export { reopenProblem } from './problem-actions.service.ts';
export {
  problemPlans,
  problemEvents,
  problemExtensions,
  problemChanges,
} from './problems.tables.ts';
export { raiseUseProblem } from './use-supervision.ts';
// Who may read an attachment linked to a problem: registered where the app is assembled (app.ts).
export { problemAttachmentAccess } from './problem-attachments.ts';
