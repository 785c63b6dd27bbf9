import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import { hmacSm3, sm2PublicKeyOf, sm2Sign, sm2Verify, SM2_USER_ID, type Sm2KeyPair } from './sm.ts';

/**
 * The process-wide cryptographic suite (ADR 0013). `intl` keeps what the platform always did
 * (SHA-256 audit chain); `gm` switches the application layer to SM2/SM3/SM4. One process serves
 * one configuration, so the suite is set once at start (`configureCrypto`).
 */
export type CryptoSuite = 'intl' | 'gm';

// Development keys: deterministic so a restarted development server keeps verifying its chain.
// Production refuses `gm` without CRYPTO_KEY and SM2_PRIVATE_KEY (config.ts).
const DEV_KEY = createHash('sha256').update('zibo development crypto key').digest();
const DEV_SM2_PRIVATE = createHash('sha256').update('zibo development sm2 key').digest('hex');

type State = { suite: CryptoSuite; key: Buffer; sm2: Sm2KeyPair; devKeys: boolean };
let state: State | null = null;

export function configureCrypto(
  config: Pick<Config, 'cryptoSuite' | 'cryptoKey' | 'sm2PrivateKey'>,
): void {
  const privateKey = config.sm2PrivateKey ?? DEV_SM2_PRIVATE;
  state = {
    suite: config.cryptoSuite,
    key: config.cryptoKey ? Buffer.from(config.cryptoKey, 'hex') : DEV_KEY,
    sm2: { privateKey, publicKey: sm2PublicKeyOf(privateKey) },
    devKeys: !config.cryptoKey || !config.sm2PrivateKey,
  };
}

function current(): State {
  if (!state) configureCrypto({ cryptoSuite: 'intl', cryptoKey: null, sm2PrivateKey: null });
  return state!;
}

export function cryptoSuite(): CryptoSuite {
  return current().suite;
}

/** Whether the keys in use are the built-in development keys (the compliance report says so). */
export function usingDevelopmentKeys(): boolean {
  return current().devKeys;
}

/** The audit chain's algorithms: every record names the one that sealed it. */
export type ChainAlgorithm = 'sha256' | 'hmac-sm3';

export function chainAlgorithm(): ChainAlgorithm {
  return current().suite === 'gm' ? 'hmac-sm3' : 'sha256';
}

/** Seals one chain link: `alg(prevHash | payload)`. */
export function chainDigest(alg: string, prevHash: string, payload: string): string {
  if (alg === 'hmac-sm3') return hmacSm3(current().key, `${prevHash}|${payload}`);
  if (alg === 'sha256')
    return createHash('sha256').update(prevHash).update('|').update(payload).digest('hex');
  throw new Error(`unknown audit chain algorithm ${alg}`);
}

/** The secret for SM4 field encryption (personal data at rest). */
export function dataKey(): Buffer {
  return current().key;
}

export type DocumentSignature = {
  algorithm: 'SM2-with-SM3';
  userId: string;
  publicKey: string;
  signature: string;
};

/**
 * Signs an issued document (GB/T 39786 8.4 h, non-repudiation): SM2 with the standard user ID.
 * Null under the `intl` suite, where documents are not signed (the default stays as before).
 */
export function signDocument(bytes: Buffer | Uint8Array): DocumentSignature | null {
  const s = current();
  if (s.suite !== 'gm') return null;
  return {
    algorithm: 'SM2-with-SM3',
    userId: SM2_USER_ID,
    publicKey: s.sm2.publicKey,
    signature: sm2Sign(bytes, s.sm2),
  };
}

/** Checks a document against its SM2 signature, by default with this platform's public key. */
export function verifyDocumentSignature(
  bytes: Buffer | Uint8Array,
  signatureHex: string,
  publicKey: string = current().sm2.publicKey,
): boolean {
  return sm2Verify(bytes, signatureHex, publicKey);
}

/** Our SM2 public key (published so that recipients can verify issued documents). */
export function documentPublicKey(): string {
  return current().sm2.publicKey;
}
