export { bulletinsRoutes } from './bulletins.routes.ts';
export {
  BULLETIN_DRAFT_JOB,
  draftScheduledBulletin,
  scheduleBulletinDraft,
} from './bulletins.jobs.ts';
export { draftBulletin, issueBulletin } from './bulletins.service.ts';
export { bulletins, bulletinRecipients } from './bulletins.tables.ts';
export { seedDemoBulletins } from './bulletins.seed.ts';
import './bulletin-settings-group.ts';
