/**
 * The width a table scrolls to. antd lays a table with `scroll.x` out at that width: columns with
 * a width take it, and columns without one share what is left — nothing, once the widths add up
 * to more than `scroll.x`, so their text wraps one character per line (数据范围 on 角色授权 did).
 * Here a column without a width is counted at `MIN_FREE_COLUMN` at least, so it always has room.
 */
export const MIN_FREE_COLUMN = 120;

type ColumnLike = { width?: unknown; children?: readonly ColumnLike[] };

export function tableScrollWidth(
  columns: readonly ColumnLike[] | undefined,
  x: number | string | true | undefined,
): number | string | true | undefined {
  if (typeof x !== 'number' || !columns) return x;
  let fixed = 0;
  let free = 0;
  const visit = (cs: readonly ColumnLike[]) => {
    for (const c of cs) {
      if (c.children?.length) visit(c.children);
      else if (typeof c.width === 'number') fixed += c.width;
      else free += 1;
    }
  };
  visit(columns);
  return Math.max(x, fixed + free * MIN_FREE_COLUMN);
}
