import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness.ts';

/** A built web app with the residents' entry carrying one inline script, as the build writes it. */
const INLINE = "\n      window.__early = fetch('/api/public/challenge');\n    ";
let t: TestApp;
let dist: string;
beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zibo-csp-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(
    path.join(dist, 'public.html'),
    `<!doctype html><head><script>${INLINE}</script><script type="module" src="/assets/p.js"></script></head>`,
  );
  t = await startTestApp({ WEB_DIST: dist });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const scriptSrc = (csp: unknown) => /script-src ([^;]*)/.exec(String(csp))?.[1];

describe('content security policy of the web pages', () => {
  it("allows the residents' entry its own inline script by hash, and nothing inline elsewhere", async () => {
    const hash = createHash('sha256').update(INLINE, 'utf8').digest('base64');
    const pub = await t.anonymous().request('GET', '/m/');
    expect(pub.statusCode).toBe(200);
    expect(scriptSrc(pub.headers['content-security-policy'])).toBe(`'self' 'sha256-${hash}'`);

    for (const url of ['/', '/problems', '/api/health']) {
      const res = await t.anonymous().request('GET', url);
      expect(scriptSrc(res.headers['content-security-policy']), url).toBe("'self'");
    }
  });
});
