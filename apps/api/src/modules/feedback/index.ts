import { registerAttachmentAccess } from '../files/index.ts';
import { feedbackAttachmentAccess } from './feedback-attachments.ts';

registerAttachmentAccess(feedbackAttachmentAccess);

export { feedbackRoutes } from './feedback.routes.ts';
export { feedbackPublicRoutes } from './feedback.public.routes.ts';
export { computeSatisfaction, type SatisfactionCell } from './feedback-satisfaction.ts';
export { findLateFeedback } from './feedback.service.ts';
export {
  FEEDBACK_DAILY_JOB,
  runFeedbackDaily,
  scheduleFeedbackDaily,
  eraseExpiredContacts,
} from './feedback-jobs.ts';
export { feedback, feedbackEvents } from './feedback.tables.ts';
