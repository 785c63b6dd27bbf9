import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Row,
  Steps,
  Table,
  Timeline,
  Typography,
} from 'antd';
import {
  OPINION_DECISION_NAMES,
  PROJECT_EVENT_NAMES,
  PROJECT_GATES,
  PROJECT_GATE_NAMES,
  type FacilityTypeCode,
  type OpinionDecision,
  type ProjectGate,
} from '@zibo/shared';
import { formatDateTime, formatDay } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { AdjustRequiredDrawer } from './adjust-required-drawer.tsx';
import { ConditionAnswerDialog, ConditionDecisionDialog } from './condition-dialogs.tsx';
import { AttachmentLinks, GateCard } from './gate-card.tsx';
import { GateSubmitDrawer } from './gate-submit-drawer.tsx';
import { InspectionDialog } from './inspection-dialog.tsx';
import { OpinionDialog } from './opinion-dialog.tsx';
import { ProjectEditDrawer } from './project-edit-drawer.tsx';
import { formatArea, nameFacility, toStepStatus } from './project-format.ts';
import { ConditionStatusTag, CurrentGateTag, RequiredFacilitiesTable } from './project-tags.tsx';
import {
  useProject,
  type ProjectConditionView,
  type ProjectDetail,
  type ProjectEventView,
  type ProjectGateView,
} from './projects.api.ts';
import './projects.css';

/** One project: its gates as a timeline, the selected gate's review, conditions and history. */
export function ProjectDetailPage() {
  const id = Number(useParams().id);
  const project = useProject(id);
  if (project.isPending) return <PageLoading />;
  if (project.isError)
    return <ErrorState error={project.error} onRetry={() => void project.refetch()} />;
  return <ProjectDetailView project={project.data} />;
}

type Dialog =
  | { kind: 'submit'; gate: ProjectGate }
  | { kind: 'opine'; gate: ProjectGate }
  | { kind: 'inspect' }
  | { kind: 'adjust' }
  | { kind: 'edit' }
  | { kind: 'answer'; conditionId: number }
  | { kind: 'decide'; conditionId: number };

function stepContent(g: ProjectGateView): string {
  switch (g.status) {
    case 'passed':
      return g.passedAt ? `${formatDay(g.passedAt)} 通过` : '已通过';
    case 'open':
      if (g.gate === 'use_supervision') return '监管中';
      return g.opinionDeadline
        ? `意见 ${g.departments.filter((d) => d.opined).length}/${g.departments.length} · ${g.opinionDeadline} 前`
        : '审查中';
    case 'returned':
      return '已退回';
    case 'skipped':
      return '不适用';
    case 'pending':
      return '待提交';
  }
}

function ProjectDetailView({ project }: { project: ProjectDetail }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get('gate') as ProjectGate | null;
  const selected =
    project.gates.find((g) => g.gate === requested) ??
    project.gates.find((g) => g.gate === project.currentGate) ??
    project.gates[0]!;
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const gateOf = (gate: ProjectGate) => project.gates.find((g) => g.gate === gate)!;
  const conditionOf = (id: number) => project.conditions.find((c) => c.id === id);
  const selectGate = (gate: ProjectGate) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('gate', gate);
        return next;
      },
      { replace: true },
    );

  const region = [project.districtName, project.regionCode.length > 6 ? project.regionName : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <>
      <PageHeader
        title={project.name}
        subtitle={
          <Flex gap={8} wrap align="center">
            <Link to="/projects">新建项目</Link>
            <span>/</span>
            <span>{region}</span>
            <CurrentGateTag gate={project.currentGate} status={project.currentGateStatus} />
          </Flex>
        }
        extra={
          <>
            {project.abilities.update ? (
              <Button onClick={() => setDialog({ kind: 'edit' })}>修改项目信息</Button>
            ) : null}
            {project.abilities.adjustRequired ? (
              <Button onClick={() => setDialog({ kind: 'adjust' })}>调整配建要求</Button>
            ) : null}
            {project.abilities.inspect && selected.gate !== 'use_supervision' ? (
              <Button onClick={() => setDialog({ kind: 'inspect' })}>使用监管巡查</Button>
            ) : null}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'developer', label: '建设单位', children: project.developerName },
            {
              key: 'account',
              label: '建设单位账号',
              children: project.developerAccountName ?? '未关联',
            },
            { key: 'region', label: '所在区划', children: region || project.regionCode },
            { key: 'households', label: '户数', children: `${project.households} 户` },
            {
              key: 'population',
              label: '人口',
              children: project.population ? `${project.population} 人` : '按户数估算',
            },
            { key: 'land', label: '用地面积', children: formatArea(project.landArea) },
            { key: 'floor', label: '总建筑面积', children: formatArea(project.floorArea) },
            {
              key: 'presale',
              label: '竣工验收前预售',
              children: project.presaleBeforeCompletion ? '是（须征求意见）' : '否',
            },
            {
              key: 'location',
              label: '坐标（WGS-84）',
              children: `${project.lon.toFixed(5)}, ${project.lat.toFixed(5)}`,
            },
            {
              key: 'phases',
              label: '分期',
              children: project.phases.length
                ? project.phases
                    .map((p) => `${p.name}${p.households ? ` ${p.households} 户` : ''}`)
                    .join('；')
                : '不分期',
            },
            { key: 'created', label: '登记时间', children: formatDateTime(project.createdAt) },
          ]}
        />
      </Card>
      <Card
        size="small"
        title="审查进度"
        style={{ marginBottom: 16 }}
        extra={
          <Typography.Text type="secondary">
            标“当前关口”的是项目所处关口；带框的是正在查看的关口，点击其他关口可查看
          </Typography.Text>
        }
      >
        <Steps
          className="project-steps"
          size="small"
          titlePlacement="vertical"
          // The project's actual gate is "current"; the gate the user opened is only selected.
          current={PROJECT_GATES.indexOf(project.currentGate)}
          onChange={(i) => {
            const gate = PROJECT_GATES[i];
            if (gate) selectGate(gate);
          }}
          aria-label="审查进度"
          items={project.gates.map((g) => {
            const isCurrent = g.gate === project.currentGate;
            const isSelected = g.gate === selected.gate;
            return {
              key: g.gate,
              title: g.name,
              subTitle: isCurrent ? '当前关口' : undefined,
              // A current gate not yet submitted still shows as in progress, not as waiting.
              status: isCurrent && g.status === 'pending' ? 'process' : toStepStatus(g.status),
              disabled: g.status === 'skipped',
              className: isSelected ? 'project-step-selected' : undefined,
              content: (
                <span
                  data-testid={`step-${g.gate}`}
                  data-status={g.status}
                  data-current={isCurrent ? 'true' : undefined}
                  data-selected={isSelected ? 'true' : undefined}
                >
                  {stepContent(g)}
                  {isSelected ? <span className="project-step-viewing">正在查看</span> : null}
                </span>
              ),
            };
          })}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <GateCard
            project={project}
            gate={selected}
            onSubmit={() => setDialog({ kind: 'submit', gate: selected.gate })}
            onOpine={() => setDialog({ kind: 'opine', gate: selected.gate })}
            onInspect={() => setDialog({ kind: 'inspect' })}
          />
        </Col>
        <Col xs={24} xl={7}>
          <Card
            title={`办理记录（${project.events.length}）`}
            size="small"
            styles={{ body: { maxHeight: 720, overflowY: 'auto', paddingTop: 16 } }}
          >
            <ProjectTimeline events={project.events} />
          </Card>
        </Col>
      </Row>
      <Card
        title={`应配建设施（${project.requiredFacilities.length} 类）`}
        style={{ marginTop: 16 }}
        extra={
          <Typography.Text type="secondary">
            {project.requiredAdjusted
              ? '已由自然资源部门调整，理由见办理记录'
              : '按登记时的现行配建标准计算'}
          </Typography.Text>
        }
      >
        <RequiredFacilitiesTable facilities={project.requiredFacilities} />
      </Card>
      {project.conditions.length > 0 ? (
        <ConditionsCard
          project={project}
          onAnswer={(c) => setDialog({ kind: 'answer', conditionId: c.id })}
          onDecide={(c) => setDialog({ kind: 'decide', conditionId: c.id })}
        />
      ) : null}
      {dialog?.kind === 'submit' ? (
        <GateSubmitDrawer
          project={project}
          gate={gateOf(dialog.gate)}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'opine' ? (
        <OpinionDialog
          project={project}
          gate={gateOf(dialog.gate)}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'inspect' ? (
        <InspectionDialog project={project} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <ProjectEditDrawer project={project} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'adjust' ? (
        <AdjustRequiredDrawer project={project} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'answer' && conditionOf(dialog.conditionId) ? (
        <ConditionAnswerDialog
          project={project}
          condition={conditionOf(dialog.conditionId)!}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'decide' && conditionOf(dialog.conditionId) ? (
        <ConditionDecisionDialog
          project={project}
          condition={conditionOf(dialog.conditionId)!}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}

/** P7: conditions of approvals, each checked by the gate it is due at, with the developer's answers. */
function ConditionsCard(props: {
  project: ProjectDetail;
  onAnswer: (c: ProjectConditionView) => void;
  onDecide: (c: ProjectConditionView) => void;
}) {
  const open = props.project.conditions.filter(
    (c) => c.status === 'open' || c.status === 'answered',
  ).length;
  return (
    <Card
      title={`附加条件（${props.project.conditions.length} 项${open ? `，${open} 项待落实` : ''}）`}
      style={{ marginTop: 16 }}
    >
      <Table<ProjectConditionView>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={props.project.conditions}
        aria-label="附加条件"
        columns={[
          {
            title: '提出部门 / 关口',
            key: 'from',
            width: 190,
            render: (_, c) => (
              <Flex vertical>
                <span>{c.departmentName}</span>
                <Typography.Text type="secondary">{PROJECT_GATE_NAMES[c.gate]}</Typography.Text>
              </Flex>
            ),
          },
          { title: '条件', dataIndex: 'text', key: 'text' },
          {
            title: '落实时限',
            key: 'due',
            width: 150,
            render: (_, c) => `${PROJECT_GATE_NAMES[c.dueGate]}前`,
          },
          {
            title: '状态',
            key: 'status',
            width: 130,
            render: (_, c) => <ConditionStatusTag status={c.status} />,
          },
          {
            title: '答复与确认',
            key: 'answer',
            width: 300,
            render: (_, c) => (
              <Flex vertical gap={4}>
                {c.answer ? (
                  <span>
                    答复：{c.answer}
                    {c.answeredAt ? (
                      <Typography.Text type="secondary">
                        （{formatDateTime(c.answeredAt)}）
                      </Typography.Text>
                    ) : null}
                  </span>
                ) : null}
                <AttachmentLinks files={c.answerAttachments} />
                {c.decisionComment ? <span>确认意见：{c.decisionComment}</span> : null}
              </Flex>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 110,
            render: (_, c) => (
              <Flex gap={4} wrap>
                {c.abilities.answer ? (
                  <Button size="small" type="primary" onClick={() => props.onAnswer(c)}>
                    答复
                  </Button>
                ) : null}
                {c.abilities.decide ? (
                  <Button size="small" type="primary" onClick={() => props.onDecide(c)}>
                    确认落实
                  </Button>
                ) : null}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

const EVENT_COLORS: Record<string, string> = {
  register: 'blue',
  submit: 'blue',
  pass: 'green',
  return: 'red',
  condition_resolve: 'green',
  condition_reopen: 'red',
  adjust_required: 'purple',
};

function eventColor(e: ProjectEventView): string {
  if (e.action === 'opinion') {
    const decision = (e.data as { decision?: OpinionDecision } | null)?.decision;
    return decision === 'reject'
      ? 'red'
      : decision === 'approve_with_conditions'
        ? 'orange'
        : 'green';
  }
  return EVENT_COLORS[e.action] ?? 'gray';
}

/** What an adjustment of the required facilities changed (the event's data), by facility name. */
function AdjustmentSummary({ data }: { data: unknown }) {
  const d = (data ?? {}) as { changed?: FacilityTypeCode[]; removed?: FacilityTypeCode[] };
  const parts = [
    d.changed?.length ? `调整：${d.changed.map(nameFacility).join('、')}` : null,
    d.removed?.length ? `取消：${d.removed.map(nameFacility).join('、')}` : null,
  ].filter(Boolean);
  return parts.length ? (
    <Typography.Text type="secondary">{parts.join('；')}</Typography.Text>
  ) : null;
}

/** The project's history, newest first: who did what at which gate, when, and why. */
function ProjectTimeline({ events }: { events: ProjectEventView[] }) {
  return (
    <Timeline
      items={[...events].reverse().map((e) => {
        const decision =
          e.action === 'opinion'
            ? (e.data as { decision?: OpinionDecision } | null)?.decision
            : undefined;
        return {
          key: e.id,
          color: eventColor(e),
          content: (
            <Flex vertical gap={2}>
              <span>
                <strong>{PROJECT_EVENT_NAMES[e.action] ?? e.action}</strong>
                {e.gate ? ` · ${PROJECT_GATE_NAMES[e.gate]}` : ''}
                {e.round ? `（第 ${e.round} 轮）` : ''}
              </span>
              <Typography.Text type="secondary">
                {[e.actorName, formatDateTime(e.at)].filter(Boolean).join(' · ')}
              </Typography.Text>
              {decision ? (
                <span>
                  {OPINION_DECISION_NAMES[decision]}
                  {e.comment && e.comment !== OPINION_DECISION_NAMES[decision]
                    ? `：${e.comment}`
                    : ''}
                </span>
              ) : e.comment ? (
                <span>{e.comment}</span>
              ) : null}
              {e.action === 'adjust_required' ? <AdjustmentSummary data={e.data} /> : null}
              <AttachmentLinks files={e.attachments} />
            </Flex>
          ),
        };
      })}
    />
  );
}
