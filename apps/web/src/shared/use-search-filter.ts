import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type SearchFilter = Record<string, string | undefined>;

/**
 * A list page's filters and page number kept in the address (`?region=370303&page=2`), so a
 * filtered list can be linked to, reloaded and returned to with the back button.
 */
export function useSearchFilter<K extends string>(keys: readonly K[]) {
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

  const setPage = useCallback(
    (p: number) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (p <= 1) next.delete('page');
          else next.set('page', String(p));
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return { filter, page, setFilter, setPage };
}
