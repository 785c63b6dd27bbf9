import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

/**
 * Delivery of the built web app (docs/adr/0011-request-path-speed.md): what a person's browser
 * downloads before signing in, and how the server sends the files.
 */
const WEB_DIST = path.resolve(import.meta.dirname, '../apps/web/dist');
const SIGN_IN_JS_BUDGET = 200 * 1024;

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };

function readManifest(): Record<string, ManifestChunk> {
  return JSON.parse(fs.readFileSync(path.join(WEB_DIST, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
}

/** The entry chunk and every chunk it imports statically, transitively (what loads before any lazy page). */
function signInChunks(manifest: Record<string, ManifestChunk>): string[] {
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entryKey) throw new Error('the manifest has no entry');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]!.imports ?? []) visit(imported);
  };
  visit(entryKey);
  return [...seen].map((k) => manifest[k]!.file);
}

describe('delivery of the web app', () => {
  it('sends at most 200 KB gzip of JavaScript before sign-in (the entry and its static imports)', () => {
    const files = signInChunks(readManifest());
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const data = fs.readFileSync(path.join(WEB_DIST, file));
      raw += data.length;
      gzip += zlib.gzipSync(data, { level: 9 }).length;
    }
    console.log(
      `sign-in page JavaScript: ${files.length} files, ${(raw / 1024).toFixed(1)} KB, ` +
        `${(gzip / 1024).toFixed(1)} KB gzip (budget ${SIGN_IN_JS_BUDGET / 1024} KB)`,
    );
    expect(files.length).toBeGreaterThan(0);
    expect(gzip).toBeLessThanOrEqual(SIGN_IN_JS_BUDGET);
  });

  it('serves hashed assets pre-compressed and immutable, and index.html revalidated', async () => {
    const baseUrl = inject('baseUrl');
    const manifest = readManifest();
    const entry = Object.values(manifest).find((c) => c.isEntry)!;
    const asset = await fetch(`${baseUrl}/${entry.file}`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    // fetch decodes brotli: the bytes are the built file's.
    expect(Buffer.from(await asset.arrayBuffer())).toEqual(
      fs.readFileSync(path.join(WEB_DIST, entry.file)),
    );
    const brFile = fs.statSync(path.join(WEB_DIST, `${entry.file}.br`));
    expect(brFile.size).toBeLessThan(fs.statSync(path.join(WEB_DIST, entry.file)).size);

    const gzipped = await fetch(`${baseUrl}/${entry.file}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    await gzipped.arrayBuffer();

    for (const page of ['/', '/login', '/ledger/map']) {
      const html = await fetch(`${baseUrl}${page}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(html.status).toBe(200);
      expect(html.headers.get('cache-control')).toBe('no-cache');
      expect(await html.text()).toContain('<div id="root">');
    }
  });
});
