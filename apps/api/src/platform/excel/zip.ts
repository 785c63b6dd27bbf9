import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../http/errors.ts';

/**
 * Bounds on every part of an uploaded archive (issue 11: a 300 KB workbook inflating to 300 MiB).
 * Checked on the declared sizes first and again on the bytes actually inflated, since a crafted
 * archive can declare anything.
 */
export interface ZipLimits {
  /** Uncompressed bytes one part may inflate to. */
  maxEntryBytes: number;
  /** Uncompressed bytes per compressed byte; ordinary workbooks stay well under 30. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntryBytes: 128 * 1_048_576, maxRatio: 100 };

let currentLimits: ZipLimits = DEFAULT_ZIP_LIMITS;

/** Sets the limits from the configuration (one per process, like the upload size limit). */
export function configureZipLimits(limits: ZipLimits): void {
  currentLimits = limits;
}

export function zipLimits(): ZipLimits {
  return currentLimits;
}

// Ratios are judged once a part has inflated past this: tiny parts compress oddly.
const RATIO_GRACE_BYTES = 1_048_576;

function tooLarge(): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    '工作簿解压后的内容过大或压缩比异常，已拒绝读取：请检查文件或分批导入',
  );
}

function refuseOversized(entry: ZipEntry, limits: ZipLimits): void {
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (
    entry.uncompressedSize > limits.maxEntryBytes ||
    (entry.uncompressedSize > RATIO_GRACE_BYTES && ratio > limits.maxRatio)
  ) {
    throw tooLarge();
  }
}

/** Counts inflated bytes and stops the stream as soon as a bound is crossed. */
function boundedCount(entry: ZipEntry, limits: ZipLimits): Transform {
  let out = 0;
  const ceiling = Math.min(
    limits.maxEntryBytes,
    Math.max(RATIO_GRACE_BYTES, entry.compressedSize * limits.maxRatio),
  );
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      out += chunk.length;
      if (out > ceiling) callback(tooLarge());
      else callback(null, chunk);
    },
  });
}

/** One file of a zip archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;
const FULL32 = 0xffffffff;

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function fail(reason: string): never {
  throw new Error(`not a zip archive: ${reason}`);
}

/**
 * Lists a zip archive's entries from its central directory (zip64 included). Reading entries by
 * their directory offsets, instead of one pass over the local headers, is what makes the order
 * of entries in the file irrelevant.
 */
export async function readZipDirectory(path: string): Promise<Map<string, ZipEntry>> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, 22 + MAX_COMMENT);
    const tail = await readAt(file, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) fail('no end of central directory');
    let count = tail.readUInt16LE(at + 10);
    let directorySize = tail.readUInt32LE(at + 12);
    let directoryOffset = tail.readUInt32LE(at + 16);
    if (directoryOffset === FULL32 || directorySize === FULL32 || count === 0xffff) {
      const locatorAt = at - 20;
      if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR) fail('no zip64 locator');
      const record = await readAt(file, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
      if (record.readUInt32LE(0) !== ZIP64_EOCD) fail('bad zip64 record');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    const directory = await readAt(file, directoryOffset, directorySize);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_HEADER) {
        fail('bad central directory');
      }
      const method = directory.readUInt16LE(p + 10);
      let compressedSize = directory.readUInt32LE(p + 20);
      let uncompressedSize = directory.readUInt32LE(p + 24);
      const nameLength = directory.readUInt16LE(p + 28);
      const extraLength = directory.readUInt16LE(p + 30);
      const commentLength = directory.readUInt16LE(p + 32);
      let localHeaderOffset = directory.readUInt32LE(p + 42);
      const name = directory.toString('utf8', p + 46, p + 46 + nameLength);
      // zip64: the 32-bit fields that overflowed are in the extra field, in this order.
      let extra = p + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let q = extra + 4;
          if (uncompressedSize === FULL32) {
            uncompressedSize = Number(directory.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === FULL32) {
            compressedSize = Number(directory.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === FULL32)
            localHeaderOffset = Number(directory.readBigUInt64LE(q));
        }
        extra += 4 + length;
      }
      entries.set(name.replace(/^\//, ''), {
        name,
        method,
        compressedSize,
        uncompressedSize,
        localHeaderOffset,
      });
      p = extraEnd + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** Streams one entry's uncompressed bytes (stored or deflated). */
export async function openZipEntry(
  path: string,
  entry: ZipEntry,
  limits: ZipLimits = currentLimits,
): Promise<Readable> {
  refuseOversized(entry, limits);
  const file = await open(path, 'r');
  let header: Buffer;
  try {
    header = await readAt(file, entry.localHeaderOffset, 30);
  } finally {
    await file.close();
  }
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) fail('bad local header');
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) {
    const empty = new PassThrough();
    empty.end();
    return empty;
  }
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  if (entry.method !== 8) fail(`compression method ${entry.method}`);
  const inflate = createInflateRaw();
  const counted = boundedCount(entry, limits);
  // pipeline destroys the file stream too when the reader stops early or inflating fails.
  pipeline(raw, inflate, counted, () => undefined);
  return counted;
}
