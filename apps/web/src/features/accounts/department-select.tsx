import { Select } from 'antd';
import { useDepartments } from '../../api/reference.ts';
import { findDistrictCode } from '../../shared/regions.ts';

/** The departments of a region's level: the city's for the city, else the district's. */
export function DepartmentSelect(props: {
  regionCode: string | null | undefined;
  value?: string | null;
  onChange?: (code: string | null) => void;
  id?: string;
}) {
  const owner = props.regionCode ? (findDistrictCode(props.regionCode) ?? props.regionCode) : null;
  const departments = useDepartments(owner, owner !== null);
  return (
    <Select
      id={props.id}
      value={props.value ?? undefined}
      onChange={(v: string | undefined) => props.onChange?.(v ?? null)}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      disabled={!owner}
      loading={departments.isFetching}
      placeholder={owner ? '请选择所属部门（可不选）' : '请先选择行政区划'}
      options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
    />
  );
}
