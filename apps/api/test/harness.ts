import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig, type Config } from '../src/platform/config.ts';
import type { Database, Db } from '../src/platform/db/client.ts';
import { DEMO_PASSWORD } from '../src/modules/accounts/index.ts';
import { openTestDatabase } from './template-db.ts';

export type TestApp = {
  app: App;
  db: Db;
  database: Database;
  config: Config;
  /** Signs in through the API and returns a client that sends the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  /** A client with no session. */
  anonymous(): Client;
  close(): Promise<void>;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class Client {
  constructor(
    private readonly app: App,
    public cookie: string | null,
    public csrfToken: string | null,
  ) {}

  request(
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }
  /** POSTs one file as multipart/form-data field `file`. */
  upload(
    url: string,
    content: Buffer,
    filename = 'ledger.xlsx',
    contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ) {
    const boundary = `----zibo${Date.now().toString(16)}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(filename)}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return this.app.inject({
      method: 'POST',
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat([head, content, tail]),
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export function sessionCookieOf(res: LightMyRequestResponse): string | null {
  const c = res.cookies.find((x) => x.name === 'sid');
  return c ? `sid=${c.value}` : null;
}

/** Starts the real application on a fresh copy of the template database (one per test file). */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(inject('dbTemplate'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: path.join(os.tmpdir(), `zibo-test-${process.pid}`),
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    ...env,
  });
  const app = await buildApp({ config, database, logger: false });
  const login = async (username: string, password = DEMO_PASSWORD) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200)
      throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const body = res.json<{ csrfToken: string }>();
    return new Client(app, sessionCookieOf(res), body.csrfToken);
  };
  return {
    app,
    db: database.db,
    database,
    config,
    login,
    anonymous: () => new Client(app, null, null),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
