import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import smCrypto from 'sm-crypto';

/**
 * The Chinese commercial algorithms (商用密码) for `CRYPTO_SUITE=gm` (ADR 0013, GB/T 39786-2021 8.4):
 * SM3 and SM4 come from Node's OpenSSL, SM2 from `sm-crypto` because Node signs SM2 with an empty
 * distinguishing ID and has no way to set the standard one.
 */

/** The standard SM2 user ID (GB/T 35276-2017 default distinguishing identifier). */
export const SM2_USER_ID = '1234567812345678';

export function sm3(data: Buffer | string): string {
  return createHash('sm3').update(data).digest('hex');
}

export function hmacSm3(key: Buffer | string, data: Buffer | string): string {
  return createHmac('sm3', key).update(data).digest('hex');
}

/** One SM4 block without padding (ECB): for the GB/T 32907 test vector and nothing else. */
export function sm4EncryptBlock(key: Buffer, block: Buffer): Buffer {
  const cipher = createCipheriv('sm4-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

const SM4_TAG = 'sm4cbc-hmacsm3';
const IV_BYTES = 16;
const MAC_BYTES = 32;

function sm4Keys(key: Buffer): { enc: Buffer; mac: Buffer } {
  if (key.length < 16) throw new Error('SM4 key must have at least 16 bytes');
  // Separate keys for encryption and MAC, both derived from the one secret.
  return {
    enc: Buffer.from(hmacSm3(key, 'zibo/sm4/enc'), 'hex').subarray(0, 16),
    mac: Buffer.from(hmacSm3(key, 'zibo/sm4/mac'), 'hex'),
  };
}

/** One SM4 sealing: IV, ciphertext and the MAC over them. */
export type Sm4Sealed = { iv: Buffer; ct: Buffer; mac: Buffer };

/**
 * The one SM4 implementation of the platform (personal data at rest and anything else):
 * SM4-CBC with a random IV, then HMAC-SM3 over tag | IV | ciphertext (encrypt-then-MAC: OpenSSL
 * has no SM4-GCM). The encryption and MAC keys are both derived from `key`.
 */
export function sm4Seal(plaintext: string | Buffer, key: Buffer): Sm4Sealed {
  const { enc, mac } = sm4Keys(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('sm4-cbc', enc, iv);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = createHmac('sm3', mac).update(SM4_TAG).update(iv).update(ct).digest();
  return { iv, ct, mac: tag };
}

/** Reverses `sm4Seal`; throws when anything was altered or the key is wrong. */
export function sm4Open(sealed: Sm4Sealed, key: Buffer): string {
  const { iv, ct, mac: tag } = sealed;
  if (iv.length !== IV_BYTES || tag.length !== MAC_BYTES || ct.length < 16)
    throw new Error('SM4 value malformed');
  const { enc, mac } = sm4Keys(key);
  const expected = createHmac('sm3', mac).update(SM4_TAG).update(iv).update(ct).digest();
  if (!timingSafeEqual(tag, expected)) throw new Error('SM4 value fails its integrity check');
  const decipher = createDecipheriv('sm4-cbc', enc, iv);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}

/** `sm4Seal` as one string: `sm4cbc-hmacsm3:<base64url iv|ciphertext|mac>`. */
export function sm4Encrypt(plaintext: string | Buffer, key: Buffer): string {
  const { iv, ct, mac } = sm4Seal(plaintext, key);
  return `${SM4_TAG}:${Buffer.concat([iv, ct, mac]).toString('base64url')}`;
}

/** Reverses `sm4Encrypt`; throws when the value was altered or the key is wrong. */
export function sm4Decrypt(value: string, key: Buffer): string {
  const [alg, body] = value.split(':');
  if (alg !== SM4_TAG || !body) throw new Error('not an SM4 value');
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < IV_BYTES + 16 + MAC_BYTES) throw new Error('SM4 value too short');
  return sm4Open(
    {
      iv: raw.subarray(0, IV_BYTES),
      ct: raw.subarray(IV_BYTES, raw.length - MAC_BYTES),
      mac: raw.subarray(raw.length - MAC_BYTES),
    },
    key,
  );
}

export type Sm2KeyPair = { privateKey: string; publicKey: string };

export function sm2GenerateKeyPair(): Sm2KeyPair {
  const { privateKey, publicKey } = smCrypto.sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

export function sm2PublicKeyOf(privateKeyHex: string): string {
  return (
    smCrypto.sm2 as unknown as { getPublicKeyFromPrivateKey(k: string): string }
  ).getPublicKeyFromPrivateKey(privateKeyHex);
}

function bytesOf(data: Buffer | Uint8Array | string): number[] {
  return Array.from(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}

/** SM2 signature (SM3 with Z_A of the standard user ID), DER-encoded, hex. */
export function sm2Sign(
  data: Buffer | Uint8Array | string,
  keys: Sm2KeyPair,
  userId = SM2_USER_ID,
): string {
  return smCrypto.sm2.doSignature(bytesOf(data), keys.privateKey, {
    der: true,
    hash: true,
    publicKey: keys.publicKey,
    userId,
  });
}

export function sm2Verify(
  data: Buffer | Uint8Array | string,
  signatureHex: string,
  publicKeyHex: string,
  userId = SM2_USER_ID,
): boolean {
  if (!/^[0-9a-f]+$/i.test(signatureHex)) return false;
  try {
    return smCrypto.sm2.doVerifySignature(bytesOf(data), signatureHex, publicKeyHex, {
      der: true,
      hash: true,
      userId,
    });
  } catch {
    return false;
  }
}
