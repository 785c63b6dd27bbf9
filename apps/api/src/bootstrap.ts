import { sql } from 'drizzle-orm';
import type { Config } from './platform/config.ts';
import { configureCity, currentCity } from './platform/city.ts';
import { users } from './platform/auth/auth.tables.ts';
import { migrateDatabase, type Database } from './platform/db/client.ts';
import { loadReferenceData } from './modules/org/index.ts';
import {
  demoAccounts,
  seedDemoAccounts,
  seedFirstAdministrators,
} from './modules/accounts/index.ts';
import { seedDemoLedger } from './demo/seed.ts';
import { loadStandards, syncStandardsCatalogue } from './modules/standards/index.ts';
import { loadCampaigns } from './modules/problems/index.ts';
import { seedSupervision } from './modules/supervision/index.ts';
import { seedDemoProjects } from './modules/projects/index.ts';
import { seedDemoBulletins } from './modules/bulletins/index.ts';
import { seedSupervisionDemo } from './modules/supervision/index.ts';

export type BootstrapReport = {
  referenceLoaded: boolean;
  demoAccounts: number;
  administrators: number;
  accounts: number;
};

/**
 * Brings a database to a runnable state: migrations, reference data on an empty database, then
 * the demo accounts (SEED_DEMO) or the first administrators (production with ADMIN_PASSWORD).
 */
export async function bootstrapDatabase(
  database: Database,
  config: Pick<Config, 'seedDemo' | 'adminPassword' | 'env'> &
    Partial<Pick<Config, 'cityCode' | 'cityDir'>>,
  options: { demoLedger?: boolean } = {},
): Promise<BootstrapReport> {
  if (config.cityCode) configureCity({ cityCode: config.cityCode, cityDir: config.cityDir });
  await migrateDatabase(database);
  const { db } = database;
  const ref = await loadReferenceData(db);
  await loadStandards(db);
  await syncStandardsCatalogue(db);
  await loadCampaigns(db);
  let demoAccountsSeeded = 0;
  let administrators = 0;
  // The demo data (accounts, ledger, projects, supervision, bulletins) is of the city whose
  // reference folder holds demo-accounts.json; another city starts without it.
  const hasDemo = config.seedDemo && demoAccounts() !== null;
  if (config.seedDemo && !hasDemo) {
    console.warn(`SEED_DEMO: no demo data for city ${currentCity().code} (${currentCity().name})`);
  }
  if (hasDemo) {
    demoAccountsSeeded = await seedDemoAccounts(db);
    await seedSupervision(db);
    // Tests build their own records; the demo dataset is for people and browser journeys.
    if (options.demoLedger ?? true) {
      await seedDemoLedger(db);
      await seedDemoProjects(db);
      // The demo city at work first: the demo bulletins freeze its figures.
      await seedSupervisionDemo(db);
      await seedDemoBulletins(db);
    }
  } else if (config.adminPassword) {
    administrators = await seedFirstAdministrators(db, config.adminPassword);
  }
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return {
    referenceLoaded: ref.loaded,
    demoAccounts: demoAccountsSeeded,
    administrators,
    accounts: n,
  };
}
