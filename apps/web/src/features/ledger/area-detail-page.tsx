import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd';
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { AREA_KIND_NAMES, type Facility, type ResidentialArea } from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { MAP_COLORS, nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import type { MapPoint } from '../../shared/region-map.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { StageStatusTags } from '../../shared/stage-status-tag.tsx';
import { AreaFormDrawer } from './area-form-drawer.tsx';
import { FacilityFormDrawer } from './facility-form-drawer.tsx';
import { LedgerLockAlert } from './ledger-lock-alert.tsx';
import { useArchiveArea, useArea, useDeleteArea, useFacilities } from './ledger.api.ts';
import { ArchivedAlert, ArchivedTag } from './archive-dialog.tsx';
import { LedgerRecordActions } from './record-actions.tsx';
import { LocationCard } from '../../shared/location-card.tsx';

/** One residential area: its record, where it is, and the facilities that serve it. */
export function AreaDetailPage() {
  const id = Number(useParams().id);
  const area = useArea(id);
  if (area.isPending) return <PageLoading />;
  if (area.isError) return <ErrorState error={area.error} onRetry={() => void area.refetch()} />;
  return <AreaDetail area={area.data} />;
}

function AreaDetail({ area }: { area: ResidentialArea }) {
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const remove = useDeleteArea();
  const archive = useArchiveArea();
  const [editing, setEditing] = useState(false);
  const [addingFacility, setAddingFacility] = useState(false);
  // An archived area shows the facilities it had, archived ones included (its history).
  const facilities = useFacilities({
    residentialAreaId: area.id,
    archived: area.archivedAt ? 'include' : undefined,
    page: 1,
    pageSize: 100,
  });

  const points = useMemo<MapPoint[]>(() => {
    const out: MapPoint[] = [];
    if (area.lon != null && area.lat != null) {
      out.push({
        id: `area-${area.id}`,
        lon: area.lon,
        lat: area.lat,
        label: area.name,
        color: MAP_COLORS.area,
        radius: 8,
      });
    }
    for (const f of facilities.data?.items ?? []) {
      if (f.lon != null && f.lat != null) {
        out.push({
          id: `facility-${f.id}`,
          lon: f.lon,
          lat: f.lat,
          label: `${nameFacilityType(f.type)}：${f.name}`,
          color: MAP_COLORS.ok,
          radius: 5,
        });
      }
    }
    return out;
  }, [area, facilities.data]);

  return (
    <>
      <PageHeader
        title={area.name}
        subtitle={
          <>
            <Link to="/ledger/areas">小区台账</Link> / {area.districtName} {area.streetName}{' '}
            {area.regionName}
          </>
        }
        extra={
          <LedgerRecordActions
            kind="area"
            record={area}
            onEdit={() => setEditing(true)}
            onArchive={(reason) =>
              archive.mutateAsync({ id: area.id, reason, version: area.version })
            }
            onDelete={() => remove.mutateAsync(area.id)}
            before={
              hasPermission('gap.read') ? (
                <Button
                  icon={<AimOutlined />}
                  onClick={() => void navigate(`/gap-analysis/areas/${area.id}`)}
                >
                  缺口分析
                </Button>
              ) : null
            }
          />
        }
      />
      {area.archivedAt ? (
        <ArchivedAlert archivedAt={area.archivedAt} reason={area.archiveReason} />
      ) : null}
      <LedgerLockAlert regionCode={area.regionCode} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="基本信息">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'name', label: '小区名称', children: area.name },
                {
                  key: 'kind',
                  label: '类型',
                  children: (
                    <Tag color={area.kind === 'new' ? 'cyan' : 'default'}>
                      {AREA_KIND_NAMES[area.kind]}小区
                    </Tag>
                  ),
                },
                { key: 'district', label: '区县', children: area.districtName },
                { key: 'street', label: '镇街', children: area.streetName },
                {
                  key: 'community',
                  label: '社区（村居）',
                  children: `${area.regionName}（${area.regionCode}）`,
                },
                { key: 'address', label: '地址', children: area.address ?? '—' },
                { key: 'households', label: '户数', children: area.households },
                {
                  key: 'population',
                  label: '人口',
                  children: area.population ?? '未填报（按户数估算）',
                },
                { key: 'buildYear', label: '建成年份', children: area.buildYear ?? '—' },
                {
                  key: 'location',
                  label: '坐标（WGS-84）',
                  children:
                    area.lon != null && area.lat != null ? (
                      `${area.lon.toFixed(6)}, ${area.lat.toFixed(6)}`
                    ) : (
                      <Typography.Text type="warning">未定位，无法核验服务半径</Typography.Text>
                    ),
                },
                { key: 'updatedAt', label: '更新时间', children: formatDateTime(area.updatedAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <LocationCard
            name={area.name}
            regionCode={area.regionCode}
            points={points}
            height={280}
          />
        </Col>
      </Row>
      <Card
        title={`配套设施（${facilities.data?.total ?? 0}）`}
        style={{ marginTop: 16 }}
        extra={
          area.abilities.addFacility ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingFacility(true)}>
              新增设施
            </Button>
          ) : null
        }
      >
        {facilities.isError ? (
          <ErrorState error={facilities.error} onRetry={() => void facilities.refetch()} />
        ) : (
          <Table<Facility>
            rowKey="id"
            size="small"
            loading={facilities.isFetching}
            dataSource={facilities.data?.items ?? []}
            pagination={false}
            aria-label="本小区的配套设施"
            scroll={{ x: 900 }}
            columns={[
              {
                title: '设施名称',
                key: 'name',
                width: 200,
                render: (_, f) => (
                  <>
                    <Link to={`/ledger/facilities/${f.id}`}>{f.name}</Link>{' '}
                    <ArchivedTag archivedAt={f.archivedAt} />
                  </>
                ),
              },
              {
                title: '类型',
                key: 'type',
                width: 140,
                render: (_, f) => nameFacilityType(f.type),
              },
              {
                title: '建筑面积（㎡）',
                key: 'floorArea',
                width: 120,
                align: 'right',
                render: (_, f) => f.floorArea ?? '—',
              },
              {
                title: '各阶段状态',
                key: 'stages',
                render: (_, f) => <StageStatusTags stages={f.stages} />,
              },
            ]}
          />
        )}
      </Card>
      {editing ? <AreaFormDrawer area={area} onClose={() => setEditing(false)} /> : null}
      {addingFacility ? (
        <FacilityFormDrawer
          facility={null}
          initialAreas={[{ id: area.id, name: area.name }]}
          onClose={() => setAddingFacility(false)}
        />
      ) : null}
    </>
  );
}
