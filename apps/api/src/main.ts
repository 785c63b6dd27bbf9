import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/client.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { DEMO_PASSWORD } from './modules/accounts/index.ts';
import { startJobs } from './jobs.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const database = await openDatabase(config);
  const report = await bootstrapDatabase(database, config);
  const app = await buildApp({ config, database });
  const stopJobs = startJobs(database.db, app.log);
  const close = async () => {
    stopJobs();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close());
  process.on('SIGTERM', () => void close());
  await app.listen({ port: config.port, host: config.host });
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${config.port}/`;
  const dbLabel = database.driver === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL';
  console.log(`\n社区配套设施规划建设管理平台 is running at ${url}  (database: ${dbLabel})`);
  if (config.seedDemo) {
    console.log(
      `Demo login: office / ${DEMO_PASSWORD}  (all demo accounts use ${DEMO_PASSWORD}; see README)`,
    );
  } else if (report.administrators > 0) {
    console.log(
      'First administrators created: admin, security, auditor (ADMIN_PASSWORD; change at first sign-in).',
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
