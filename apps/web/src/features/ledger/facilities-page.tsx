import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Select, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  STAGES,
  STAGE_NAMES,
  type CategoryCode,
  type Facility,
  type FacilityTypeCode,
  type Stage,
} from '@zibo/shared';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { buildStageStatusGroups, nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { CategoryTypeFilters, RegionFilter, KeywordSearch } from '../../shared/list-filters.tsx';
import { StageStatusTag } from '../../shared/stage-status-tag.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { DataTable, FilterBar, type ServerPaging } from '../../shared/kit/index.ts';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { FacilityFormDrawer } from './facility-form-drawer.tsx';
import { LedgerLockAlert, useOwnLedgerLocked } from './ledger-lock-alert.tsx';
import { LedgerRowActions } from './record-actions.tsx';
import { useDeleteFacility, useFacilities } from './ledger.api.ts';
import { ArchivedFilterSelect, ArchivedTag, archivedQuery } from './archive-dialog.tsx';

const FILTER_KEYS = ['region', 'category', 'type', 'stageStatus', 'q', 'archived'] as const;

/** P3 台账: the facilities of the user's scope (region × categories), paged by the server. */
export function FacilitiesPage() {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  const canWrite = hasPermission('ledger.write');
  const locked = useOwnLedgerLocked(user.regionCode);
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const category = filter.category as CategoryCode | undefined;
  const [stage, status] = (filter.stageStatus ?? '').split(':') as [Stage | '', string | undefined];
  const query = useMemo(
    () => ({
      region: filter.region,
      category,
      type: filter.type as FacilityTypeCode | undefined,
      stage: stage || undefined,
      status,
      q: filter.q,
      archived: archivedQuery(filter.archived),
      page,
      pageSize,
    }),
    [filter, category, stage, status, page, pageSize],
  );
  const facilities = useFacilities(query);
  const [editing, setEditing] = useState<Facility | 'new' | null>(null);

  return (
    <>
      <PageHeader
        title="设施台账"
        subtitle="配套设施按规划、建设、移交、使用四个阶段登记状态；红色为存在问题的状态。"
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={locked}
              title={locked ? '台账已锁定，不能新增' : undefined}
              onClick={() => setEditing('new')}
            >
              新增设施
            </Button>
          ) : null
        }
      />
      <LedgerLockAlert regionCode={filter.region ?? user.regionCode} />
      <FilterBar label="筛选设施">
        <RegionFilter
          rootCode={user.regionCode}
          value={filter.region}
          onChange={(region) => setFilter({ region })}
        />
        <CategoryTypeFilters
          within={user.categories}
          category={category}
          type={filter.type as FacilityTypeCode | undefined}
          onChange={(next) => setFilter({ category: next.category, type: next.type })}
        />
        <Select<string>
          aria-label="阶段/状态"
          placeholder="阶段/状态"
          allowClear
          style={{ width: 200 }}
          popupMatchSelectWidth={false}
          value={filter.stageStatus}
          onChange={(stageStatus) => setFilter({ stageStatus })}
          options={buildStageStatusGroups()}
        />
        <KeywordSearch
          placeholder="设施名称"
          initialValue={filter.q}
          onSearch={(q) => setFilter({ q })}
        />
        <ArchivedFilterSelect
          value={filter.archived}
          onChange={(archived) => setFilter({ archived })}
        />
      </FilterBar>
      {facilities.isError ? (
        <ErrorState error={facilities.error} onRetry={() => void facilities.refetch()} />
      ) : (
        <FacilitiesTable
          facilities={facilities.data?.items ?? []}
          paging={paging(facilities.data?.total ?? 0)}
          loading={facilities.isFetching}
          onEdit={setEditing}
        />
      )}
      {editing ? (
        <FacilityFormDrawer
          facility={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function FacilitiesTable(props: {
  facilities: Facility[];
  paging: ServerPaging;
  loading: boolean;
  onEdit: (f: Facility) => void;
}) {
  const remove = useDeleteFacility();
  const showActions = props.facilities.some((f) => f.abilities.update || f.abilities.delete);

  return (
    <DataTable<Facility>
      rowKey="id"
      loading={props.loading}
      dataSource={props.facilities}
      aria-label="设施列表"
      scroll={{ x: 1150 }}
      paging={props.paging}
      unit="处设施"
      columns={[
        {
          title: '设施名称',
          key: 'name',
          width: 200,
          fixed: 'left',
          render: (_, f) => (
            <>
              <Link to={`/ledger/facilities/${f.id}`}>{f.name}</Link>{' '}
              <ArchivedTag archivedAt={f.archivedAt} />
            </>
          ),
        },
        {
          title: '设施类型',
          key: 'type',
          width: 130,
          render: (_, f) => nameFacilityType(f.type),
        },
        {
          title: '服务小区',
          key: 'areas',
          width: 170,
          ellipsis: true,
          render: (_, f) => f.residentialAreas.map((a) => a.name).join('、'),
        },
        {
          title: '建筑面积（㎡）',
          key: 'floorArea',
          width: 110,
          align: 'right',
          render: (_, f) => f.floorArea ?? '—',
        },
        // One column per stage (P3): a clerk scans a stage down the page for the red ones.
        ...STAGES.map((stage) => ({
          title: STAGE_NAMES[stage],
          key: stage,
          width: stage === 'construction' ? 120 : 100,
          render: (_: unknown, f: Facility) => {
            const entry = f.stages[stage];
            const tag = <StageStatusTag status={entry.status} />;
            return entry.note ? (
              <Tooltip title={entry.note}>
                <span>{tag}</span>
              </Tooltip>
            ) : (
              tag
            );
          },
        })),
        ...(showActions
          ? [
              {
                title: '操作',
                key: 'actions',
                fixed: 'right' as const,
                width: 120,
                render: (_: unknown, f: Facility) => (
                  <LedgerRowActions
                    kind="facility"
                    record={f}
                    onEdit={() => props.onEdit(f)}
                    onDelete={() => remove.mutateAsync(f.id)}
                  />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
