import { createContext, useContext, type ReactNode } from 'react';

/** A page the user may open from the menu, as the home workbench shows it. */
export type MenuShortcut = {
  /** Path under `/`, without the leading slash; `''` is the home page. */
  path: string;
  label: string;
  icon: ReactNode;
  /** One line on the home workbench's shortcut card. */
  description: string;
};

/**
 * The menu's pages the user may open, in menu order. The app shell owns the route table and
 * provides them here, so a feature page can list them without importing the shell.
 */
export const MenuShortcutsContext = createContext<readonly MenuShortcut[]>([]);

export function useMenuShortcuts(): readonly MenuShortcut[] {
  return useContext(MenuShortcutsContext);
}
