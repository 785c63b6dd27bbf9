import { asc, gt, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ChangeMarks } from './change-marks.ts';
import { CoalescedRun } from './coalesce.ts';
import type { Db } from './db/client.ts';

/** Changes older than this are certainly committed or rolled back (transactions are short). */
const SETTLED = sql.raw("interval '30 seconds'");
/** After this long without a look, change rows may have been pruned unread: assume a change. */
const SILENT_MS = 30 * 60_000;
/** Rows are kept this long (twice SILENT_MS), pruned at most this often by any reader. */
const RETAINED = sql.raw("interval '1 hour'");
const PRUNE_EVERY_MS = 10 * 60_000;

/** A change table: one row per writing statement, numbered by a sequence, stamped with its time. */
export type ChangeTable = PgTable & { seq: PgColumn; at: PgColumn };

/**
 * This process's version of the data a change table watches (`problem_changes`,
 * `project_changes`): it moves whenever a row appears that the process has not seen. The rows are
 * written by triggers in every writer's transaction, whichever process wrote, SQL data fixes
 * included. Only the rows' numbers are read, with the bookkeeping of platform/change-marks.ts;
 * reads are shared by concurrent requests and start after each one's arrival (coalesce.ts).
 */
export class ChangeTableVersion {
  private readonly marks = new ChangeMarks();
  private version = 0;
  private lastSync = 0;
  private lastPrune = 0;
  private readonly syncs = new CoalescedRun(() => this.sync());

  constructor(
    private readonly db: Db,
    private readonly table: ChangeTable,
  ) {}

  async current(): Promise<number> {
    await this.syncs.run();
    return this.version;
  }

  private async sync(): Promise<void> {
    const silent = Date.now() - this.lastSync > SILENT_MS;
    const { table } = this;
    const rows = await this.db
      .select({
        seq: sql<number>`${table.seq}::int`,
        settled: sql<boolean>`${table.at} < now() - ${SETTLED}`,
      })
      .from(table)
      .where(gt(table.seq, this.marks.floor))
      .orderBy(asc(table.seq));
    if (silent || this.marks.fresh(rows).length > 0) this.version++;
    this.marks.applyAll(rows);
    this.lastSync = Date.now();
    if (this.lastSync - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = this.lastSync;
      await this.db.delete(table).where(sql`${table.at} < now() - ${RETAINED}`);
    }
  }
}

const versions = new WeakMap<Db, Map<ChangeTable, ChangeTableVersion>>();

/** The version of `table`'s data in this process, for `db` (one reader per database and table). */
export function changeTableVersion(db: Db, table: ChangeTable): Promise<number> {
  let byTable = versions.get(db);
  if (!byTable) versions.set(db, (byTable = new Map<ChangeTable, ChangeTableVersion>()));
  let version = byTable.get(table);
  if (!version) byTable.set(table, (version = new ChangeTableVersion(db, table)));
  return version.current();
}
