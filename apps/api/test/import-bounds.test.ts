import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './harness.ts';
import { buildZipBomb } from './zip-bomb.ts';

/** Issue 11 item 6: a workbook may not expand without limit in memory (P13 等保 resource control). */
let t: TestApp;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp({
    IMPORT_MAX_PART_MB: '8',
    IMPORT_MAX_RATIO: '100',
    IMPORT_CONCURRENCY: '1',
  });
  zhangdian = await t.login('zhangdian');
});
afterAll(async () => {
  await t.close();
});

const HAN = /[\u4e00-\u9fa5]/;

function expectTooLarge(res: { statusCode: number; body: string }) {
  expect(res.statusCode, res.body).toBe(413);
  const body = JSON.parse(res.body) as {
    error: { code: string; message: string; details?: unknown };
  };
  expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect(body.error.message).toMatch(HAN);
  expect(body.error.details).toBeUndefined();
}

describe('bounded imports', () => {
  it('a part declared larger than the limit is refused before inflating', async () => {
    const bomb = await buildZipBomb({ inflatedBytes: 20 * 1_048_576 });
    expect(bomb.length).toBeLessThan(100_000);
    expectTooLarge(await zhangdian.upload('/api/imports/ledger?dryRun=true', bomb));
  });

  it('a part that lies about its size is stopped while streaming, by its ratio', async () => {
    const bomb = await buildZipBomb({ inflatedBytes: 6 * 1_048_576, declaredSize: 1000 });
    expectTooLarge(await zhangdian.upload('/api/imports/ledger?dryRun=true', bomb));
  });

  it('the problems import is bounded the same way', async () => {
    const bomb = await buildZipBomb({ inflatedBytes: 20 * 1_048_576, declaredSize: 1000 });
    expectTooLarge(await zhangdian.upload('/api/imports/problem-progress', bomb));
  });

  it('imports beyond the set number at once answer 429 in Chinese', async () => {
    const bomb = await buildZipBomb({ inflatedBytes: 6 * 1_048_576, declaredSize: 1000 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => zhangdian.upload('/api/imports/ledger?dryRun=true', bomb)),
    );
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(limited.length, answers.map((r) => r.statusCode).join()).toBeGreaterThan(0);
    for (const r of limited) {
      const body = r.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('RATE_LIMITED');
      expect(body.error.message).toMatch(HAN);
    }
    // Once they are done, an import is accepted again.
    expectTooLarge(await zhangdian.upload('/api/imports/ledger?dryRun=true', bomb));
  });
});
