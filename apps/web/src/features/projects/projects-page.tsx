import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Flex, Select, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  GATE_STATUSES,
  GATE_STATUS_NAMES,
  PROJECT_GATES,
  PROJECT_GATE_NAMES,
  type GateStatus,
  type ProjectGate,
} from '@zibo/shared';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionFilter, KeywordSearch } from '../../shared/list-filters.tsx';
import { DataTable, FilterBar } from '../../shared/kit/index.ts';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { AwaitingTable } from './awaiting-table.tsx';
import { GateStats } from './gate-stats.tsx';
import { formatArea, isDeveloperOnly, nameFacility } from './project-format.ts';
import { ProjectRegisterDrawer } from './project-register-drawer.tsx';
import { CurrentGateTag } from './project-tags.tsx';
import { useAwaitingProjects, useProjects, type ProjectListItem } from './projects.api.ts';
import './projects.css';

const FILTER_KEYS = ['region', 'gate', 'status', 'q'] as const;

/** Natural resources or a developer registers projects (the API refuses other departments). */
export function useMayRegister(): boolean {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  if (!hasPermission('projects.register')) return false;
  return isDeveloperOnly(user) || !!user.departmentCode?.endsWith('-natural_resources');
}

/** P7–P10 新建项目: the projects in scope, where each stands, and the counts held at each gate. */
export function ProjectsPage() {
  const user = useCurrentUser();
  const { hasPermission } = useAuth();
  const developer = isDeveloperOnly(user);
  const mayRegister = useMayRegister();
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS);
  const gate = filter.gate as ProjectGate | undefined;
  const status = filter.status as GateStatus | undefined;
  const [registering, setRegistering] = useState(false);
  const list = useProjects({
    q: filter.q,
    region: filter.region,
    gate,
    status,
    page,
    pageSize,
  });
  // Departments have their own 待我审查 page; others see what awaits them here.
  const showAwaiting = !hasPermission('projects.opine');
  const awaiting = useAwaitingProjects(showAwaiting);

  return (
    <>
      <PageHeader
        title="新建项目"
        subtitle={
          developer
            ? '本单位登记的新建居住区项目：各关口审查进度、部门意见和附加条件。'
            : '新建居住区项目逐关审查：规划、供地、协议与合同、施工许可、预售、竣工验收、移交登记、使用监管，配套设施缺项不得进入下一关口。'
        }
        extra={
          mayRegister ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
              登记项目
            </Button>
          ) : null
        }
      />
      {showAwaiting && (awaiting.data?.items.length ?? 0) > 0 ? (
        <Card size="small" title="待我办理" style={{ marginBottom: 16 }}>
          <AwaitingTable
            items={awaiting.data?.items ?? []}
            loading={awaiting.isFetching}
            label="待我办理"
            pageSize={5}
          />
        </Card>
      ) : null}
      {developer ? null : (
        <GateStats
          region={filter.region}
          selected={gate}
          onSelect={(g) => setFilter({ gate: g })}
        />
      )}
      <FilterBar label="筛选项目">
        {developer ? null : (
          <RegionFilter
            rootCode={user.regionCode}
            value={filter.region}
            onChange={(region) => setFilter({ region })}
          />
        )}
        <Select<ProjectGate>
          aria-label="当前关口"
          placeholder="当前关口（全部）"
          allowClear
          style={{ width: 220 }}
          value={gate}
          onChange={(g) => setFilter({ gate: g })}
          options={PROJECT_GATES.map((g) => ({ value: g, label: PROJECT_GATE_NAMES[g] }))}
        />
        <Select<GateStatus>
          aria-label="关口状态"
          placeholder="关口状态（全部）"
          allowClear
          style={{ width: 180 }}
          value={status}
          onChange={(s) => setFilter({ status: s })}
          options={GATE_STATUSES.map((s) => ({ value: s, label: GATE_STATUS_NAMES[s] }))}
        />
        <KeywordSearch
          placeholder="项目名称或建设单位"
          initialValue={filter.q}
          onSearch={(q) => setFilter({ q })}
        />
      </FilterBar>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DataTable<ProjectListItem>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          aria-label="项目列表"
          scroll={{ x: 1000 }}
          paging={paging(list.data?.total ?? 0)}
          unit="个项目"
          emptyText={developer ? '本单位尚无登记的项目' : '没有符合条件的项目'}
          columns={[
            {
              title: '项目',
              key: 'name',
              render: (_, p) => (
                <Flex vertical gap={2}>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <Typography.Text type="secondary">{p.developerName}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: '所在区划',
              key: 'region',
              width: 200,
              render: (_, p) =>
                [p.districtName, p.regionCode.length > 6 ? p.regionName : null]
                  .filter(Boolean)
                  .join(' · ') || p.regionCode,
            },
            {
              title: '户数',
              dataIndex: 'households',
              key: 'households',
              width: 80,
              align: 'right',
            },
            {
              title: '总建筑面积',
              key: 'floorArea',
              width: 130,
              align: 'right',
              render: (_, p) => formatArea(p.floorArea),
            },
            {
              title: '当前关口',
              key: 'gate',
              width: 220,
              render: (_, p) => (
                <CurrentGateTag gate={p.currentGate} status={p.currentGateStatus} />
              ),
            },
            {
              title: '应配建设施',
              key: 'required',
              width: 120,
              render: (_, p) => (
                <Tooltip
                  title={p.requiredFacilities.map((r) => nameFacility(r.facilityType)).join('、')}
                >
                  <span>{p.requiredFacilities.length} 类</span>
                </Tooltip>
              ),
            },
            {
              title: '登记时间',
              key: 'createdAt',
              width: 170,
              render: (_, p) => formatDateTime(p.createdAt),
            },
          ]}
        />
      )}
      {registering ? <ProjectRegisterDrawer onClose={() => setRegistering(false)} /> : null}
    </>
  );
}
