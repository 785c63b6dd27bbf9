import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where file bytes live. Local folder by default (DATA_DIR/files); an S3-compatible store (MinIO)
 * implements the same three calls.
 */
export interface FileStorage {
  put(source: Readable): Promise<{ key: string }>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

export function localStorage(root: string): FileStorage {
  fs.mkdirSync(root, { recursive: true });
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error('invalid storage key');
    return path.join(root, key);
  };
  return {
    async put(source) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      fs.mkdirSync(path.dirname(pathOf(key)), { recursive: true });
      await pipeline(source, fs.createWriteStream(pathOf(key)));
      return { key };
    },
    open: (key) => fs.createReadStream(pathOf(key)),
    async remove(key) {
      fs.rmSync(pathOf(key), { force: true });
    },
  };
}
