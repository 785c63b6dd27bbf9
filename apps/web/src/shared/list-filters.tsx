import { Input, Select } from 'antd';
import type { CategoryCode, FacilityTypeCode, Region } from '@zibo/shared';
import { buildCategoryOptions, buildFacilityTypeOptions } from './facility-vocabulary.ts';
import { RegionTreeSelect } from './region-tree-select.tsx';

/*
 * The filters every list and map page offers, spelled once: the region within the user's scope,
 * the category with its facility types (a new category clears the type, since the type list
 * follows the category), and the keyword.
 */

/**
 * The keyword box of a list page: 查询 beside it, the words trimmed, an empty box (or its clear
 * button) clears the filter. The box is the user's while typing: `initialValue` is only the
 * keyword the page opened with (from its address).
 */
export function KeywordSearch(props: {
  initialValue?: string | undefined;
  /** What the keyword is matched against, e.g. 小区名称或地址. */
  placeholder: string;
  onSearch: (q: string | undefined) => void;
  width?: number;
  /** The box's accessible name (关键字 unless the page searches something narrower). */
  label?: string;
}) {
  return (
    <Input.Search
      aria-label={props.label ?? '关键字'}
      placeholder={props.placeholder}
      allowClear
      enterButton="查询"
      style={{ width: props.width ?? 260 }}
      defaultValue={props.initialValue}
      onSearch={(q) => props.onSearch(q.trim() || undefined)}
    />
  );
}

/** The region filter of a list page: the tree from the user's scope down, cleared to 全部. */
export function RegionFilter(props: {
  /** The top of the tree: the user's region. */
  rootCode: string | null;
  value: string | undefined;
  onChange: (region: string | undefined) => void;
  width?: number;
  /** The deepest level offered (a map of projects stops at streets). */
  deepestLevel?: Region['level'];
}) {
  return (
    <div style={{ width: props.width ?? 240 }}>
      <RegionTreeSelect
        rootCode={props.rootCode}
        {...(props.deepestLevel ? { deepestLevel: props.deepestLevel } : {})}
        value={props.value ?? null}
        onChange={(region) => props.onChange(region ?? undefined)}
        placeholder="行政区划（全部）"
        allowClear
      />
    </div>
  );
}

export type CategoryAndType = {
  category: CategoryCode | undefined;
  type: FacilityTypeCode | undefined;
};

/** 设施类别 and 设施类型, limited to the user's categories. */
export function CategoryTypeFilters(
  props: CategoryAndType & {
    /** The user's categories (the options offered). */
    within: readonly CategoryCode[];
    onChange: (next: CategoryAndType) => void;
    widths?: readonly [number, number];
  },
) {
  const { category, type, within, onChange } = props;
  const [categoryWidth, typeWidth] = props.widths ?? [220, 180];
  return (
    <>
      <Select<CategoryCode>
        aria-label="设施类别"
        placeholder="设施类别"
        allowClear
        style={{ width: categoryWidth }}
        popupMatchSelectWidth={false}
        value={category}
        onChange={(c) => onChange({ category: c, type: undefined })}
        options={buildCategoryOptions(within)}
      />
      <Select<FacilityTypeCode>
        aria-label="设施类型"
        placeholder="设施类型"
        allowClear
        style={{ width: typeWidth }}
        popupMatchSelectWidth={false}
        value={type}
        onChange={(t) => onChange({ category, type: t })}
        options={buildFacilityTypeOptions(category ?? null, within)}
      />
    </>
  );
}
