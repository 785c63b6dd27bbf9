import { useEffect, useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { Region } from '@zibo/shared';
import { buildRegionNodes, useRegionTree } from './use-region-tree.ts';

export type RegionTreeSelectProps = {
  value?: string | null;
  onChange?: (code: string | null) => void;
  /** The deepest level offered (e.g. `district` for a district-level scope). */
  deepestLevel?: Region['level'];
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  disabled?: boolean;
};

/** Picks one region from the tree, loading each level when it is opened. Works inside antd Form. */
export function RegionTreeSelect(props: RegionTreeSelectProps) {
  const tree = useRegionTree();
  const { revealPath } = tree;
  const value = props.value ?? null;

  // A preset deep value (a street) shows its name only once its ancestors' levels are loaded.
  useEffect(() => {
    if (value) void revealPath(value);
  }, [value, revealPath]);

  const treeData = useMemo(
    () => buildRegionNodes(tree.roots, tree.childrenOf, props.deepestLevel),
    [tree.roots, tree.childrenOf, props.deepestLevel],
  );

  return (
    <TreeSelect
      id={props.id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
      treeData={treeData}
      loadData={async (node) => {
        await tree.loadChildren(String(node.value));
      }}
      treeDefaultExpandedKeys={['3703']}
      placeholder={props.placeholder ?? '请选择行政区划'}
      allowClear={props.allowClear ?? false}
      disabled={props.disabled}
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={tree.rootsLoading}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto', minWidth: 280 } } }}
    />
  );
}
