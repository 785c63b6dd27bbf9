import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import type { FileStorage } from '../../platform/files/storage.ts';
import { ALLOWED_UPLOADS, detectContentType } from '../../platform/files/content-type.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';

/** Modules that link attachments to their records say who may read them. */
export type AttachmentAccess = (db: Db, actor: Actor, attachmentId: number) => Promise<boolean>;
const accessRules: AttachmentAccess[] = [];
export function registerAttachmentAccess(rule: AttachmentAccess): void {
  if (!accessRules.includes(rule)) accessRules.push(rule);
}

/**
 * Stores an upload after checking what it really is (its first bytes, not its name) and that it
 * fits the size limit; records it and audits the upload.
 */
export async function storeAttachment(input: {
  db: Db;
  storage: FileStorage;
  actor: Actor;
  fileName: string;
  stream: Readable & { truncated?: boolean };
}) {
  const { db, storage, actor, fileName } = input;
  let head = Buffer.alloc(0);
  let size = 0;
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head.length < 16) head = Buffer.concat([head, chunk]).subarray(0, 16);
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const { key } = await storage.put(input.stream.pipe(meter));
  if (input.stream.truncated) {
    await storage.remove(key);
    throw new AppError('PAYLOAD_TOO_LARGE', '文件超过大小限制');
  }
  const contentType = detectContentType(head, fileName);
  if (!contentType || size === 0) {
    await storage.remove(key);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持的文件类型，只能上传${ALLOWED_UPLOADS}`);
  }
  const safeName = fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(attachments)
      .values({
        name: safeName,
        size,
        contentType,
        sha256: hash.digest('hex'),
        storageKey: key,
        uploadedBy: actor.id,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: 'attachment.upload',
      entity: 'attachment',
      entityId: row!.id,
      after: { name: safeName, size, contentType },
    });
    return { id: row!.id, name: row!.name, size: row!.size, contentType: row!.contentType };
  });
}

/** The file, if the actor uploaded it or may see a record it is attached to (else 404). */
export async function openAttachment(input: {
  db: Db;
  storage: FileStorage;
  actor: Actor;
  id: number;
}) {
  const { db, actor, id } = input;
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  if (!row) throw notFound('附件');
  let allowed = row.uploadedBy === actor.id;
  for (const rule of accessRules) {
    if (allowed) break;
    allowed = await rule(db, actor, id);
  }
  if (!allowed) throw notFound('附件');
  return { row, stream: input.storage.open(row.storageKey) };
}
