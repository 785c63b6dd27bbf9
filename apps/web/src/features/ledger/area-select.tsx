import { useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import { useAreas } from './ledger.api.ts';

export type AreaOption = { id: number; name: string; hint?: string };

/**
 * Picks one or more residential areas by name, searching the server as the user types (a
 * district has thousands). The areas already chosen keep their names while not in the results.
 */
export function AreaSelect(props: {
  value?: number[];
  onChange?: (ids: number[]) => void;
  initialAreas?: readonly AreaOption[];
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);
  const areas = useAreas({ q: debounced || undefined, page: 1, pageSize: 30 });
  const [known, setKnown] = useState<Map<number, AreaOption>>(
    () => new Map((props.initialAreas ?? []).map((a) => [a.id, a])),
  );
  useEffect(() => {
    const items = areas.data?.items;
    if (!items?.length) return;
    setKnown((prev) => {
      const next = new Map(prev);
      for (const a of items) {
        next.set(a.id, { id: a.id, name: a.name, hint: `${a.streetName} ${a.regionName}` });
      }
      return next;
    });
  }, [areas.data]);

  const options = useMemo(() => {
    const shown = new Map<number, AreaOption>();
    for (const id of props.value ?? []) {
      const a = known.get(id);
      if (a) shown.set(id, a);
    }
    for (const a of areas.data?.items ?? []) shown.set(a.id, known.get(a.id) ?? a);
    return [...shown.values()].map((a) => ({
      value: a.id,
      label: a.name,
      hint: a.hint ?? '',
      title: a.hint ? `${a.name}（${a.hint}）` : a.name,
    }));
  }, [areas.data, known, props.value]);

  return (
    <Select<number[]>
      id={props.id}
      mode="multiple"
      value={props.value ?? []}
      onChange={(ids) => props.onChange?.(ids)}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onBlur={() => setSearch('')}
      loading={areas.isFetching}
      placeholder="输入小区名称查找"
      notFoundContent={areas.isFetching ? '正在查找…' : '没有匹配的小区'}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label}
          {o.data.hint ? (
            <span style={{ color: '#8c8c8c', marginInlineStart: 8 }}>{o.data.hint}</span>
          ) : null}
        </span>
      )}
    />
  );
}
