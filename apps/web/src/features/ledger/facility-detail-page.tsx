import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Card, Col, Descriptions, Row, Table, Typography } from 'antd';
import {
  CATEGORY_NAMES,
  OWNERSHIP_NAMES,
  STAGES,
  STAGE_NAMES,
  type Facility,
  type Stage,
} from '@zibo/shared';
import {
  MAP_COLORS,
  nameFacilityType,
  toneOfStageStatus,
} from '../../shared/facility-vocabulary.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import type { MapPoint } from '../../shared/region-map.tsx';
import { StageStatusTag } from '../../shared/stage-status-tag.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { FacilityFormDrawer } from './facility-form-drawer.tsx';
import { LedgerLockAlert } from './ledger-lock-alert.tsx';
import { useArchiveFacility, useDeleteFacility, useFacility } from './ledger.api.ts';
import { ArchivedAlert } from './archive-dialog.tsx';
import { LedgerRecordActions } from './record-actions.tsx';
import { LocationCard } from '../../shared/location-card.tsx';

/** One facility: its record, the four stages, where it is and the areas it serves. */
export function FacilityDetailPage() {
  const id = Number(useParams().id);
  const facility = useFacility(id);
  if (facility.isPending) return <PageLoading />;
  if (facility.isError) {
    return <ErrorState error={facility.error} onRetry={() => void facility.refetch()} />;
  }
  return <FacilityDetail facility={facility.data} />;
}

function FacilityDetail({ facility }: { facility: Facility }) {
  const remove = useDeleteFacility();
  const archive = useArchiveFacility();
  const [editing, setEditing] = useState(false);
  const hasProblem = STAGES.some((s) => toneOfStageStatus(facility.stages[s].status) === 'error');

  const points = useMemo<MapPoint[]>(
    () =>
      facility.lon != null && facility.lat != null
        ? [
            {
              id: facility.id,
              lon: facility.lon,
              lat: facility.lat,
              label: facility.name,
              color: hasProblem ? MAP_COLORS.problem : MAP_COLORS.ok,
              radius: 8,
            },
          ]
        : [],
    [facility, hasProblem],
  );

  return (
    <>
      <PageHeader
        title={facility.name}
        subtitle={
          <>
            <Link to="/ledger/facilities">设施台账</Link> / {nameFacilityType(facility.type)}
          </>
        }
        extra={
          <LedgerRecordActions
            kind="facility"
            record={facility}
            onEdit={() => setEditing(true)}
            onArchive={(reason) =>
              archive.mutateAsync({ id: facility.id, reason, version: facility.version })
            }
            onDelete={() => remove.mutateAsync(facility.id)}
          />
        }
      />
      {facility.archivedAt ? (
        <ArchivedAlert archivedAt={facility.archivedAt} reason={facility.archiveReason} />
      ) : null}
      <LedgerLockAlert regionCode={facility.regionCode} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="基本信息">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'type', label: '设施类型', children: nameFacilityType(facility.type) },
                { key: 'category', label: '类别', children: CATEGORY_NAMES[facility.category] },
                {
                  key: 'areas',
                  label: '服务小区',
                  span: 2,
                  children: facility.residentialAreas.map((a, i) => (
                    <span key={a.id}>
                      {i > 0 ? '、' : null}
                      <Link to={`/ledger/areas/${a.id}`}>{a.name}</Link>
                    </span>
                  )),
                },
                {
                  key: 'floorArea',
                  label: '建筑面积',
                  children: facility.floorArea != null ? `${facility.floorArea} ㎡` : '未填报',
                },
                {
                  key: 'siteArea',
                  label: '占地面积',
                  children: facility.siteArea != null ? `${facility.siteArea} ㎡` : '未填报',
                },
                {
                  key: 'ownership',
                  label: '产权归属',
                  children: facility.ownership ? OWNERSHIP_NAMES[facility.ownership] : '—',
                },
                { key: 'operator', label: '运营单位', children: facility.operator ?? '—' },
                {
                  key: 'location',
                  label: '坐标（WGS-84）',
                  children:
                    facility.lon != null && facility.lat != null ? (
                      `${facility.lon.toFixed(6)}, ${facility.lat.toFixed(6)}`
                    ) : (
                      <Typography.Text type="warning">未定位</Typography.Text>
                    ),
                },
                {
                  key: 'updatedAt',
                  label: '更新时间',
                  children: formatDateTime(facility.updatedAt),
                },
              ]}
            />
          </Card>
          <Card title="四个阶段" style={{ marginTop: 16 }}>
            <Table<{ stage: Stage }>
              rowKey="stage"
              size="small"
              pagination={false}
              aria-label="各阶段状态"
              dataSource={STAGES.map((stage) => ({ stage }))}
              columns={[
                { title: '阶段', key: 'stage', width: 80, render: (_, r) => STAGE_NAMES[r.stage] },
                {
                  title: '状态',
                  key: 'status',
                  width: 140,
                  render: (_, r) => <StageStatusTag status={facility.stages[r.stage].status} />,
                },
                {
                  title: '说明',
                  key: 'note',
                  render: (_, r) => facility.stages[r.stage].note ?? '—',
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <LocationCard
            name={facility.name}
            regionCode={facility.regionCode}
            points={points}
            height={320}
          />
        </Col>
      </Row>
      {editing ? (
        <FacilityFormDrawer facility={facility} onClose={() => setEditing(false)} />
      ) : null}
    </>
  );
}
