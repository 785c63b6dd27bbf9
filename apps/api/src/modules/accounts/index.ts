export { accountsRoutes } from './accounts.routes.ts';
export {
  seedDemoAccounts,
  seedFirstAdministrators,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
} from './demo-accounts.ts';
