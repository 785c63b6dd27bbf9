import dayjs from 'dayjs';

/** `2026-05-01 09:30:12` in the browser's time zone (Asia/Shanghai for the users). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
}
