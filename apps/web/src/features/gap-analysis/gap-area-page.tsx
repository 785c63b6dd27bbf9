import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Table } from 'antd';
import { DatabaseOutlined } from '@ant-design/icons';
import {
  AREA_KIND_NAMES,
  CATEGORY_CODES,
  CATEGORY_NAMES,
  FINDING_STATUSES,
  FINDING_STATUS_NAMES,
  type FindingStatus,
} from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { MAP_COLORS } from '../../shared/facility-vocabulary.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { STRAIGHT_LINE_NOTE } from './finding-format.tsx';
import { useGapArea, type FindingRecord, type GapArea } from './gap-analysis.api.ts';
import { useFindingColumns } from './finding-columns.tsx';
import { STATUS_RANK, worstStatus } from './finding-status.ts';
import { LocationCard } from '../../shared/location-card.tsx';

/** Drill-down: one area's findings by category, worst first, each with its rule and source. */
export function GapAreaPage() {
  const id = Number(useParams().id);
  const gap = useGapArea(id);
  if (gap.isPending) return <PageLoading />;
  if (gap.isError) return <ErrorState error={gap.error} onRetry={() => void gap.refetch()} />;
  return <GapAreaView data={gap.data} />;
}

function GapAreaView({ data }: { data: GapArea }) {
  const { area, findings } = data;
  const { hasPermission } = useAuth();
  const counts = useMemo(() => {
    const c: Record<FindingStatus, number> = { met: 0, short: 0, missing: 0 };
    for (const f of findings) c[f.status]++;
    return c;
  }, [findings]);
  const worst = worstStatus(findings);
  const points = useMemo(
    () =>
      area.lon != null && area.lat != null
        ? [
            {
              id: area.id,
              lon: area.lon,
              lat: area.lat,
              label: area.name,
              color: MAP_COLORS[worst],
              radius: 8,
            },
          ]
        : [],
    [area, worst],
  );
  const categories = CATEGORY_CODES.filter((c) => findings.some((f) => f.category === c));

  return (
    <>
      <PageHeader
        title={`${area.name}：缺口分析`}
        subtitle={
          <>
            <Link to="/gap-analysis">缺口分析</Link> / {area.districtName} {area.streetName}{' '}
            {area.regionName}
          </>
        }
        extra={
          hasPermission('ledger.read') ? (
            <Link to={`/ledger/areas/${area.id}`}>
              <Button icon={<DatabaseOutlined />}>查看台账</Button>
            </Link>
          ) : null
        }
      />
      <Alert type="info" showIcon title={STRAIGHT_LINE_NOTE} style={{ marginBottom: 16 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="小区概况">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'kind', label: '类型', children: `${AREA_KIND_NAMES[area.kind]}小区` },
                { key: 'households', label: '户数', children: area.households },
                {
                  key: 'population',
                  label: '人口',
                  children: area.population ?? '未填报（按户数估算）',
                },
                { key: 'buildYear', label: '建成年份', children: area.buildYear ?? '—' },
                { key: 'facilities', label: '关联设施', children: `${area.facilityCount} 处` },
                {
                  key: 'result',
                  label: '核算结果',
                  children: (
                    <Flex gap={8} wrap data-testid="area-gap-counts">
                      {FINDING_STATUSES.map((s) => (
                        <span key={s} style={{ color: MAP_COLORS[s] }}>
                          {FINDING_STATUS_NAMES[s]} {counts[s]} 项
                        </span>
                      ))}
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <LocationCard
            name={area.name}
            regionCode={area.regionCode}
            points={points}
            height={240}
          />
        </Col>
      </Row>
      {findings.length === 0 ? (
        <Card style={{ marginTop: 16 }}>
          <Empty description="没有适用于本小区的配建标准，或小区数据不足以核算" />
        </Card>
      ) : (
        categories.map((c) => (
          <Card key={c} title={CATEGORY_NAMES[c]} style={{ marginTop: 16 }}>
            <CategoryFindings findings={findings.filter((f) => f.category === c)} />
          </Card>
        ))
      )}
    </>
  );
}

function CategoryFindings({ findings }: { findings: FindingRecord[] }) {
  const columns = useFindingColumns({ type: 160, figures: 240, problem: 150 });
  const sorted = [...findings].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status]);
  return (
    <Table<FindingRecord>
      rowKey="ruleId"
      size="small"
      dataSource={sorted}
      pagination={false}
      aria-label="本类核算明细"
      scroll={{ x: 960 }}
      columns={columns}
    />
  );
}
