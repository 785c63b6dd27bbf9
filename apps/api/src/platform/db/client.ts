import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';
import { PGliteRemote } from './pglite-remote.ts';

export type Schema = typeof schema;
/** The typed database handle; a transaction (`tx`) has the same type, so use cases take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs raw SQL (several statements allowed); for maintenance and tests. */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /** The embedded engine, when that is the driver (tests dump and clone it). */
  pglite?: PGlite;
};

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** Opens PGlite in `dataDir` (or in memory when null, or from a dump when `loadDataDir`). */
export async function openPglite(dataDir: string | null, loadDataDir?: Blob): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: async () => {
      await client.close();
    },
    pglite: client,
  };
}

/**
 * Opens PGlite in its own thread (ADR 0016): queries no longer stall the request thread. What
 * the server uses; tests and tools that need the engine itself (`pglite`) open it in-process.
 */
export async function openPgliteThread(
  dataDir: string | null,
  load?: ArrayBuffer,
): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = new PGliteRemote({ dataDir, load: load ?? null });
  await client.waitReady;
  const db = drizzlePglite({
    client: client as never,
    schema,
    casing: 'snake_case',
  }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: () => client.close(),
  };
}

export async function openPostgres(url: string, max = 10): Promise<Database> {
  // A bounded wait for a connection: when the server is down, requests fail fast (503) instead
  // of hanging; the pool opens new connections once it is back.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor may one that breaks while checked out between two queries of a transaction (the pool
  // listens only to idle clients): the query in flight fails, the client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    close: async () => {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPgliteThread(path.join(opts.dataDir, 'pglite'));
}

/** Applies the committed SQL migrations (both drivers use Drizzle's migrator). */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** Whether `db` is a transaction's handle (it reads its own writes and ends with it). */
export function isTransaction(db: Db): boolean {
  return (db as unknown) instanceof PgTransaction;
}
