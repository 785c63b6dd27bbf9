export {
  DataTable,
  ListPager,
  PAGE_SIZE_OPTIONS,
  type DataTableProps,
  type ServerPaging,
} from './data-table.tsx';
export { ErrorAlert } from './error-alert.tsx';
export { FilterBar } from './filter-bar.tsx';
export { FormDialog } from './form-dialog.tsx';
export { FormDrawer } from './form-drawer.tsx';
export { FormInline } from './form-inline.tsx';
export { PanelDrawer } from './panel-drawer.tsx';
