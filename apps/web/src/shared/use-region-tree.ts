import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
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

  const loadChildren = useCallback(
    async (code: string) => {
      const children = await queryClient.fetchQuery(buildRegionChildrenQuery(code));
      setChildrenOf((prev) =>
        prev.get(code) === children ? prev : new Map(prev).set(code, children),
      );
      return children;
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
  };
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
