/**
 * Which rows of a change table a process has applied. Change tables (`gap_ledger_changes`,
 * `problem_changes`) get one row per writing statement, written by triggers in the writer's
 * transaction and numbered by a sequence. Each process keeps a copy in memory and patches it from
 * the rows after the last it applied. A sequence number is taken before commit, so a row may
 * become visible after a higher one. Rows are therefore remembered one by one until they are
 * settled: old enough that no lower number can still commit. Only then does `floor` pass them.
 * The gap analysis (gap-analysis.cache.ts) and supervision's problem facts
 * (problem-facts.cache.ts) share this bookkeeping.
 */
export class ChangeMarks {
  /** Rows up to `floor` are applied; read the rows after it. */
  floor = 0;
  /** Rows above `floor` already applied. */
  private readonly applied = new Set<number>();
  /** The highest change number seen. */
  highest = 0;

  /** Whether a row after `floor` has been applied and is not settled yet. */
  get unsettled(): boolean {
    return this.applied.size > 0;
  }

  /** The numbers of the rows above `floor` already applied. */
  appliedAboveFloor(): number[] {
    return [...this.applied].filter((seq) => seq > this.floor);
  }

  /** The rows among `rows` (read after `floor`) not applied yet. */
  fresh<R extends { seq: number }>(rows: readonly R[]): R[] {
    return rows.filter((r) => !this.applied.has(r.seq));
  }

  /**
   * After applying every row read after `floor`: settled rows raise the floor, younger ones are
   * remembered until they settle.
   */
  applyAll(rows: readonly { seq: number; settled: boolean }[]): void {
    let floor = this.floor;
    for (const r of rows) {
      this.applied.add(r.seq);
      this.highest = Math.max(this.highest, r.seq);
      if (r.settled) floor = Math.max(floor, r.seq);
    }
    this.floor = floor;
    for (const seq of this.applied) if (seq <= floor) this.applied.delete(seq);
  }

  /**
   * After a full load: the rows settled up to `mark` are in it, and so are the younger rows
   * already committed (`young`). Those are remembered as applied; otherwise every sync within
   * the settling time after a large change would load again. Rows committed later with a lower
   * number are applied on the next sync (re-reading current state is idempotent), so the next
   * sync patches even when nothing new was written.
   */
  loaded(mark: number, young: readonly number[]): void {
    this.floor = mark;
    this.applied.clear();
    this.applied.add(-1);
    for (const seq of young) this.applied.add(seq);
    this.highest = young.reduce((m, seq) => Math.max(m, seq), mark);
  }
}
