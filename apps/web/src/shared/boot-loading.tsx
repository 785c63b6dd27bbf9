/**
 * The loading state shown before the signed-in app's code has arrived (sign-in, session restore,
 * the first page). Plain markup: antd's Spin would add 5 KB gzip to the first download.
 */
export function BootLoading({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <div
      role="status"
      data-loading=""
      style={{
        minHeight: 240,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        color: 'rgba(0, 0, 0, 0.45)',
      }}
    >
      {tip}
    </div>
  );
}
