import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('configuration', () => {
  it('has the defaults of API.md', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      seedDemo: true,
      sessionIdleMinutes: 30,
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('turns demo seeding off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production', FIELD_KEY: KEY }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', FIELD_KEY: KEY, SEED_DEMO: 'true' }).seedDemo).toBe(
      true,
    );
  });

  it('P13 requires a personal-data key and the public challenge in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/FIELD_KEY/);
    expect(() => loadConfig({ FIELD_KEY: 'c2hvcnQ=' })).toThrow(/32 字节/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', FIELD_KEY: KEY, PUBLIC_CHALLENGE: 'off' }),
    ).toThrow(/PUBLIC_CHALLENGE/);
    expect(loadConfig({ FIELD_KEY: KEY }).fieldKey.length).toBe(32);
    expect(loadConfig({}).publicChallenge).toBe(true);
  });

  it('stops with a readable message naming each bad value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL 应以 postgres:// 开头');
    expect(message).toContain('SEED_DEMO: 应为 true 或 false');
  });
});
