import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totp } from './totp.ts';
import { SecretBox } from './secret-box.ts';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890", 8 digits.
const SEED = Buffer.from('12345678901234567890');
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, 等保 8.1.4.1 d second factor)', () => {
  it.each(VECTORS)('RFC 6238 test vector at T=%i is %s', (time, expected) => {
    expect(totp(SEED, time, 8)).toBe(expected);
  });

  it('RFC 4226 appendix D HOTP values', () => {
    expect([0, 1, 2, 9].map((c) => hotp(SEED, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '520489',
    ]);
  });

  it('accepts one step of drift, nothing further, and only six digits', () => {
    const at = 1_800_000_000;
    const code = totp(SEED, at);
    expect(matchTotp(SEED, code, at)).toBe(Math.floor(at / 30));
    expect(matchTotp(SEED, code, at + 30)).toBe(Math.floor(at / 30));
    expect(matchTotp(SEED, code, at + 90)).toBeNull();
    expect(matchTotp(SEED, `${code}0`, at)).toBeNull();
  });

  it('base32 round-trips and the otpauth URI carries the parameters', () => {
    expect(base32Encode(SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').equals(SEED)).toBe(true);
    expect(otpauthUri(SEED, 'admin', '淄博配套设施')).toMatch(
      /^otpauth:\/\/totp\/.+\?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=.+&algorithm=SHA1&digits=6&period=30$/,
    );
  });

  it('secrets are sealed with AES-GCM: not readable, tamper-evident', () => {
    const box = SecretBox.fromConfig({
      mfaKey: Buffer.alloc(32, 7).toString('base64'),
      dataDir: '/nonexistent',
    });
    const sealed = box.seal(SEED);
    expect(sealed).not.toContain(SEED.toString('base64url'));
    expect(box.open(sealed).equals(SEED)).toBe(true);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
  });
});
