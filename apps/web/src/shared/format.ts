import dayjs from 'dayjs';

/** `2026-05-01 09:30:12` in the browser's time zone (Asia/Shanghai for the users). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
}

/** `2026-05-01 09:30`, the same instant as formatDateTime, to the minute (timelines). */
export function formatMinute(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD HH:mm');
}

/** `2026-05-01`: the day of an instant in the browser's time zone, not of its UTC spelling. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD');
}

/**
 * A count as every figure of the platform shows it, grouped by thousands (`51,541`), as the
 * statistic cards (Ant Design's Statistic) show theirs: one figure is never spelled two ways on
 * one page.
 */
export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}
