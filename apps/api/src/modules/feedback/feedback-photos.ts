import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { attachments } from '../../platform/files/files.tables.ts';
import type { FileStorage } from '../../platform/files/storage.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { AppError } from '../../platform/http/errors.ts';

/** A resident's photo after the phone resized it; larger than this is refused. */
export const PUBLIC_PHOTO_LIMIT_BYTES = 5 * 1_048_576;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Removes metadata that can locate or identify a resident: in a JPEG the APP1 (EXIF with GPS,
 * XMP), APP13 (IPTC) segments and comments; in a PNG the eXIf and text chunks. Pixels are kept
 * as they are. Throws 415 for anything that is not a well-formed JPEG or PNG.
 */
export function stripPhotoMetadata(bytes: Buffer): { bytes: Buffer; contentType: string } {
  const bad = () => new AppError('UNSUPPORTED_MEDIA_TYPE', '只能上传 JPG 或 PNG 照片');
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const out: Buffer[] = [bytes.subarray(0, 2)];
    let i = 2;
    for (;;) {
      if (i + 4 > bytes.length || bytes[i] !== 0xff) throw bad();
      const marker = bytes[i + 1]!;
      if (marker === 0xd9) {
        out.push(bytes.subarray(i, i + 2));
        break;
      }
      const length = bytes.readUInt16BE(i + 2);
      if (length < 2 || i + 2 + length > bytes.length) throw bad();
      const segment = bytes.subarray(i, i + 2 + length);
      if (marker === 0xda) {
        // Start of scan: the entropy-coded data and everything after it are image data.
        out.push(bytes.subarray(i));
        break;
      }
      const drop = marker === 0xe1 || marker === 0xed || marker === 0xfe;
      if (!drop) out.push(segment);
      i += 2 + length;
    }
    return { bytes: Buffer.concat(out), contentType: 'image/jpeg' };
  }
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const out: Buffer[] = [PNG_SIGNATURE];
    let i = 8;
    while (i + 12 <= bytes.length) {
      const length = bytes.readUInt32BE(i);
      const type = bytes.subarray(i + 4, i + 8).toString('latin1');
      const end = i + 12 + length;
      if (end > bytes.length) throw bad();
      if (!['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME'].includes(type))
        out.push(bytes.subarray(i, end));
      i = end;
      if (type === 'IEND') break;
    }
    return { bytes: Buffer.concat(out), contentType: 'image/png' };
  }
  throw bad();
}

/** Stores a public photo (no uploader account); only a feedback that links it makes it visible. */
export async function storePublicPhoto(input: {
  db: Db;
  storage: FileStorage;
  ip: string;
  bytes: Buffer;
}) {
  const { db, storage } = input;
  if (input.bytes.length === 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '照片为空');
  const clean = stripPhotoMetadata(input.bytes);
  const { key } = await storage.put(Readable.from([clean.bytes]));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(attachments)
      .values({
        name: `居民照片.${clean.contentType === 'image/png' ? 'png' : 'jpg'}`,
        size: clean.bytes.length,
        contentType: clean.contentType,
        sha256: createHash('sha256').update(clean.bytes).digest('hex'),
        storageKey: key,
        uploadedBy: null,
      })
      .returning();
    await recordAudit(tx, {
      actor: null,
      ip: input.ip,
      action: 'attachment.public_upload',
      entity: 'attachment',
      entityId: row!.id,
      after: { size: row!.size, contentType: row!.contentType },
    });
    return { id: row!.id, size: row!.size, contentType: row!.contentType };
  });
}
