import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../apps/api/src/app.ts';
import { loadConfig } from '../apps/api/src/platform/config.ts';
import { buildTemplate, dropTemplate, openTestDatabase } from '../apps/api/test/template-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const WEB_DIST = path.resolve(import.meta.dirname, '../apps/web/dist');

/**
 * Starts the real server in-process on a fresh database (reference data and demo accounts) and
 * the built web app, on a free port. It builds nothing: the root `npm test` builds first.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web app is not built (${WEB_DIST}/index.html is missing). ` +
        'Run `npm run build` first, or use `npm test`, which builds before testing.',
    );
  }
  const template = await buildTemplate();
  const database = await openTestDatabase(template, { thread: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    WEB_DIST,
  });
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}`);

  return async () => {
    await app.close();
    await database.close();
    await dropTemplate(template);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
