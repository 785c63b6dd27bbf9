import { describe, expect, it } from 'vitest';
import {
  hmacSm3,
  sm2GenerateKeyPair,
  sm2Sign,
  sm2Verify,
  sm3,
  sm4Decrypt,
  sm4Encrypt,
  sm4EncryptBlock,
} from './sm.ts';
import {
  configureCrypto,
  documentPublicKey,
  signDocument,
  verifyDocumentSignature,
} from './suite.ts';

// GB/T 39786-2021 8.4: the algorithms behind CRYPTO_SUITE=gm, checked against the standards' vectors.
describe('SM3, SM4, SM2', () => {
  it('SM3 of "abc" is the GB/T 32905-2016 example A.1 digest', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 of the 64-byte example A.2', () => {
    expect(sm3('abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('HMAC-SM3 depends on the key and the message', () => {
    const a = hmacSm3('key-1', 'message');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacSm3('key-2', 'message')).not.toBe(a);
    expect(hmacSm3('key-1', 'message!')).not.toBe(a);
    expect(hmacSm3('key-1', 'message')).toBe(a);
  });

  it('SM4 of the GB/T 32907-2016 example 1 block', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    expect(sm4EncryptBlock(key, key).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM4-CBC with HMAC-SM3 round-trips, randomises and refuses tampering or a wrong key', () => {
    const key = Buffer.alloc(32, 7);
    const a = sm4Encrypt('13812345678', key);
    const b = sm4Encrypt('13812345678', key);
    expect(a).toMatch(/^sm4cbc-hmacsm3:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(sm4Decrypt(a, key)).toBe('13812345678');
    expect(sm4Decrypt(sm4Encrypt('张店区 人民西路', key), key)).toBe('张店区 人民西路');
    const raw = Buffer.from(a.split(':')[1]!, 'base64url');
    raw[20] = raw[20]! ^ 1;
    expect(() => sm4Decrypt(`sm4cbc-hmacsm3:${raw.toString('base64url')}`, key)).toThrow(
      /integrity/,
    );
    expect(() => sm4Decrypt(a, Buffer.alloc(32, 8))).toThrow(/integrity/);
  });

  it('SM2 signs and verifies with the standard user ID; another ID, message or key fails', () => {
    const keys = sm2GenerateKeyPair();
    const sig = sm2Sign('淄博市社区配套设施通报', keys);
    expect(sm2Verify('淄博市社区配套设施通报', sig, keys.publicKey)).toBe(true);
    expect(sm2Verify('淄博市社区配套设施通报。', sig, keys.publicKey)).toBe(false);
    expect(sm2Verify('淄博市社区配套设施通报', sig, keys.publicKey, 'other-id')).toBe(false);
    expect(sm2Verify('淄博市社区配套设施通报', sig, sm2GenerateKeyPair().publicKey)).toBe(false);
    expect(sm2Verify('x', 'not-hex', keys.publicKey)).toBe(false);
  });

  it('signDocument signs only under the gm suite, and the signature verifies', () => {
    const bytes = Buffer.from('%PDF-1.7 通报');
    configureCrypto({ cryptoSuite: 'intl', cryptoKey: null, sm2PrivateKey: null });
    expect(signDocument(bytes)).toBeNull();
    configureCrypto({ cryptoSuite: 'gm', cryptoKey: null, sm2PrivateKey: null });
    const sig = signDocument(bytes)!;
    expect(sig).toMatchObject({ algorithm: 'SM2-with-SM3', userId: '1234567812345678' });
    expect(sig.publicKey).toBe(documentPublicKey());
    expect(verifyDocumentSignature(bytes, sig.signature)).toBe(true);
    expect(verifyDocumentSignature(Buffer.from('%PDF-1.7 通报!'), sig.signature)).toBe(false);
  });
});
