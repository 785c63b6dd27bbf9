import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArea } from '../../../test/factories.ts';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { webCacheControl } from '../../app.ts';

/** Delivery of API answers (docs/adr/0011-request-path-speed.md): compressed over 1 KB. */
let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

describe('API answer compression', () => {
  it('sends brotli to a client that accepts it, and the bytes decode to the same JSON', async () => {
    const plain = await admin.request('GET', '/api/regions/outlines');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);

    const br = await admin.request('GET', '/api/regions/outlines', undefined, {
      'accept-encoding': 'br',
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const decoded = zlib.brotliDecompressSync(br.rawPayload).toString('utf8');
    expect(JSON.parse(decoded)).toEqual(plain.json());
    // The API's own caching rule still applies to a compressed answer.
    expect(br.headers['cache-control']).toBe('no-store');
  });

  it('sends gzip when that is what the client accepts', async () => {
    const gz = await admin.request('GET', '/api/openapi.json', undefined, {
      'accept-encoding': 'gzip',
    });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(
      (await admin.request('GET', '/api/openapi.json')).json(),
    );
  });

  it('compresses a kept list page once per encoding, and a write gives readers the new page', async () => {
    // The areas list is a kept answer shared by readers of one scope (platform/kept-answers.ts).
    const zhangdian = await t.login('zhangdian');
    for (let i = 0; i < 20; i++) await buildArea(zhangdian, { address: `张店区某街道${i}号` });
    const office = await t.login('office');
    const url = '/api/residential-areas?page=1&pageSize=20';
    const br = () => office.request('GET', url, undefined, { 'accept-encoding': 'gzip, br' });
    const first = await br();
    const second = await br();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('br');
    expect(String(first.headers.vary)).toMatch(/accept-encoding/i);
    expect(Number(first.headers['content-length'])).toBe(first.rawPayload.length);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const page = JSON.parse(zlib.brotliDecompressSync(first.rawPayload).toString('utf8')) as {
      items: { id: number; name: string; version: number }[];
    };
    expect(page).toEqual((await office.get(url)).json());

    const gz = await office.request('GET', url, undefined, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(page);
    const none = await office.request('GET', url, undefined, {
      'accept-encoding': 'br',
      'x-no-compression': '1',
    });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.json()).toEqual(page);

    // A write moves the ledger's revision: the next reader is sent the page as it is now.
    const area = page.items[0]!;
    const renamed = await zhangdian.patch(`/api/residential-areas/${area.id}`, {
      name: `${area.name}（已更名）`,
      version: area.version,
    });
    expect(renamed.statusCode).toBe(200);
    const after = await br();
    const fresh = JSON.parse(zlib.brotliDecompressSync(after.rawPayload).toString('utf8')) as {
      items: { id: number; name: string }[];
    };
    expect(fresh.items[0]).toMatchObject({ id: area.id, name: `${area.name}（已更名）` });
  });

  it('leaves an answer under 1 KB as it is', async () => {
    const small = await t.anonymous().request('GET', '/api/health', undefined, {
      'accept-encoding': 'br, gzip',
    });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('caches hashed web assets for a year and revalidates everything else', () => {
    expect(webCacheControl('/srv/web/dist/assets/index-Qv2y0UK.js')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(webCacheControl('/srv/web/dist/index.html')).toBe('no-cache');
    expect(webCacheControl('/srv/web/dist/favicon.svg')).toBe('no-cache');
  });
});
