import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sm3 } from './sm.ts';
import { documentPublicKey, signDocument, verifyDocumentSignature } from './suite.ts';
import { documentSignatures } from './signatures.tables.ts';

/**
 * Signs the parts of an issued document with the platform's SM2 key under `CRYPTO_SUITE=gm` and
 * stores the signatures (in the caller's transaction). Under `intl` nothing is signed, as before.
 */
export async function signIssuedDocument(
  tx: Db,
  entity: string,
  entityId: number,
  parts: Record<string, Buffer>,
): Promise<number> {
  let signed = 0;
  for (const [part, bytes] of Object.entries(parts)) {
    const sig = signDocument(bytes);
    if (!sig) continue;
    await tx.insert(documentSignatures).values({
      entity,
      entityId,
      part,
      algorithm: sig.algorithm,
      userId: sig.userId,
      publicKey: sig.publicKey,
      sm3: sm3(bytes),
      signature: sig.signature,
    });
    signed++;
  }
  return signed;
}

export type SignatureCheck =
  | { part: string; signed: false }
  | {
      part: string;
      signed: true;
      valid: boolean;
      algorithm: string;
      userId: string;
      publicKey: string;
      currentKey: boolean;
      signature: string;
      signedAt: string;
    };

/** Verifies the stored signature of each part against the bytes as they are now. */
export async function checkDocumentSignatures(
  db: Db,
  entity: string,
  entityId: number,
  parts: Record<string, Buffer>,
): Promise<SignatureCheck[]> {
  const rows = await db
    .select()
    .from(documentSignatures)
    .where(and(eq(documentSignatures.entity, entity), eq(documentSignatures.entityId, entityId)));
  return Object.entries(parts).map(([part, bytes]) => {
    const row = rows.find((r) => r.part === part);
    if (!row) return { part, signed: false as const };
    return {
      part,
      signed: true as const,
      // Checked with the key stored beside it (an older key after a rotation still verifies);
      // `currentKey` says whether that is the key this platform publishes now.
      valid: sm3(bytes) === row.sm3 && verifyDocumentSignature(bytes, row.signature, row.publicKey),
      algorithm: row.algorithm,
      userId: row.userId,
      publicKey: row.publicKey,
      currentKey: row.publicKey === documentPublicKey(),
      signature: row.signature,
      signedAt: row.signedAt.toISOString(),
    };
  });
}
