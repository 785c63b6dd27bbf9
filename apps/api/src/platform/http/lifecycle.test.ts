import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../config.ts';
import { openPostgres } from '../db/client.ts';

// ADR 0012: readiness says when the database cannot be reached, and a request that needs the
// database then answers 503 with Retry-After, never 500.
describe('readiness without a database', () => {
  it('answers 503 with Retry-After when PostgreSQL is unreachable', async () => {
    const database = await openPostgres('postgres://postgres@127.0.0.1:1/none', 1);
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: '/tmp/zibo-ready',
    });
    const app = await buildApp({ config, database, logger: false });
    try {
      const ready = await app.inject({ method: 'GET', url: '/api/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['retry-after']).toBe('2');
      expect(ready.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'office', password: 'x' },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json<{ error: { message: string } }>().error.message).toMatch(/数据库/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
