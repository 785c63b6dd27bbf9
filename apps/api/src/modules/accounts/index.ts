export { accountsRoutes } from './accounts.routes.ts';
export {
  seedDemoAccounts,
  seedFirstAdministrators,
  demoAccounts,
  DEMO_PASSWORD,
} from './demo-accounts.ts';
export {
  ACCOUNT_HYGIENE_JOB,
  lockInactiveAccounts,
  scheduleAccountHygiene,
} from './account-hygiene.jobs.ts';
