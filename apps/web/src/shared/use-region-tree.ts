import { useCallback, useRef, useState, type Key } from 'react';
import { isCancelledError, useQueryClient } from '@tanstack/react-query';
import type { Region } from '@zibo/shared';
import { buildRegionChildrenQuery, useRegionChildren } from '../api/reference.ts';
import { listAncestorCodes } from './regions.ts';

export type RegionTree = {
  /** The top of the tree: the city. */
  roots: Region[];
  rootsLoading: boolean;
  rootsError: unknown;
  /** Children loaded so far, by parent code. */
  childrenOf: ReadonlyMap<string, Region[]>;
  /** Loads (once, then from the query cache) the children of a region. */
  loadChildren: (code: string) => Promise<Region[]>;
  /** Loads every ancestor's children so the region shows in the tree; returns the ancestors. */
  revealPath: (code: string) => Promise<string[]>;
  /** Codes whose children are loading now. */
  loading: ReadonlySet<string>;
};

/**
 * The region tree loaded level by level (a city has ~1,000 communities; loading them all for a
 * tree nobody opens fully would waste the request). Shared by the region browser and the
 * region pickers, over the same query cache.
 */
export function useRegionTree(): RegionTree {
  const queryClient = useQueryClient();
  const roots = useRegionChildren(null);
  const [childrenOf, setChildrenOf] = useState<ReadonlyMap<string, Region[]>>(new Map());
  const [loading, setLoading] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(new Map<string, Promise<Region[]>>());

  const loadChildren = useCallback(
    (code: string) => {
      const running = inFlight.current.get(code);
      if (running) return running;
      setLoading((prev) => new Set(prev).add(code));
      const load = (async () => {
        try {
          const children = await queryClient.fetchQuery(buildRegionChildrenQuery(code));
          setChildrenOf((prev) =>
            prev.get(code) === children ? prev : new Map(prev).set(code, children),
          );
          return children;
        } catch (e) {
          // A sign-out clears the query cache and cancels this load: nothing is left to show,
          // and no caller should meet an error for it (it surfaced as an uncaught page error).
          if (isCancelledError(e)) return [];
          throw e;
        } finally {
          inFlight.current.delete(code);
          setLoading((prev) => {
            const next = new Set(prev);
            next.delete(code);
            return next;
          });
        }
      })();
      inFlight.current.set(code, load);
      return load;
    },
    [queryClient],
  );

  const revealPath = useCallback(
    async (code: string) => {
      const ancestors = listAncestorCodes(code);
      await Promise.all(ancestors.map((a) => loadChildren(a)));
      return ancestors;
    },
    [loadChildren],
  );

  return {
    roots: roots.data ?? [],
    rootsLoading: roots.isPending,
    rootsError: roots.error,
    childrenOf,
    loadChildren,
    revealPath,
    loading,
  };
}

/**
 * The open nodes after a click on a node (its title, or its switcher). The rule that keeps a
 * click made while a level loads (issue 13: a person should never need a second click): a
 * click on a node whose children are loading never closes it — the first click asked for it
 * open, and it opens once its level has loaded. Only a loaded, open node closes.
 */
export function toggleExpanded(
  expanded: readonly string[],
  code: string,
  state: { loading: boolean },
): string[] {
  if (!expanded.includes(code)) return [...expanded, code];
  if (state.loading) return [...expanded];
  return expanded.filter((k) => k !== code);
}

/**
 * Which nodes are open, owned here rather than by antd's tree: antd drops an expand that
 * arrives while its list is re-rendering, and a second click on a loading node would close it.
 * `toggle` opens (and loads) or closes a node; `onExpand` takes the tree's own switcher clicks.
 */
export function useRegionExpansion(tree: RegionTree, initial: readonly string[]) {
  const [expanded, setExpanded] = useState<string[]>([...initial]);
  const { loadChildren, loading, childrenOf } = tree;
  const toggle = useCallback(
    (code: string) => {
      setExpanded((prev) => toggleExpanded(prev, code, { loading: loading.has(code) }));
      if (!childrenOf.has(code)) void loadChildren(code);
    },
    [loadChildren, loading, childrenOf],
  );
  const open = useCallback(
    (codes: readonly string[]) => {
      setExpanded((prev) => [...new Set([...prev, ...codes])]);
      for (const code of codes) if (!childrenOf.has(code)) void loadChildren(code);
    },
    [loadChildren, childrenOf],
  );
  const onExpand = useCallback(
    (_keys: readonly Key[], info: { node: { key: Key } }) => toggle(String(info.node.key)),
    [toggle],
  );
  return { expanded, toggle, open, onExpand };
}

export type RegionNode = {
  key: string;
  value: string;
  title: string;
  isLeaf: boolean;
  region: Region;
  children?: RegionNode[];
};

/** Tree nodes for antd Tree / TreeSelect; unloaded levels have no `children` so they load lazily. */
export function buildRegionNodes(
  regions: readonly Region[],
  childrenOf: ReadonlyMap<string, Region[]>,
  deepestLevel: Region['level'] = 'community',
): RegionNode[] {
  return regions.map((r) => {
    const leaf = r.childCount === 0 || r.level === deepestLevel;
    const children = leaf ? undefined : childrenOf.get(r.code);
    return {
      key: r.code,
      value: r.code,
      title: r.name,
      isLeaf: leaf,
      region: r,
      ...(children ? { children: buildRegionNodes(children, childrenOf, deepestLevel) } : {}),
    };
  });
}
