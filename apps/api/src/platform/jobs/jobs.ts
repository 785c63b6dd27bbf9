import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from './jobs.tables.ts';

export type JobHandler = (input: { db: Db; payload: unknown; jobId: number }) => Promise<unknown>;

const RUNNER_ID = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Queues a job; with a dedupe key, a second enqueue of the same kind and key is a no-op. */
export async function enqueueJob(
  db: Db,
  input: { kind: string; dedupeKey?: string; payload?: unknown; runAt?: Date },
): Promise<boolean> {
  const rows = await db
    .insert(jobs)
    .values({
      kind: input.kind,
      dedupeKey: input.dedupeKey ?? null,
      payload: input.payload ?? {},
      runAt: input.runAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Claims one due job (FOR UPDATE SKIP LOCKED: two runners never get the same row), runs it and
 * records the outcome. Returns false when nothing was due.
 */
export async function runOneJob(
  db: Db,
  handlers: Record<string, JobHandler>,
  runner = RUNNER_ID,
): Promise<boolean> {
  const claimed = await db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: number; kind: string; payload: unknown }>(sql`
      select id, kind, payload from jobs
      where status = 'queued' and run_at <= now() and kind in ${sql`(${sql.join(
        Object.keys(handlers).map((k) => sql`${k}`),
        sql`, `,
      )})`}
      order by run_at, id
      limit 1
      for update skip locked`);
    const row = (rows as { rows: { id: number; kind: string; payload: unknown }[] }).rows[0];
    if (!row) return null;
    await tx.execute(
      sql`update jobs set status = 'running', locked_by = ${runner}, locked_at = now(), attempts = attempts + 1 where id = ${row.id}`,
    );
    return { ...row, id: Number(row.id) };
  });
  if (!claimed) return false;
  const handler = handlers[claimed.kind]!;
  try {
    const result = await handler({ db, payload: claimed.payload, jobId: claimed.id });
    await db.execute(
      sql`update jobs set status = 'done', finished_at = now(), result = ${JSON.stringify(result ?? null)}::jsonb where id = ${claimed.id}`,
    );
  } catch (e) {
    await db.execute(
      sql`update jobs set status = 'failed', finished_at = now(), last_error = ${String(e instanceof Error ? e.message : e).slice(0, 2000)} where id = ${claimed.id}`,
    );
  }
  return true;
}

/** Runs due jobs until none is left (or `max` ran). */
export async function runDueJobs(
  db: Db,
  handlers: Record<string, JobHandler>,
  max = 100,
): Promise<number> {
  let n = 0;
  while (n < max && (await runOneJob(db, handlers))) n++;
  return n;
}

/**
 * Puts this process's claimed jobs back in the queue (a shutdown that could not wait for them):
 * another process runs them, once.
 */
export async function releaseJobs(db: Db, runner = RUNNER_ID): Promise<number> {
  const rows = await db.execute(
    sql`update jobs set status = 'queued', locked_by = null, locked_at = null where status = 'running' and locked_by = ${runner} returning id`,
  );
  return (rows as { rows: unknown[] }).rows.length;
}

/**
 * An in-process loop: schedule, then drain, every `intervalMs`. The returned function stops it
 * and resolves once the job in progress (if any) has finished.
 */
export function startJobLoop(opts: {
  db: Db;
  handlers: Record<string, JobHandler>;
  schedule: (db: Db) => Promise<void>;
  intervalMs: number;
  onError: (e: unknown) => void;
}): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await opts.schedule(opts.db);
      let n = 0;
      while (!stopped && n < 100 && (await runOneJob(opts.db, opts.handlers))) n++;
    } catch (e) {
      opts.onError(e);
    }
    if (!stopped) timer = setTimeout(() => void (running = tick()), opts.intervalMs);
  };
  timer = setTimeout(() => void (running = tick()), 1_000);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
