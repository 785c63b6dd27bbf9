import { Link } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleFilled, CloseCircleFilled, PaperClipOutlined } from '@ant-design/icons';
import {
  CONSTRUCTION_METHOD_NAMES,
  PROJECT_OWNERSHIP_NAMES,
  STAGE_STATUS_NAMES,
  type GateFacility,
} from '@zibo/shared';
import { useDepartments } from '../../api/reference.ts';
import { DataTable } from '../../shared/kit/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { StatusTag } from '../../shared/status-tag.tsx';
import {
  describeRequirement,
  formatArea,
  listEarlierRounds,
  listRoundOpinions,
  nameFacility,
  type DepartmentOpinion,
} from './project-format.ts';
import { GateStatusTag, OpinionTag } from './project-tags.tsx';
import type { ProjectDetail, ProjectGateView, ProjectInspectionView } from './projects.api.ts';
import { useCityCode } from '../../shared/session.tsx';

type Opinion = ProjectGateView['opinions'][number];
type ChecklistRow = ProjectGateView['checklist'][number];
type FileRef = { id: number; name: string };

/** Uploaded files as links that open them (readable by whoever may see the project). */
export function AttachmentLinks({ files }: { files: readonly FileRef[] }) {
  if (files.length === 0) return null;
  return (
    <Flex gap={12} wrap>
      {files.map((f) => (
        <a key={f.id} href={`/api/attachments/${f.id}`} target="_blank" rel="noreferrer">
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
    </Flex>
  );
}

function OpinionState(props: { row: DepartmentOpinion<Opinion>; gate: ProjectGateView }) {
  const { row, gate } = props;
  if (row.opinion) return <OpinionTag decision={row.opinion.decision} />;
  if (gate.status === 'open') {
    return (
      <Flex gap={4} wrap>
        <StatusTag tone="processing" label="待出具" />
        {gate.overdue ? <Tag color="error">逾期</Tag> : null}
      </Flex>
    );
  }
  if (gate.status === 'returned') return <StatusTag tone="default" label="本轮已退回，未出具" />;
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/** P7: each required department at the gate with its opinion of the latest round. */
function OpinionsTable({ gate }: { gate: ProjectGateView }) {
  const rows = listRoundOpinions(gate);
  return (
    <Table<DepartmentOpinion<Opinion>>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={rows}
      aria-label={`${gate.name}各部门意见`}
      columns={[
        {
          title: '部门',
          key: 'department',
          width: 220,
          render: (_, r) => (
            <Flex gap={4} align="center" wrap>
              <span>{r.name}</span>
              {r.code === gate.leadDepartmentCode ? <Tag color="blue">牵头</Tag> : null}
            </Flex>
          ),
        },
        {
          title: '意见',
          key: 'decision',
          width: 170,
          render: (_, r) => <OpinionState row={r} gate={gate} />,
        },
        {
          title: '意见内容',
          key: 'comment',
          render: (_, r) => r.opinion?.comment ?? '',
        },
        {
          title: '出具人 / 时间',
          key: 'at',
          width: 200,
          render: (_, r) =>
            r.opinion ? (
              <Flex vertical>
                <span>{r.opinion.actorName ?? '—'}</span>
                <Typography.Text type="secondary">{formatDateTime(r.opinion.at)}</Typography.Text>
              </Flex>
            ) : null,
        },
      ]}
    />
  );
}

function EarlierRounds({ gate }: { gate: ProjectGateView }) {
  const rounds = listEarlierRounds(gate);
  if (rounds.length === 0) return null;
  return (
    <Collapse
      size="small"
      style={{ marginTop: 12 }}
      items={rounds.map((r) => ({
        key: r.round,
        label: `第 ${r.round} 轮意见（${r.opinions.length} 个部门）`,
        children: (
          <Flex vertical gap={8}>
            {r.opinions.map((o) => (
              <Flex key={o.id} gap={8} align="baseline" wrap>
                <Typography.Text strong>{o.departmentName}</Typography.Text>
                <OpinionTag decision={o.decision} />
                <span>{o.comment}</span>
                <Typography.Text type="secondary">{formatDateTime(o.at)}</Typography.Text>
              </Flex>
            ))}
          </Flex>
        ),
      }))}
    />
  );
}

/** Per required facility: what the gate's document states, and whether it meets the requirement. */
function Checklist({ project, gate }: { project: ProjectDetail; gate: ProjectGateView }) {
  return (
    <Table<ChecklistRow>
      rowKey="facilityType"
      size="small"
      pagination={false}
      dataSource={gate.checklist}
      aria-label={`${gate.name}配建核对`}
      columns={[
        {
          title: '核对',
          key: 'ok',
          width: 90,
          render: (_, c) =>
            c.ok === true ? (
              <span className="project-checklist-ok">
                <CheckCircleFilled /> 符合
              </span>
            ) : c.ok === false ? (
              <span className="project-checklist-bad">
                <CloseCircleFilled /> 不符合
              </span>
            ) : (
              <Typography.Text type="secondary">未提交</Typography.Text>
            ),
        },
        {
          title: '设施',
          key: 'type',
          width: 150,
          render: (_, c) => nameFacility(c.facilityType),
        },
        {
          title: '配建要求',
          key: 'required',
          width: 230,
          render: (_, c) => {
            const r = project.requiredFacilities.find((x) => x.facilityType === c.facilityType);
            return r ? describeRequirement(r) : '—';
          },
        },
        {
          title: `${gate.documentName}载明`,
          key: 'stated',
          width: 200,
          render: (_, c) =>
            c.stated ? (
              <Flex vertical>
                <span>{c.stated.count} 处</span>
                <span>建筑面积 {formatArea(c.stated.floorArea)}</span>
                {c.stated.siteArea ? <span>用地面积 {formatArea(c.stated.siteArea)}</span> : null}
              </Flex>
            ) : gate.document ? (
              <Typography.Text type="danger">未载明</Typography.Text>
            ) : (
              '—'
            ),
        },
        ...(gate.checklist.some((c) => c.issues.length > 0)
          ? [
              {
                title: '问题',
                key: 'issues',
                render: (_: unknown, c: ChecklistRow) => (
                  <Flex vertical>
                    {c.issues.map((i) => (
                      <Typography.Text key={i} type="danger">
                        {i}
                      </Typography.Text>
                    ))}
                  </Flex>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The facilities exactly as the submitted document states them. */
function DocumentFacilities(props: { gate: ProjectGateView; facilities: GateFacility[] }) {
  const departments = useDepartments(useCityCode());
  const names = new Map((departments.data ?? []).map((d) => [d.code, d.name]));
  const marks =
    props.gate.gate === 'completion_review' || props.gate.gate === 'handover_registration';
  return (
    <Table<GateFacility & { key: number }>
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={props.facilities.map((f, key) => ({ ...f, key }))}
      aria-label={`${props.gate.documentName}中的配套设施`}
      scroll={{ x: 900 }}
      columns={[
        { title: '设施', key: 'type', width: 130, render: (_, f) => nameFacility(f.facilityType) },
        { title: '建筑面积', key: 'floor', width: 110, render: (_, f) => formatArea(f.floorArea) },
        { title: '用地面积', key: 'site', width: 110, render: (_, f) => formatArea(f.siteArea) },
        {
          title: '建设方式',
          key: 'method',
          width: 90,
          render: (_, f) => CONSTRUCTION_METHOD_NAMES[f.constructionMethod],
        },
        {
          title: '产权归属',
          key: 'ownership',
          width: 110,
          render: (_, f) => PROJECT_OWNERSHIP_NAMES[f.ownership],
        },
        {
          title: '移交部门 / 要求',
          key: 'handover',
          render: (_, f) => (
            <Flex vertical>
              <span>{names.get(f.handoverTo) ?? f.handoverTo}</span>
              <Typography.Text type="secondary">{f.handoverRequirement}</Typography.Text>
            </Flex>
          ),
        },
        ...(marks
          ? [
              {
                title: '状态',
                key: 'marks',
                width: 170,
                render: (_: unknown, f: GateFacility) => (
                  <Flex gap={4} wrap>
                    {props.gate.gate === 'completion_review' ? (
                      <>
                        <Tag color={f.built ? 'success' : 'error'}>
                          {f.built ? '已建成' : '未建成'}
                        </Tag>
                        <Tag color={f.accepted ? 'success' : 'error'}>
                          {f.accepted ? '已验收' : '未验收'}
                        </Tag>
                      </>
                    ) : (
                      <>
                        <Tag color={f.handedOver ? 'success' : 'error'}>
                          {f.handedOver ? '已移交' : '未移交'}
                        </Tag>
                        <Tag color={f.registered ? 'success' : 'error'}>
                          {f.registered
                            ? `已登记${f.certificateNo ? ` ${f.certificateNo}` : ''}`
                            : '未登记'}
                        </Tag>
                      </>
                    )}
                  </Flex>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** P10: the inspections of the use-supervision regime; a problem raised links to the problem ledger. */
export function InspectionsTable({ inspections }: { inspections: ProjectInspectionView[] }) {
  return (
    <DataTable<ProjectInspectionView>
      rowKey="id"
      size="small"
      pageSize={10}
      dataSource={inspections}
      aria-label="使用监管巡查记录"
      emptyText="尚无巡查记录"
      columns={[
        {
          title: '时间',
          key: 'at',
          width: 110,
          render: (_, i) => {
            const [date, time] = formatDateTime(i.at).split(' ');
            return (
              <Flex vertical>
                <span>{date}</span>
                <Typography.Text type="secondary">{time}</Typography.Text>
              </Flex>
            );
          },
        },
        { title: '设施', key: 'type', width: 120, render: (_, i) => nameFacility(i.facilityType) },
        {
          title: '使用情况',
          key: 'use',
          width: 100,
          render: (_, i) => (
            <StatusTag
              tone={i.useStatus === 'in_use' ? 'success' : 'error'}
              label={STAGE_STATUS_NAMES[i.useStatus] ?? i.useStatus}
            />
          ),
        },
        {
          title: '巡查情况',
          key: 'note',
          render: (_, i) => (
            <Flex vertical gap={4}>
              <span>{i.note}</span>
              <AttachmentLinks files={i.attachments} />
            </Flex>
          ),
        },
        { title: '巡查人', key: 'by', width: 130, render: (_, i) => i.inspectorName ?? '—' },
        {
          title: '问题',
          key: 'problem',
          width: 90,
          render: (_, i) =>
            i.problemId ? (
              <Link to={`/problems/${i.problemId}`}>问题 #{i.problemId}</Link>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
      ]}
    />
  );
}

/**
 * One gate of the project: who must sign and what each said, the document's facilities checked
 * against the required ones, and the actions the record's abilities allow.
 */
export function GateCard(props: {
  project: ProjectDetail;
  gate: ProjectGateView;
  onSubmit: () => void;
  onOpine: () => void;
  onInspect: () => void;
}) {
  const { project, gate } = props;
  const rejects = gate.opinions.filter((o) => o.round === gate.round && o.decision === 'reject');
  const waiting = gate.departments.filter((d) => !d.opined).length;
  const lead = gate.departments.find((d) => d.code === gate.leadDepartmentCode)?.name;
  const useSupervision = gate.gate === 'use_supervision';

  const actions = (
    <Flex gap={8}>
      {gate.abilities.submit ? (
        <Button type="primary" onClick={props.onSubmit}>
          {gate.status === 'returned' ? `重新提交${gate.documentName}` : `提交${gate.documentName}`}
        </Button>
      ) : null}
      {gate.abilities.opine ? (
        <Button type="primary" onClick={props.onOpine}>
          出具意见
        </Button>
      ) : null}
      {useSupervision && project.abilities.inspect ? (
        <Button type="primary" onClick={props.onInspect}>
          记录巡查
        </Button>
      ) : null}
    </Flex>
  );

  return (
    <Card
      data-testid={`gate-${gate.gate}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{gate.name}</span>
          <GateStatusTag gate={gate.gate} status={gate.status} />
          {gate.round > 0 && !useSupervision ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              第 {gate.round} 轮
            </Typography.Text>
          ) : null}
          {gate.current ? <Tag color="blue">当前关口</Tag> : null}
        </Flex>
      }
      extra={actions}
    >
      {gate.status === 'skipped' ? (
        <Empty description="本项目不在竣工验收前预售，不适用预售征求意见" />
      ) : (
        <Flex vertical gap={16}>
          {gate.status === 'returned' ? (
            <Alert
              type="error"
              showIcon
              title={`${gate.name}已退回，请根据意见修改${gate.documentName}后重新提交`}
              description={
                <Flex vertical gap={2}>
                  {rejects.map((o) => (
                    <span key={o.id}>
                      {o.departmentName}不同意：{o.comment}
                    </span>
                  ))}
                </Flex>
              }
            />
          ) : null}
          {gate.status === 'open' && gate.overdue ? (
            <Alert
              type="warning"
              showIcon
              title={`已超过意见期限 ${gate.opinionDeadline}，尚有 ${waiting} 个部门未出具意见`}
            />
          ) : null}
          {useSupervision ? (
            <>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                移交后，各类设施的主管部门对其使用情况开展巡查；闲置、挪作他用或被占用的登记为问题，进入问题台账整改。
              </Typography.Paragraph>
              <InspectionsTable inspections={project.inspections} />
            </>
          ) : (
            <>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2, xl: 3 }}
                items={[
                  { key: 'doc', label: '审查材料', children: gate.documentName },
                  { key: 'lead', label: '牵头部门', children: lead ?? '—' },
                  {
                    key: 'submitted',
                    label: '提交',
                    children: gate.document
                      ? `${gate.document.submittedByName ?? '—'} · ${formatDateTime(gate.document.submittedAt)}`
                      : '尚未提交',
                  },
                  {
                    key: 'deadline',
                    label: '意见期限',
                    children: gate.opinionDeadline ? (
                      <Flex gap={4} align="center">
                        {gate.opinionDeadline}
                        {gate.overdue ? <Tag color="error">逾期</Tag> : null}
                      </Flex>
                    ) : (
                      '—'
                    ),
                  },
                  {
                    key: 'progress',
                    label: '意见进度',
                    children:
                      gate.round > 0
                        ? `${gate.departments.length - waiting} / ${gate.departments.length} 个部门`
                        : `须 ${gate.departments.length} 个部门出具意见`,
                  },
                  {
                    key: 'passed',
                    label: '通过时间',
                    children: gate.passedAt ? formatDateTime(gate.passedAt) : '—',
                  },
                ]}
              />
              <div>
                <Typography.Title level={5}>
                  部门意见{gate.round > 0 ? `（第 ${gate.round} 轮）` : ''}
                </Typography.Title>
                {gate.departments.length === 0 ? (
                  <Typography.Text type="secondary">
                    本关口无须部门出具意见，提交即通过。
                  </Typography.Text>
                ) : (
                  <OpinionsTable gate={gate} />
                )}
                <EarlierRounds gate={gate} />
              </div>
              <div>
                <Typography.Title level={5}>配建核对</Typography.Title>
                <Checklist project={project} gate={gate} />
              </div>
              {gate.document ? (
                <Collapse
                  size="small"
                  items={[
                    {
                      key: 'document',
                      label: `${gate.documentName}（第 ${gate.document.round} 轮提交，${gate.document.facilities.length} 项设施${
                        gate.document.attachments.length
                          ? `，${gate.document.attachments.length} 个附件`
                          : ''
                      }）`,
                      children: (
                        <Flex vertical gap={8}>
                          <DocumentFacilities gate={gate} facilities={gate.document.facilities} />
                          {gate.document.note ? <div>说明：{gate.document.note}</div> : null}
                          <AttachmentLinks files={gate.document.attachments} />
                        </Flex>
                      ),
                    },
                  ]}
                />
              ) : null}
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}
