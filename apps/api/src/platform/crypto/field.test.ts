import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { developmentFieldKey, fieldCrypto, maskPhone } from './field.ts';

describe('P13 personal data: field encryption', () => {
  for (const suite of ['intl', 'gm'] as const) {
    it(`${suite}: round-trips, never stores the plain number, tags the algorithm`, () => {
      const c = fieldCrypto(randomBytes(32), suite);
      const stored = c.encrypt('13812345678');
      expect(stored).not.toContain('13812345678');
      expect(stored.split('$')[0]).toBe(suite === 'gm' ? 'sm4-cbc-hmac-sm3' : 'aes-256-gcm');
      expect(c.decrypt(stored)).toBe('13812345678');
      // A fresh IV each time: equal numbers do not give equal ciphertexts…
      expect(c.encrypt('13812345678')).not.toBe(stored);
      // …but the keyed lookup hash is stable and does not contain the number.
      expect(c.lookupHash('13812345678')).toBe(c.lookupHash('13812345678'));
      expect(c.lookupHash('13812345678')).not.toContain('5678');
    });
    it(`${suite}: a tampered value or another key fails`, () => {
      const key = randomBytes(32);
      const c = fieldCrypto(key, suite);
      const stored = c.encrypt('13812345678');
      const parts = stored.split('$');
      const ct = Buffer.from(parts[3]!, 'base64');
      ct[0] = ct[0]! ^ 1;
      parts[3] = ct.toString('base64');
      expect(() => c.decrypt(parts.join('$'))).toThrow();
      expect(() => fieldCrypto(randomBytes(32), suite).decrypt(stored)).toThrow();
    });
  }
  it('decrypts values of the other suite with the same key (a database may hold both)', () => {
    const key = developmentFieldKey();
    expect(fieldCrypto(key, 'intl').decrypt(fieldCrypto(key, 'gm').encrypt('abc'))).toBe('abc');
  });
  it('masks a phone as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
  });
});
