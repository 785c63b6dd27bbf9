import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import smCrypto from 'sm-crypto';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { configureCrypto } from '../../platform/crypto/suite.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { bulletins } from './bulletins.tables.ts';

/**
 * Issue 11, 密评 (GB/T 39786-2021 8.4 h): under CRYPTO_SUITE=gm an issued bulletin's document and
 * annex carry SM2 signatures with the standard user ID, which verify with an independent
 * implementation and fail once the stored file is altered. P11 (bulletins).
 */
type Part =
  | { part: string; signed: false }
  | {
      part: string;
      signed: true;
      valid: boolean;
      userId: string;
      publicKey: string;
      signature: string;
    };

let t: TestApp;
let office: Client;
let zhangdian: Client;
beforeAll(async () => {
  t = await startTestApp({ CRYPTO_SUITE: 'gm' });
  office = await t.login('office');
  zhangdian = await t.login('zhangdian');
});
afterAll(async () => {
  await t.close();
  configureCrypto({ cryptoSuite: 'intl', cryptoKey: null, sm2PrivateKey: null });
});

async function issueOne(month: string): Promise<number> {
  const year = todayInShanghai().slice(0, 4);
  const draft = await office.post('/api/bulletins', {
    periodStart: `${year}-${month}-01`,
    periodEnd: `${year}-${month}-28`,
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json<{ id: number }>().id;
  const issued = await office.post(`/api/bulletins/${id}/issue`);
  expect(issued.statusCode, issued.body).toBe(200);
  return id;
}

describe('SM2 signatures on issued bulletins', () => {
  it('signs document and annex with the standard user ID; a recipient verifies them', async () => {
    const id = await issueOne('02');
    const res = await zhangdian.get(`/api/bulletins/${id}/signature`);
    expect(res.statusCode, res.body).toBe(200);
    const parts = res.json<{ parts: Part[] }>().parts;
    expect(parts.map((p) => p.part)).toEqual(['document', 'annex']);
    const doc = await zhangdian.get(`/api/bulletins/${id}/document`);
    for (const p of parts) {
      expect(p.signed).toBe(true);
      if (!p.signed) continue;
      expect(p.valid).toBe(true);
      expect(p.userId).toBe('1234567812345678');
    }
    // Independent check of the downloaded document with sm-crypto itself (not our wrapper).
    const first = parts[0]!;
    if (!first.signed) throw new Error('unsigned');
    const ok = smCrypto.sm2.doVerifySignature(
      Array.from(doc.rawPayload),
      first.signature,
      first.publicKey,
      { der: true, hash: true, userId: '1234567812345678' },
    );
    expect(ok).toBe(true);
    const wrongId = smCrypto.sm2.doVerifySignature(
      Array.from(doc.rawPayload),
      first.signature,
      first.publicKey,
      { der: true, hash: true, userId: 'ALICE123@YAHOO.COM' },
    );
    expect(wrongId).toBe(false);
  });

  it('reports a stored document altered after issue as not valid', async () => {
    const id = await issueOne('03');
    const [row] = await t.db.select().from(bulletins).where(eq(bulletins.id, id));
    const bytes = Buffer.from(row!.documentBase64!, 'base64');
    bytes[bytes.length - 10] = (bytes[bytes.length - 10]! + 1) % 256;
    await t.db
      .update(bulletins)
      .set({ documentBase64: bytes.toString('base64') })
      .where(eq(bulletins.id, id));
    const parts = (await office.get(`/api/bulletins/${id}/signature`)).json<{ parts: Part[] }>()
      .parts;
    expect(parts.find((p) => p.part === 'document')).toMatchObject({ signed: true, valid: false });
    expect(parts.find((p) => p.part === 'annex')).toMatchObject({ signed: true, valid: true });
  });

  it('a draft is not signed', async () => {
    const year = todayInShanghai().slice(0, 4);
    const draft = await office.post('/api/bulletins', {
      periodStart: `${year}-04-01`,
      periodEnd: `${year}-04-28`,
    });
    const id = draft.json<{ id: number }>().id;
    const parts = (await office.get(`/api/bulletins/${id}/signature`)).json<{ parts: Part[] }>()
      .parts;
    expect(parts.every((p) => !p.signed)).toBe(true);
  });
});
