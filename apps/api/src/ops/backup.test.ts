import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { openPglite, openPostgres, type Database } from '../platform/db/client.ts';
import { DEMO_PASSWORD } from '../modules/accounts/index.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { adminQuery, withDatabase } from '../../test/template-db.ts';
import { countRows, createBackup, restoreBackup } from './backup.ts';

// GB/T 22239 8.1.4.9 (数据备份恢复): a backup is only a backup once it has been restored.
// The backup of a running platform restores into a fresh data folder (PGlite) or a fresh
// database (PostgreSQL when DATABASE_URL is set); counts, files and the audit chain match.

const tmp = (name: string) =>
  fs.mkdtempSync(path.join(os.tmpdir(), `zibo-${name}-${randomBytes(3).toString('hex')}-`));

/** An empty target of the same kind as the test database. */
async function freshTarget(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const handle = inject('dbTemplate');
  if (handle.driver === 'pglite') {
    const dir = tmp('restore-db');
    const database = await openPglite(path.join(dir, 'pglite'));
    return {
      database,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `zibo_t_restore_${randomBytes(4).toString('hex')}`;
  await adminQuery(handle.baseUrl, `create database ${name}`);
  const database = await openPostgres(withDatabase(handle.baseUrl, name), 4);
  return {
    database,
    drop: async () => adminQuery(handle.baseUrl, `drop database if exists ${name} with (force)`),
  };
}

describe('backup and restore', () => {
  let source: TestApp;
  const sourceData = tmp('backup-src');
  const backupDir = path.join(tmp('backup-out'), 'b1');
  const pdf = Buffer.from(`%PDF-1.4\n% 整改照片说明 ${randomBytes(8).toString('hex')}\n%%EOF\n`);
  let attachmentId = 0;

  beforeAll(async () => {
    source = await startTestApp({ DATA_DIR: sourceData });
    const office = await source.login('office');
    const up = await office.upload('/api/attachments', pdf, '整改说明.pdf', 'application/pdf');
    expect(up.statusCode).toBe(201);
    attachmentId = up.json<{ id: number }>().id;
    const auditor = await source.login('auditor');
    expect((await auditor.get('/api/audit/verify')).json<{ ok: boolean }>().ok).toBe(true);
  });
  afterAll(async () => {
    await source.close();
  });

  it('restores into a fresh database: the same counts, files, audit head, and the chain verifies', async () => {
    const manifest = await createBackup({
      database: source.database,
      filesDir: path.join(sourceData, 'files'),
      outDir: backupDir,
    });
    const sourceCounts = await countRows(source.db);
    expect(Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]))).toEqual(sourceCounts);
    expect(manifest.tables.find((t) => t.name === 'users')!.rows).toBeGreaterThan(5);
    expect(manifest.files.count).toBe(1);
    expect(manifest.auditHead.seq).toBeGreaterThan(3);

    const target = await freshTarget();
    const targetData = tmp('restore-data');
    try {
      const { counts } = await restoreBackup({
        database: target.database,
        backupDir,
        filesDir: path.join(targetData, 'files'),
      });
      expect(counts).toEqual(sourceCounts);

      // The restored platform serves: sign-in (sessions, ids continue), the file, the chain.
      const config = loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: targetData,
        LOG_LEVEL: 'silent',
        LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      });
      const app = await buildApp({ config, database: target.database, logger: false });
      try {
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'auditor', password: DEMO_PASSWORD },
        });
        expect(login.statusCode).toBe(200);
        const cookie = login.cookies.find((c) => c.name === 'sid')!;
        const verify = await app.inject({
          method: 'GET',
          url: '/api/audit/verify',
          cookies: { sid: cookie.value },
        });
        // The sign-in above added one record after the restored head.
        expect(verify.json()).toEqual({
          ok: true,
          count: manifest.auditHead.seq + 1,
          firstBadSeq: null,
        });
        const officeLogin = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'office', password: DEMO_PASSWORD },
        });
        const file = await app.inject({
          method: 'GET',
          url: `/api/attachments/${attachmentId}`,
          cookies: { sid: officeLogin.cookies.find((c) => c.name === 'sid')!.value },
        });
        expect(file.statusCode).toBe(200);
        expect(file.rawPayload.equals(pdf)).toBe(true);
      } finally {
        await app.close();
      }

      // A second restore into the now non-empty database is refused, changing nothing.
      await expect(
        restoreBackup({ database: target.database, backupDir, filesDir: targetData }),
      ).rejects.toThrow(/not empty/);
    } finally {
      await target.database.close();
      await target.drop();
    }
  });

  it('a backup altered after it was written is refused before anything is loaded', async () => {
    const copy = path.join(tmp('backup-bad'), 'b');
    fs.cpSync(backupDir, copy, { recursive: true });
    const usersFile = path.join(copy, 'db', 'users.jsonl');
    fs.writeFileSync(usersFile, fs.readFileSync(usersFile, 'utf8').replace('"office"', '"0ffice"'));
    // The digest check comes before the database is touched: an in-memory one is enough.
    const target = await openPglite(null);
    try {
      await expect(
        restoreBackup({ database: target, backupDir: copy, filesDir: tmp('x') }),
      ).rejects.toThrow(/users.jsonl does not match/);
    } finally {
      await target.close();
    }
  });
});
