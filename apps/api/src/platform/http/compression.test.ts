import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
