import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../platform/db/client.ts';
import { MIGRATIONS_DIR, migrateDatabase } from '../platform/db/client.ts';
import { auditChainHead } from '../modules/audit/index.ts';

/**
 * Logical backups that need no extra binaries (no pg_dump): every table of the `public` schema as
 * JSON Lines read in one consistent snapshot, the uploaded files, and a manifest with the row
 * count of each table, the audit chain head and a SHA-256 of every file. The same format serves
 * PGlite and PostgreSQL, so a backup of one restores into the other. DEVELOPERS.md → Backups.
 */
export const BACKUP_FORMAT = 1;

export type BackupManifest = {
  format: number;
  createdAt: string;
  driver: 'pglite' | 'postgres';
  /** The migrations the database had: a restore needs the same release. */
  migrations: string[];
  /** Tables in load order (referenced tables first) with their row counts. */
  tables: { name: string; rows: number; sha256: string }[];
  auditHead: { seq: number; hash: string; alg: string };
  files: { count: number; bytes: number; sha256: string };
};

async function query<T extends Record<string, unknown>>(
  db: Db,
  q: ReturnType<typeof sql>,
): Promise<T[]> {
  const result: unknown = await db.execute<T>(q);
  return (result as { rows: T[] }).rows;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The committed migrations, in order (their tags, from Drizzle's journal). */
export function migrationTags(): string[] {
  const journal = JSON.parse(
    fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** The public tables ordered so that every table comes after the tables it references. */
export async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (
    await query<{ name: string }>(
      db,
      sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
    )
  ).map((r) => r.name);
  const edges = await query<{ child: string; parent: string }>(
    db,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const strip = (s: string) => s.replace(/^public\./, '').replace(/^"|"$/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const e of edges) {
    const child = strip(e.child);
    const parent = strip(e.parent);
    if (child !== parent) parents.get(child)?.add(parent);
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`foreign keys form a cycle through ${t}`);
    state.set(t, 'visiting');
    for (const p of parents.get(t) ?? []) visit(p);
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** Copies the uploaded files and returns their count, size and one digest over names and bytes. */
function copyFiles(from: string, to: string): BackupManifest['files'] {
  const hash = createHash('sha256');
  let bytes = 0;
  const files = listFiles(from);
  for (const file of files) {
    const rel = path.relative(from, file);
    const target = path.join(to, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
    const content = fs.readFileSync(target);
    bytes += content.length;
    hash.update(rel.split(path.sep).join('/')).update('\0').update(content);
  }
  return { count: files.length, bytes, sha256: hash.digest('hex') };
}

/** Counts the rows of every public table (the manifest's and the restore check's view). */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await tablesInDependencyOrder(db)) {
    const [r] = await query<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from ${quoteIdent(t)}`),
    );
    out[t] = Number(r?.n ?? 0);
  }
  return out;
}

/**
 * Writes a backup of `database` and of the files under `filesDir` into `outDir` (created; must
 * not exist). The tables are read in one repeatable-read, read-only transaction: a consistent
 * snapshot while the server keeps serving (PostgreSQL).
 */
export async function createBackup(input: {
  database: Database;
  filesDir: string;
  outDir: string;
}): Promise<BackupManifest> {
  const { database, outDir } = input;
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) {
    throw new Error(`backup folder ${outDir} is not empty`);
  }
  fs.mkdirSync(path.join(outDir, 'db'), { recursive: true });
  const manifest = await database.db.transaction(
    async (tx) => {
      const order = await tablesInDependencyOrder(tx);
      const tables: BackupManifest['tables'] = [];
      for (const name of order) {
        const rows = await query<{ j: string }>(
          tx,
          sql.raw(`select row_to_json(t)::text as j from ${quoteIdent(name)} t`),
        );
        const file = path.join(outDir, 'db', `${name}.jsonl`);
        fs.writeFileSync(file, rows.map((r) => `${r.j}\n`).join(''));
        tables.push({ name, rows: rows.length, sha256: sha256File(file) });
      }
      const auditHead = await auditChainHead(tx);
      return { tables, auditHead };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const files = copyFiles(input.filesDir, path.join(outDir, 'files'));
  const full: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    driver: database.driver,
    migrations: migrationTags(),
    tables: manifest.tables,
    auditHead: manifest.auditHead,
    files,
  };
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
  return full;
}

export function readManifest(backupDir: string): BackupManifest {
  const file = path.join(backupDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: not a backup folder`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (m.format !== BACKUP_FORMAT) throw new Error(`backup format ${m.format} is not supported`);
  return m;
}

/**
 * Restores a backup into an empty database (migrated here to this release's schema, which must
 * be the backup's) and copies its files into `filesDir`. Checks every table file's digest first,
 * and the row counts and audit head after loading; any mismatch aborts the whole load.
 */
export async function restoreBackup(input: {
  database: Database;
  backupDir: string;
  filesDir: string;
}): Promise<{ manifest: BackupManifest; counts: Record<string, number> }> {
  const { database, backupDir } = input;
  const manifest = readManifest(backupDir);
  const ours = migrationTags();
  if (manifest.migrations.join(',') !== ours.join(',')) {
    throw new Error(
      `the backup has migrations up to ${manifest.migrations.at(-1)}, this release ${ours.at(-1)}: restore with the release that made the backup, then upgrade`,
    );
  }
  for (const t of manifest.tables) {
    const digest = sha256File(path.join(backupDir, 'db', `${t.name}.jsonl`));
    if (digest !== t.sha256)
      throw new Error(`db/${t.name}.jsonl does not match its manifest digest`);
  }
  await migrateDatabase(database);
  const before = await countRows(database.db);
  const nonEmpty = Object.entries(before).filter(([, n]) => n > 0);
  if (nonEmpty.length > 0) {
    throw new Error(
      `the target database is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(', ')})`,
    );
  }
  await database.db.transaction(async (tx) => {
    for (const t of manifest.tables) {
      const table = quoteIdent(t.name);
      const lines = fs
        .readFileSync(path.join(backupDir, 'db', `${t.name}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l.length > 0);
      if (lines.length === 0) continue;
      // Triggers (the audit log's append-only guard, counters) stay off while loading rows that
      // already went through them; foreign keys stay on.
      await tx.execute(sql.raw(`alter table ${table} disable trigger user`));
      const columns = (
        await query<{ name: string }>(
          tx,
          sql`select column_name as name from information_schema.columns
              where table_schema = 'public' and table_name = ${t.name} and is_generated = 'NEVER'
              order by ordinal_position`,
        )
      )
        .map((c) => quoteIdent(c.name))
        .join(', ');
      // One statement per table: foreign keys within a table (a parent row) are checked at its end.
      const json = `[${lines.join(',')}]`;
      await tx.execute(
        sql`insert into ${sql.raw(`${table} (${columns})`)} overriding system value select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(table)}, ${json}::json)`,
      );
      await tx.execute(sql.raw(`alter table ${table} enable trigger user`));
    }
    // Sequences continue after the restored ids.
    const seqs = await query<{ tbl: string; col: string; seq: string }>(
      tx,
      sql`select c.table_name as tbl, c.column_name as col,
                 pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
          from information_schema.columns c
          where c.table_schema = 'public'
            and pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) is not null`,
    );
    for (const s of seqs) {
      await tx.execute(
        sql.raw(
          `select setval('${s.seq.replace(/'/g, "''")}', coalesce((select max(${quoteIdent(s.col)}) from ${quoteIdent(s.tbl)}), 0) + 1, false)`,
        ),
      );
    }
    const counts = await countRows(tx);
    for (const t of manifest.tables) {
      if (counts[t.name] !== t.rows) {
        throw new Error(`${t.name}: ${counts[t.name]} rows restored, the manifest says ${t.rows}`);
      }
    }
    const head = await auditChainHead(tx);
    if (head.seq !== manifest.auditHead.seq || head.hash !== manifest.auditHead.hash) {
      throw new Error('the restored audit chain head differs from the manifest');
    }
  });
  const files = copyFiles(path.join(backupDir, 'files'), input.filesDir);
  if (files.count !== manifest.files.count || files.sha256 !== manifest.files.sha256) {
    throw new Error('the restored files differ from the manifest');
  }
  return { manifest, counts: await countRows(database.db) };
}
