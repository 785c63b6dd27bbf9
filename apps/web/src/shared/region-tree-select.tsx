import { useEffect, useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';
import type { Region } from '@zibo/shared';
import { useRegion } from '../api/reference.ts';
import { useCityCode } from './session.tsx';
import {
  buildRegionNodes,
  useRegionExpansion,
  useRegionTree,
  type RegionNode,
} from './use-region-tree.ts';

export type RegionTreeSelectProps = {
  value?: string | null;
  onChange?: (code: string | null) => void;
  /** The deepest level offered (e.g. `district` for a district-level scope). */
  deepestLevel?: Region['level'];
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  disabled?: boolean;
  /**
   * The top of the tree (the user's data scope, e.g. a district): a district clerk picks inside
   * the district instead of scrolling past the other seven. The city or null gives the whole tree.
   */
  rootCode?: string | null;
  /** Only regions of this level can be picked; clicking another level opens it instead. */
  selectableLevel?: Region['level'];
};

type SelectableNode = RegionNode & { selectable?: boolean; children?: SelectableNode[] };

function markSelectable(nodes: RegionNode[], level: Region['level']): SelectableNode[] {
  return nodes.map((n) => ({
    ...n,
    selectable: n.region.level === level,
    ...(n.children ? { children: markSelectable(n.children, level) } : {}),
  }));
}

/** Picks one region from the tree, loading each level when it is opened. Works inside antd Form. */
export function RegionTreeSelect(props: RegionTreeSelectProps) {
  const cityCode = useCityCode();
  const tree = useRegionTree();
  const { revealPath } = tree;
  const expansion = useRegionExpansion(tree, [
    props.rootCode && props.rootCode.length > 4 ? props.rootCode : cityCode,
  ]);
  const [searching, setSearching] = useState(false);
  const value = props.value ?? null;
  const scopedRoot = props.rootCode && props.rootCode.length > 4 ? props.rootCode : null;
  const rootRegion = useRegion(scopedRoot);
  const scopedData = rootRegion.data;
  const roots = useMemo(
    () => (scopedRoot ? (scopedData ? [scopedData] : []) : tree.roots),
    [scopedRoot, scopedData, tree.roots],
  );

  // A preset deep value (a street) shows its name only once its ancestors' levels are loaded.
  useEffect(() => {
    if (value) void revealPath(value);
  }, [value, revealPath]);

  const treeData = useMemo(() => {
    const nodes = buildRegionNodes(roots, tree.childrenOf, props.deepestLevel);
    return props.selectableLevel ? markSelectable(nodes, props.selectableLevel) : nodes;
  }, [roots, tree.childrenOf, props.deepestLevel, props.selectableLevel]);

  return (
    <TreeSelect
      id={props.id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
      treeData={treeData}
      loadData={async (node) => {
        await tree.loadChildren(String(node.value));
      }}
      // Open nodes are ours (see useRegionExpansion): a click while a level loads is kept.
      // While searching, antd opens every match itself.
      treeExpandedKeys={searching ? undefined : expansion.expanded}
      onTreeExpand={(keys) => {
        const now = new Set(keys.map(String));
        const changed =
          expansion.expanded.find((k) => !now.has(k)) ??
          [...now].find((k) => !expansion.expanded.includes(k));
        if (changed) expansion.toggle(changed);
      }}
      onSearch={(text) => setSearching(text.trim() !== '')}
      treeExpandAction={false}
      treeTitleRender={(node: SelectableNode) => (
        <span
          data-region-code={node.value}
          // A level that cannot be picked opens on a click of its name.
          onClick={node.selectable === false ? () => expansion.toggle(node.value) : undefined}
        >
          {node.title}
          {tree.loading.has(node.value) ? (
            <LoadingOutlined style={{ marginInlineStart: 6 }} aria-label="加载中" />
          ) : null}
        </span>
      )}
      placeholder={props.placeholder ?? '请选择行政区划'}
      allowClear={props.allowClear ?? false}
      disabled={props.disabled}
      showSearch={{ treeNodeFilterProp: 'title' }}
      loading={scopedRoot ? rootRegion.isPending : tree.rootsLoading}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280 } } }}
    />
  );
}
