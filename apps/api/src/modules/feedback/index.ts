import { registerAttachmentAccess } from '../files/index.ts';
import { registerLateSource, registerSatisfactionSource } from '../supervision/index.ts';
import { feedbackAttachmentAccess } from './feedback-attachments.ts';
import { lateFeedbackEntries, satisfactionForRows } from './feedback-supervision.ts';

registerAttachmentAccess(feedbackAttachmentAccess);
// P13 in P11: 满意率 in every league table and bulletin; unanswered feedback in the late list.
registerSatisfactionSource(satisfactionForRows);
registerLateSource(lateFeedbackEntries);

export { feedbackRoutes } from './feedback.routes.ts';
export { feedbackPublicRoutes } from './feedback.public.routes.ts';
export { questionnairesRoutes } from './questionnaires/questionnaires.routes.ts';
export { computeSatisfaction, type SatisfactionCell } from './feedback-satisfaction.ts';
export { findLateFeedback } from './feedback.service.ts';
export {
  FEEDBACK_DAILY_JOB,
  runFeedbackDaily,
  scheduleFeedbackDaily,
  eraseExpiredContacts,
} from './feedback-jobs.ts';
export { feedback, feedbackEvents } from './feedback.tables.ts';
