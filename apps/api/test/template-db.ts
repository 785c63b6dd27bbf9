import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  openPglite,
  openPgliteThread,
  openPostgres,
  type Database,
} from '../src/platform/db/client.ts';
import { bootstrapDatabase } from '../src/bootstrap.ts';

/**
 * Test databases: migrate and load the reference data and demo accounts once (the template),
 * then give every test file its own copy — a PGlite data-dir dump, or `CREATE DATABASE …
 * TEMPLATE` on the PostgreSQL server named by DATABASE_URL.
 */
export type TemplateHandle =
  | { driver: 'pglite'; dumpPath: string }
  | { driver: 'postgres'; baseUrl: string; templateName: string };

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function buildTemplate(): Promise<TemplateHandle> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const templateName = `zibo_tpl_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await adminQuery(baseUrl, `create database ${templateName}`);
    const database = await openPostgres(withDatabase(baseUrl, templateName), 2);
    await bootstrapDatabase(
      database,
      { seedDemo: true, adminPassword: undefined, env: 'test' },
      { demoLedger: false },
    );
    await database.close();
    return { driver: 'postgres', baseUrl, templateName };
  }
  const database = await openPglite(null);
  await bootstrapDatabase(
    database,
    { seedDemo: true, adminPassword: undefined, env: 'test' },
    { demoLedger: false },
  );
  const dump = await database.pglite!.dumpDataDir('none');
  const dumpPath = path.join(os.tmpdir(), `zibo-template-${process.pid}-${Date.now()}.tar`);
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  return { driver: 'pglite', dumpPath };
}

export async function dropTemplate(handle: TemplateHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    fs.rmSync(handle.dumpPath, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: handle.baseUrl });
  await client.connect();
  try {
    // Only this template's copies: another project of the same run (the API tests and the
    // browser journeys each build a template) may still be using its own.
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [copyPrefix(handle)],
    );
    for (const r of rows) await client.query(`drop database if exists ${r.datname} with (force)`);
    await client.query(`drop database if exists ${handle.templateName} with (force)`);
  } finally {
    await client.end();
  }
}

/** The start of every database copied from this template (zibo_t_<template's stamp>_). */
function copyPrefix(handle: { templateName: string }): string {
  return `zibo_t_${handle.templateName.slice('zibo_tpl_'.length)}_`;
}

export async function adminQuery(url: string, sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, a copy of the template. `thread`: PGlite in its own thread,
 * as the server runs it (the browser journeys use it); otherwise in this thread.
 */
export async function openTestDatabase(
  handle: TemplateHandle,
  options: { thread?: boolean } = {},
): Promise<Database> {
  if (handle.driver === 'pglite') {
    const dump = fs.readFileSync(handle.dumpPath);
    if (options.thread) {
      const load = dump.buffer.slice(dump.byteOffset, dump.byteOffset + dump.byteLength);
      return openPgliteThread(null, load);
    }
    return openPglite(null, new Blob([dump]));
  }
  const name = `${copyPrefix(handle)}${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(handle.baseUrl, `create database ${name} template ${handle.templateName}`);
  const database = await openPostgres(withDatabase(handle.baseUrl, name), 4);
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(handle.baseUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
