/**
 * The server of run-ops.ts's load run, in its own process as in production: a load generator in
 * the same process would share its event loop, and its own clock would stall with the server's.
 * Loads the demo city into PGlite in memory, in its own thread as the server runs it (or into
 * DATABASE_URL's empty database), listens on a free port, and answers the parent's `stats`
 * message with the shedder's count, the most requests seen in flight and the event loop's delay.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openPgliteThread, openPostgres } from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' });
const database = process.env.DATABASE_URL
  ? await openPostgres(process.env.DATABASE_URL)
  : await openPgliteThread(null);
await bootstrapDatabase(database, { seedDemo: true, adminPassword: undefined, env: 'test' });
const app = await buildApp({ config, database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
// Sampled as each request arrives and at each turn of the event loop.
let maxInFlight = 0;
const sample = () => (maxInFlight = Math.max(maxInFlight, app.lifecycle.inFlight));
app.server.on('request', () => queueMicrotask(sample));
setInterval(sample, 5).unref();
const delay = monitorEventLoopDelay({ resolution: 20 });
process.on('message', (m: string) => {
  if (m === 'start') delay.enable();
  if (m === 'stats') {
    delay.disable();
    process.send!({
      shed: app.lifecycle.shed,
      maxInFlight,
      loopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
      loopDelayMaxMs: Math.round(delay.max / 1e6),
    });
  }
  if (m === 'stop')
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
});
process.send!({ port: (app.server.address() as { port: number }).port });
