import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabase } from './platform/db/client.ts';
import { bootstrapDatabase } from './bootstrap.ts';
import { buildApp } from './app.ts';
import { demoAccounts, DEMO_PASSWORD } from './modules/accounts/index.ts';
import { startJobs } from './jobs.ts';
import { releaseJobs } from './platform/jobs/jobs.ts';
import { warmSupervisionFacts } from './modules/supervision/index.ts';
import { sharedGapCache } from './modules/gap-analysis/index.ts';

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
  const stopJobs = startJobs(database.db, app.log, config.jobIntervalMs);
  // Graceful shutdown (ADR 0012): readiness turns 503, no new connections are accepted, requests
  // in flight finish, the job in progress finishes (or is put back in the queue when the grace
  // period runs out), then the database closes.
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.lifecycle.draining = true;
    app.log.info({ signal, inFlight: app.lifecycle.inFlight }, 'shutting down');
    const forced = setTimeout(() => {
      app.log.error('shutdown grace period exceeded; releasing jobs and exiting');
      void releaseJobs(database.db).finally(() => process.exit(1));
    }, config.shutdownGraceMs);
    forced.unref();
    try {
      await Promise.all([stopJobs(), app.close()]);
      await releaseJobs(database.db);
      await database.close();
      process.exit(0);
    } catch (e) {
      app.log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // The gap analysis and supervision's kept problem facts (ADR 0017) load now, not on the first
  // request that needs them: seconds each for a city of 10^5 areas.
  void sharedGapCache(database.db)
    .current()
    .catch((e: unknown) =>
      app.log.warn({ err: e }, 'gap analysis not built at start; the first request builds it'),
    )
    .then(() => warmSupervisionFacts(database.db))
    .catch((e: unknown) =>
      app.log.warn(
        { err: e },
        'supervision facts not loaded at start; the first overview loads them',
      ),
    );
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${config.port}/`;
  const dbLabel = database.driver === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL';
  console.log(`\n社区配套设施规划建设管理平台 is running at ${url}  (database: ${dbLabel})`);
  if (config.seedDemo && demoAccounts() !== null) {
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
