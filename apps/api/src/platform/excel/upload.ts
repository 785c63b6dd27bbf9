import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validationFailed } from '../http/errors.ts';
import { checkFileName } from '../http/text-rule.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Receives the multipart field `file` into a temporary file, refuses anything but an .xlsx (a
 * zip archive: checked by its first bytes), runs `use` on it and always deletes it.
 */
export async function withUploadedWorkbook<T>(
  request: FastifyRequest,
  use: (file: { path: string; name: string }) => Promise<T>,
): Promise<T> {
  // At most a set number of imports at once per process: each holds a workbook's shared strings
  // and a transaction, so memory, not the database, is what runs out (issue 11 item 6).
  // Keyed by the application's shared deps: every plugin of one app sees the same object.
  const app = request.server.deps;
  const running = runningImports.get(app) ?? 0;
  if (running >= app.config.importConcurrency) {
    throw new AppError('RATE_LIMITED', '当前正在进行的导入过多，请稍后再试');
  }
  runningImports.set(app, running + 1);
  try {
    return await receiveWorkbook(request, use);
  } finally {
    runningImports.set(app, (runningImports.get(app) ?? 1) - 1);
  }
}

const runningImports = new WeakMap<object, number>();

async function receiveWorkbook<T>(
  request: FastifyRequest,
  use: (file: { path: string; name: string }) => Promise<T>,
): Promise<T> {
  const part = await request.file();
  if (!part || part.fieldname !== 'file') {
    throw validationFailed(
      [{ path: 'file', message: '请选择要导入的 Excel 文件（.xlsx）' }],
      '请选择要导入的 Excel 文件',
    );
  }
  try {
    checkFileName(part.filename);
  } catch (error) {
    part.file.resume();
    throw error;
  }
  const tmp = path.join(os.tmpdir(), `zibo-upload-${randomUUID()}.xlsx`);
  try {
    await pipeline(part.file, fs.createWriteStream(tmp));
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', '文件超过大小限制');
    const head = Buffer.alloc(4);
    const fd = fs.openSync(tmp, 'r');
    fs.readSync(fd, head, 0, 4, 0);
    fs.closeSync(fd);
    if (head.toString('binary') !== 'PK\u0003\u0004') {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        '只能导入 Excel .xlsx 文件（旧版 .xls 请先另存为 .xlsx）',
      );
    }
    return await use({ path: tmp, name: part.filename });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Streams a workbook written by `write` as a download. */
export function sendWorkbook(
  reply: FastifyReply,
  fileName: string,
  write: (out: PassThrough) => Promise<unknown>,
) {
  const out = new PassThrough();
  write(out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return reply
    .header('content-type', XLSX)
    .header(
      'content-disposition',
      // RFC 6266 / RFC 5987: an ASCII fallback, then the Chinese name in UTF-8.
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(out);
}
