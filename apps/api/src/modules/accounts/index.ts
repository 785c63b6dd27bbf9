export { accountsRoutes } from './accounts.routes.ts';
export {
  seedDemoAccounts,
  seedFirstAdministrators,
  demoAccounts,
  DEMO_PASSWORD,
} from './demo-accounts.ts';
