import { useQuery } from '@tanstack/react-query';
import { Card, Segmented, Typography } from 'antd';
import { DataTable } from '../../shared/kit/index.ts';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { ErrorState } from '../../shared/states.tsx';

type Row = {
  code: string;
  name: string | null;
  type: string;
  planned: number;
  planChanged: number;
  notPlanned: number;
  built: number;
  builtShort: number;
  underConstruction: number;
  notStarted: number;
  unrecorded: number;
};

/** P6: planned sites of the special plans against what has been built, by district or street. */
export function PlannedSitesCard({ region }: { region: string | undefined }) {
  const [groupBy, setGroupBy] = useState<'district' | 'street'>('district');
  const query = useQuery({
    queryKey: ['ledger', 'planned-sites', region, groupBy],
    queryFn: ({ signal }) =>
      api.get<{ rows: Row[] }>('/ledger/planned-sites', { region, groupBy }, signal),
  });
  return (
    <Card
      title="规划落实（专项规划确定的设施建设情况）"
      style={{ marginTop: 16 }}
      extra={
        <Segmented
          value={groupBy}
          onChange={(v) => setGroupBy(v as 'district' | 'street')}
          options={[
            { value: 'district', label: '按区县' },
            { value: 'street', label: '按镇街' },
          ]}
        />
      }
    >
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        已建成、建成面积不足、在建、未开工、未填报只统计专项规划确定的设施，合计等于“已规划”；规划变更和未规划的设施单列，不计入建设情况。
      </Typography.Paragraph>
      <DataTable<Row>
        aria-label="规划落实"
        size="small"
        loading={query.isPending}
        rowKey={(r) => `${r.code}:${r.type}`}
        dataSource={query.data?.rows ?? []}
        pageSize={10}
        columns={[
          {
            title: groupBy === 'district' ? '区县' : '镇街',
            dataIndex: 'name',
            render: (v: string | null, r) => v ?? r.code,
          },
          { title: '设施类型', dataIndex: 'type', render: (t: string) => nameFacilityType(t) },
          { title: '已规划', dataIndex: 'planned', align: 'right' },
          { title: '已建成', dataIndex: 'built', align: 'right' },
          { title: '建成面积不足', dataIndex: 'builtShort', align: 'right' },
          { title: '在建', dataIndex: 'underConstruction', align: 'right' },
          {
            title: '未开工',
            dataIndex: 'notStarted',
            align: 'right',
            render: (n: number) =>
              n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n,
          },
          { title: '未填报', dataIndex: 'unrecorded', align: 'right' },
          {
            title: '规划变更 / 未规划',
            key: 'changed',
            align: 'right',
            render: (_: unknown, r) => `${r.planChanged} / ${r.notPlanned}`,
          },
        ]}
      />
    </Card>
  );
}
