import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Flex, Select, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { AREA_KINDS, AREA_KIND_NAMES, type AreaKind, type ResidentialArea } from '@zibo/shared';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionFilter, KeywordSearch } from '../../shared/list-filters.tsx';
import { DataTable, FilterBar, type ServerPaging } from '../../shared/kit/index.ts';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { AreaFormDrawer } from './area-form-drawer.tsx';
import { LedgerLockAlert, useOwnLedgerLocked } from './ledger-lock-alert.tsx';
import { LedgerRowActions } from './record-actions.tsx';
import { useAreas, useDeleteArea } from './ledger.api.ts';
import { ArchivedFilterSelect, ArchivedTag, archivedQuery } from './archive-dialog.tsx';

const FILTER_KEYS = ['region', 'kind', 'q', 'archived'] as const;

/** P3 台账: the residential areas of the user's scope, filtered and paged by the server. */
export function AreasPage() {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('ledger.write');
  const locked = useOwnLedgerLocked(user.regionCode);
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const query = useMemo(
    () => ({
      region: filter.region,
      kind: filter.kind as AreaKind | undefined,
      q: filter.q,
      archived: archivedQuery(filter.archived),
      page,
      pageSize,
    }),
    [filter, page, pageSize],
  );
  const areas = useAreas(query);
  const [editing, setEditing] = useState<ResidentialArea | 'new' | null>(null);

  return (
    <>
      <PageHeader
        title="小区台账"
        subtitle="按数据范围列出居住小区；点击名称查看详情、位置和配套设施。"
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={locked}
              title={locked ? '台账已锁定，不能新增' : undefined}
              onClick={() => setEditing('new')}
            >
              新增小区
            </Button>
          ) : null
        }
      />
      <LedgerLockAlert regionCode={filter.region ?? user.regionCode} />
      <FilterBar label="筛选小区">
        <RegionFilter
          rootCode={user.regionCode}
          value={filter.region}
          onChange={(region) => setFilter({ region })}
          width={260}
        />
        <Select<AreaKind>
          aria-label="小区类型"
          placeholder="小区类型"
          allowClear
          style={{ width: 140 }}
          value={(filter.kind as AreaKind | undefined) ?? undefined}
          onChange={(kind) => setFilter({ kind })}
          options={AREA_KINDS.map((k) => ({ value: k, label: `${AREA_KIND_NAMES[k]}小区` }))}
        />
        <KeywordSearch
          placeholder="小区名称或地址"
          width={300}
          initialValue={filter.q}
          onSearch={(q) => setFilter({ q })}
        />
        <ArchivedFilterSelect
          value={filter.archived}
          onChange={(archived) => setFilter({ archived })}
        />
      </FilterBar>
      {areas.isError ? (
        <ErrorState error={areas.error} onRetry={() => void areas.refetch()} />
      ) : (
        <AreasTable
          areas={areas.data?.items ?? []}
          paging={paging(areas.data?.total ?? 0)}
          loading={areas.isFetching}
          onEdit={(a) => setEditing(a)}
        />
      )}
      {editing ? (
        <AreaFormDrawer
          area={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function AreasTable(props: {
  areas: ResidentialArea[];
  paging: ServerPaging;
  loading: boolean;
  onEdit: (area: ResidentialArea) => void;
}) {
  const remove = useDeleteArea();
  const showActions = props.areas.some((a) => a.abilities.update || a.abilities.delete);

  return (
    <DataTable<ResidentialArea>
      rowKey="id"
      loading={props.loading}
      dataSource={props.areas}
      aria-label="小区列表"
      scroll={{ x: 1180 }}
      paging={props.paging}
      unit="个小区"
      emptyText="没有符合条件的小区"
      columns={[
        {
          title: '小区名称',
          key: 'name',
          width: 200,
          render: (_, a) => (
            <Flex gap={4} wrap align="center">
              <Link to={`/ledger/areas/${a.id}`}>{a.name}</Link>
              <ArchivedTag archivedAt={a.archivedAt} />
              {a.lon == null ? (
                <Tooltip title="未填坐标，不在地图上显示，也无法核验服务半径">
                  <Tag color="warning">未定位</Tag>
                </Tooltip>
              ) : null}
            </Flex>
          ),
        },
        { title: '区县', dataIndex: 'districtName', key: 'district', width: 80 },
        { title: '镇街', dataIndex: 'streetName', key: 'street', width: 110 },
        { title: '社区（村居）', dataIndex: 'regionName', key: 'community', width: 140 },
        {
          title: '户数',
          dataIndex: 'households',
          key: 'households',
          width: 70,
          align: 'right',
        },
        {
          title: '人口',
          key: 'population',
          width: 70,
          align: 'right',
          render: (_, a) => a.population ?? '—',
        },
        {
          title: '建成年份',
          key: 'buildYear',
          width: 80,
          render: (_, a) => a.buildYear ?? '—',
        },
        {
          title: '类型',
          key: 'kind',
          width: 80,
          render: (_, a) => (
            <Tag color={a.kind === 'new' ? 'cyan' : 'default'}>{AREA_KIND_NAMES[a.kind]}</Tag>
          ),
        },
        {
          title: '设施数',
          dataIndex: 'facilityCount',
          key: 'facilityCount',
          width: 80,
          align: 'right',
        },
        {
          title: '更新时间',
          key: 'updatedAt',
          width: 160,
          render: (_, a) => formatDateTime(a.updatedAt),
        },
        ...(showActions
          ? [
              {
                title: '操作',
                key: 'actions',
                fixed: 'right' as const,
                width: 110,
                render: (_: unknown, a: ResidentialArea) => (
                  <LedgerRowActions
                    kind="area"
                    record={a}
                    onEdit={() => props.onEdit(a)}
                    onDelete={() => remove.mutateAsync(a.id)}
                  />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
