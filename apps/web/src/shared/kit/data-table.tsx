import { useState } from 'react';
import { Pagination, Table, type TableProps } from 'antd';
import { EmptyState } from '../states.tsx';
import { tableScrollWidth } from './table-width.ts';
import { formatCount } from '../format.ts';

export const PAGE_SIZE_OPTIONS = [10, 20, 50, 100] as const;

/** One page of a list the server pages: where the user is, how many there are, how to move. */
export type ServerPaging = {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number, pageSize: number) => void;
};

export type DataTableProps<T> = Omit<TableProps<T>, 'pagination' | 'locale'> & {
  /** Server pagination. Without it, `pageSize` pages a list loaded whole, in the browser. */
  paging?: ServerPaging;
  /** Client pagination's first page size; `false` (the default without `paging`) shows all rows. */
  pageSize?: number | false;
  /** The counted thing in "共 N 个小区"; default "条". */
  unit?: string;
  /** Shown when there are no rows (default 暂无数据). */
  emptyText?: string;
};

const pagerBase = {
  showSizeChanger: true,
  showQuickJumper: true,
  pageSizeOptions: PAGE_SIZE_OPTIONS.map(String),
};

/**
 * antd's Table with the platform's list habits: server or client pages with a page-size selector
 * (10/20/50/100) and a quick jump, "共 N 条", the loading state and a Chinese empty state; a
 * column without a width keeps room to read (table-width.ts).
 */
/** 共 N 条 under a table, N grouped by thousands. */
function totalOf(total: number, unit: string): string {
  return `共 ${formatCount(total)} ${unit}`;
}

export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { paging, pageSize, unit = '条', emptyText, ...table } = props;
  const [clientSize, setClientSize] = useState(typeof pageSize === 'number' ? pageSize : 20);
  const showTotal = (total: number) => totalOf(total, unit);

  let pagination: TableProps<T>['pagination'] = false;
  if (paging) {
    pagination = {
      ...pagerBase,
      current: paging.page,
      pageSize: paging.pageSize,
      total: paging.total,
      showTotal,
      // A new page size starts again at page 1: the old page number means other rows now.
      onChange: (page, size) => paging.onChange(size === paging.pageSize ? page : 1, size),
    };
  } else if (typeof pageSize === 'number') {
    pagination = {
      ...pagerBase,
      pageSize: clientSize,
      hideOnSinglePage: true,
      showTotal,
      onShowSizeChange: (_, size) => setClientSize(size),
    };
  }

  const scroll = table.scroll
    ? { ...table.scroll, x: tableScrollWidth(table.columns, table.scroll.x) }
    : undefined;
  return (
    <Table<T>
      size="middle"
      {...table}
      scroll={scroll}
      pagination={pagination}
      locale={{ emptyText: <EmptyState description={emptyText} /> }}
    />
  );
}

/** The same pager for a list that is not a table (cards). */
export function ListPager(props: { paging: ServerPaging; unit?: string }) {
  const { paging, unit = '条' } = props;
  return (
    <Pagination
      align="end"
      {...pagerBase}
      current={paging.page}
      pageSize={paging.pageSize}
      total={paging.total}
      showTotal={(total) => totalOf(total, unit)}
      onChange={(page, size) => paging.onChange(size === paging.pageSize ? page : 1, size)}
    />
  );
}
