/*
 * Working days for opinion deadlines. Saturdays and Sundays are days off; the State Council's
 * yearly holiday calendar (and its make-up working weekends, 调休) is not modelled, so a deadline
 * that crosses a public holiday comes early rather than late.
 */

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function toDateString(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(date: string): boolean {
  const day = toUtc(date).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The date `n` working days after `date` (YYYY-MM-DD); `date` itself does not count. */
export function addWorkingDays(date: string, n: number): string {
  const d = toUtc(date);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toDateString(d))) left--;
  }
  return toDateString(d);
}

/**
 * Working days from `from` to `to`: the count of working days after `from` up to and including
 * `to`; negative (days overdue) when `to` is earlier.
 */
export function workingDaysBetween(from: string, to: string): number {
  if (from === to) return 0;
  const forward = from < to;
  const d = toUtc(forward ? from : to);
  const end = forward ? to : from;
  let n = 0;
  while (toDateString(d) < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toDateString(d))) n++;
  }
  return forward ? n : -n;
}
