import { describe, expect, it } from 'vitest';
import { buildApiUrl, readDispositionFileName } from './client.ts';

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
