import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildApiUrl,
  readDispositionFileName,
  requestApi,
  setCsrfToken,
  setSessionEvents,
} from './client.ts';

describe('readDispositionFileName', () => {
  it('decodes the RFC 5987 name the API sends for Chinese file names', () => {
    const header = `attachment; filename*=UTF-8''${encodeURIComponent('社区配套设施台账-370303.xlsx')}`;
    expect(readDispositionFileName(header)).toBe('社区配套设施台账-370303.xlsx');
  });

  it('prefers filename* over the plain filename', () => {
    const header = `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent('台账.xlsx')}`;
    expect(readDispositionFileName(header)).toBe('台账.xlsx');
  });

  it('reads a plain quoted filename', () => {
    expect(readDispositionFileName('attachment; filename="template.xlsx"')).toBe('template.xlsx');
  });

  it('falls back to the plain name when the encoded one is malformed', () => {
    expect(readDispositionFileName(`attachment; filename="a.xlsx"; filename*=UTF-8''%E4%zz`)).toBe(
      'a.xlsx',
    );
  });

  it('gives null without a header or a name', () => {
    expect(readDispositionFileName(null)).toBeNull();
    expect(readDispositionFileName('inline')).toBeNull();
  });
});

describe('buildApiUrl', () => {
  it('leaves out empty parameters and keeps booleans', () => {
    expect(
      buildApiUrl('/imports/ledger', { dryRun: true, region: '', q: undefined, page: 2 }),
    ).toBe('/api/imports/ledger?dryRun=true&page=2');
  });
});

describe('session events', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSessionEvents(null);
    setCsrfToken(null);
  });

  const unauthenticated = () =>
    new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }), {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
    });

  it('a 401 answering a request of an earlier session ends nothing; one of this session does', async () => {
    const ended: string[] = [];
    setSessionEvents({
      onUnauthenticated: (m) => ended.push(m),
      onPasswordChangeRequired: () => {},
    });
    let answer!: (r: Response) => void;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));

    setCsrfToken('first session');
    const stale = requestApi('GET', '/regions').catch(() => null);
    setCsrfToken(null); // signed out while the page's request was on its way
    answer(unauthenticated());
    await stale;
    expect(ended).toEqual([]);

    const current = requestApi('GET', '/regions').catch(() => null);
    answer(unauthenticated());
    await current;
    expect(ended).toEqual(['请先登录']);
  });
});
