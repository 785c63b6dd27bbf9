import { useState } from 'react';
import type { ServerPaging } from './data-table.tsx';

/** Page and page size held by a page (when the address does not keep them). */
export function usePaging(initialPageSize = 20) {
  const [state, setState] = useState({ page: 1, pageSize: initialPageSize });
  return {
    ...state,
    /** Back to page 1 (after a filter change). */
    reset: () => setState((s) => ({ ...s, page: 1 })),
    paging: (total: number): ServerPaging => ({
      ...state,
      total,
      onChange: (page, pageSize) => setState({ page, pageSize }),
    }),
  };
}
