import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ServerPaging } from './kit/data-table.tsx';

export type SearchFilter = Record<string, string | undefined>;

/**
 * A list page's filters and page number kept in the address (`?region=<district code>&page=2`), so a
 * filtered list can be linked to, reloaded and returned to with the back button.
 */
export function useSearchFilter<K extends string>(keys: readonly K[], defaultPageSize = 20) {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => {
    const out: Partial<Record<K, string>> = {};
    for (const k of keys) {
      const v = params.get(k);
      if (v !== null && v !== '') out[k] = v;
    }
    return out;
  }, [params, keys]);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const sizeParam = Number(params.get('pageSize'));
  const pageSize = sizeParam >= 1 && sizeParam <= 100 ? Math.floor(sizeParam) : defaultPageSize;

  /** Changes filters; any filter change goes back to page 1. */
  const setFilter = useCallback(
    (change: Partial<Record<K, string | null | undefined>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const entries: [string, string | null | undefined][] = Object.entries(change);
          for (const [k, v] of entries) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  /** Moves to a page; with a size, also changes the page size (kept in the address too). */
  const setPage = useCallback(
    (p: number, size?: number) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (p <= 1) next.delete('page');
          else next.set('page', String(p));
          if (size !== undefined) {
            if (size === defaultPageSize) next.delete('pageSize');
            else next.set('pageSize', String(size));
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams, defaultPageSize],
  );

  /** The DataTable's server paging for `total` rows. */
  const paging = useCallback(
    (total: number): ServerPaging => ({ page, pageSize, total, onChange: setPage }),
    [page, pageSize, setPage],
  );

  return { filter, page, pageSize, setFilter, setPage, paging };
}
