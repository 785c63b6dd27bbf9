import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { sm4Open, sm4Seal } from './sm.ts';
import type { CryptoSuite } from './suite.ts';

/**
 * Field encryption for personal data at rest (个人信息保护法; GB/T 22239 8.1.4.8 confidentiality).
 * Every stored value names its algorithm, so a database may hold both suites while keys or suites
 * change:
 *   `aes-256-gcm$<iv>$<tag>$<ciphertext>`            (CRYPTO_SUITE=intl, the default)
 *   `sm4-cbc-hmac-sm3$<iv>$<mac>$<ciphertext>`       (CRYPTO_SUITE=gm: `sm4Seal` of sm.ts, the
 *                                                     platform's one SM4: SM4-CBC, then HMAC-SM3)
 * Base64 throughout. Lookup hashes (one rating per phone) are keyed, so the table alone does not
 * reveal a number by enumeration of the 10^11 phone space.
 */
export type FieldCrypto = {
  suite: CryptoSuite;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Keyed hash for equality lookups; the same input always gives the same output. */
  lookupHash(value: string): string;
};

const SEP = '$';

function subkey(master: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, length));
}

/** The development key when FIELD_KEY is unset (never in production: config refuses that). */
export function developmentFieldKey(): Buffer {
  return createHash('sha256').update('zibo-development-field-key-not-for-production').digest();
}

export function fieldCrypto(masterKey: Buffer, suite: CryptoSuite = 'intl'): FieldCrypto {
  if (masterKey.length !== 32) throw new Error('FIELD_KEY must be 32 bytes');
  const aesKey = subkey(masterKey, 'field-aes-256-gcm', 32);
  const sm4Key = subkey(masterKey, 'field-sm4', 32);
  const lookupKey = subkey(masterKey, 'field-lookup', 32);
  return {
    suite,
    encrypt(plain) {
      if (suite === 'gm') {
        const { iv, mac, ct } = sm4Seal(plain, sm4Key);
        return ['sm4-cbc-hmac-sm3', iv, mac, ct]
          .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
          .join(SEP);
      }
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', aesKey, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['aes-256-gcm', iv, c.getAuthTag(), ct]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
        .join(SEP);
    },
    decrypt(stored) {
      const [alg, ivB, tagB, ctB] = stored.split(SEP);
      if (!ivB || !tagB || ctB === undefined) throw new Error('malformed encrypted field');
      const iv = Buffer.from(ivB, 'base64');
      const tag = Buffer.from(tagB, 'base64');
      const ct = Buffer.from(ctB, 'base64');
      if (alg === 'aes-256-gcm') {
        const d = createDecipheriv('aes-256-gcm', aesKey, iv);
        d.setAuthTag(tag);
        return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
      }
      if (alg === 'sm4-cbc-hmac-sm3') return sm4Open({ iv, mac: tag, ct }, sm4Key);
      throw new Error(`unknown field algorithm ${alg}`);
    },
    lookupHash(value) {
      const alg = suite === 'gm' ? 'sm3' : 'sha256';
      return `hmac-${alg}${SEP}${createHmac(alg, lookupKey).update(value).digest('base64')}`;
    },
  };
}

/** 13812345678 → 138****5678 (the form staff see everywhere unless they reveal it). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
