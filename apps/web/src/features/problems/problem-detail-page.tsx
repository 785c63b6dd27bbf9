import { Link, useParams } from 'react-router';
import {
  Alert,
  Card,
  Col,
  Collapse,
  Descriptions,
  Empty,
  Flex,
  Row,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  CATEGORIES,
  CATEGORY_NAMES,
  DEPARTMENT_KIND_NAMES,
  PROBLEM_SOURCE_NAMES,
  STAGE_NAMES,
} from '@zibo/shared';
import dayjs from 'dayjs';
import { useAuth } from '../../shared/session.tsx';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { StatusTag } from '../../shared/status-tag.tsx';
import {
  EXTENSION_STATUS_NAMES,
  PLAN_STATUS_NAMES,
  PLAN_STATUS_TONES,
  countDaysLeft,
  formatProblemPlace,
} from './problem-format.ts';
import { ProblemActions } from './problem-actions.tsx';
import { DeadlineText, ProblemProgress, ProblemTags } from './problem-tags.tsx';
import { AttachmentList, ProblemTimeline } from './problem-timeline.tsx';
import {
  useProblem,
  type ProblemDetail,
  type ProblemExtension,
  type ProblemPlan,
} from './problems.api.ts';
import './problems.css';

/** One problem: where it stands, its plan(s), its timeline, and what the user may do next. */
export function ProblemDetailPage() {
  const id = Number(useParams().id);
  const problem = useProblem(id);
  if (problem.isPending) return <PageLoading />;
  if (problem.isError)
    return <ErrorState error={problem.error} onRetry={() => void problem.refetch()} />;
  return <ProblemDetailView problem={problem.data} />;
}

function leadDepartmentOf(problem: ProblemDetail): string {
  const kind = CATEGORIES.find((c) => c.code === problem.category)?.leadDepartmentKind;
  return kind ? DEPARTMENT_KIND_NAMES[kind] : '—';
}

function ProblemDetailView({ problem }: { problem: ProblemDetail }) {
  const { hasPermission } = useAuth();
  const instructions = problem.events.filter((e) => e.action === 'instruct');
  const latestReturn = [...problem.events]
    .reverse()
    .find((e) => e.action === 'returned' || e.action === 'reject_plan');
  const today = dayjs().format('YYYY-MM-DD');
  const daysLeft =
    problem.deadline && problem.status !== 'closed' ? countDaysLeft(problem.deadline, today) : null;

  return (
    <>
      <PageHeader
        title={`#${problem.id} ${problem.title}`}
        subtitle={
          <Flex gap={8} wrap align="center">
            <Link to="/problems">问题台账</Link>
            <span>/</span>
            <span>{formatProblemPlace(problem)}</span>
            <span data-testid="problem-status">
              <ProblemTags problem={problem} />
            </span>
          </Flex>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="center" gap={16} wrap>
          <Typography.Text type="secondary">
            当前状态：<Typography.Text strong>{problem.statusName}</Typography.Text>
            {problem.status === 'closure_requested' ? '，待主管部门核验销号' : null}
            {problem.status === 'planned' ? '，待审批整治方案' : null}
          </Typography.Text>
          <ProblemActions problem={problem} />
        </Flex>
      </Card>
      {instructions.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="领导批示"
          description={
            <Flex vertical gap={4}>
              {instructions.map((e) => (
                <div key={e.id}>
                  {e.comment}
                  <Typography.Text type="secondary">
                    {' '}
                    —— {e.actorName}，{formatDateTime(e.at)}
                  </Typography.Text>
                </div>
              ))}
            </Flex>
          }
        />
      ) : null}
      {latestReturn && problem.status === 'in_progress' && latestReturn.action === 'returned' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={`不予销号：${latestReturn.comment ?? ''}`}
          description={`${latestReturn.actorName ?? ''} 于 ${formatDateTime(latestReturn.at)} 退回，请整改后重新申请销号。`}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title="基本情况" style={{ height: '100%' }}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: 'area',
                  label: '小区',
                  children:
                    problem.residentialAreaId && hasPermission('ledger.read') ? (
                      <Link to={`/ledger/areas/${problem.residentialAreaId}`}>
                        {problem.areaName}
                      </Link>
                    ) : problem.projectId ? (
                      // P10: a project inspection's problem: the new residential area is the project.
                      <Link to={`/projects/${problem.projectId}`}>
                        {problem.areaName ?? '新建居住区项目'}（查看项目）
                      </Link>
                    ) : (
                      (problem.areaName ?? '—')
                    ),
                },
                ...(problem.projectId && problem.residentialAreaId
                  ? [
                      {
                        key: 'project',
                        label: '所属项目',
                        children: <Link to={`/projects/${problem.projectId}`}>查看项目</Link>,
                      },
                    ]
                  : []),
                { key: 'place', label: '所在区划', children: formatProblemPlace(problem) },
                { key: 'district', label: '责任区县', children: problem.districtName ?? '—' },
                { key: 'lead', label: '主管部门', children: leadDepartmentOf(problem) },
                { key: 'category', label: '设施类别', children: CATEGORY_NAMES[problem.category] },
                {
                  key: 'type',
                  label: '设施类型',
                  children: nameFacilityType(problem.facilityType),
                },
                { key: 'stage', label: '阶段', children: `${STAGE_NAMES[problem.stage]}阶段` },
                { key: 'source', label: '来源', children: PROBLEM_SOURCE_NAMES[problem.source] },
                { key: 'campaign', label: '专项整治', children: problem.campaign ?? '—' },
                {
                  key: 'rule',
                  label: '依据标准',
                  children: problem.ruleId
                    ? `${problem.ruleId}${problem.ruleVersion ? ` v${problem.ruleVersion}` : ''}`
                    : '—',
                },
                { key: 'created', label: '登记时间', children: formatDateTime(problem.createdAt) },
                {
                  key: 'closed',
                  label: '销号时间',
                  children: problem.closedAt ? formatDateTime(problem.closedAt) : '—',
                },
                {
                  key: 'description',
                  label: '问题描述',
                  span: 'filled',
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{problem.description}</span>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title="整改进度" style={{ height: '100%' }}>
            <Flex vertical gap={12}>
              <ProblemProgress problem={problem} />
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'deadline',
                    label: '完成时限',
                    children: <DeadlineText problem={problem} />,
                  },
                  {
                    key: 'left',
                    label: '剩余时间',
                    children:
                      daysLeft === null ? (
                        '—'
                      ) : daysLeft < 0 ? (
                        <Typography.Text type="danger">已逾期 {-daysLeft} 天</Typography.Text>
                      ) : (
                        `${daysLeft} 天`
                      ),
                  },
                  { key: 'status', label: '状态', children: problem.statusName },
                ]}
              />
            </Flex>
          </Card>
        </Col>
      </Row>
      <Card title="整治方案" style={{ marginTop: 16 }}>
        {problem.plans.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description="尚未报送整治方案（明确整治措施、牵头单位、责任单位和完成时限）"
          />
        ) : (
          <Collapse
            defaultActiveKey={[String(problem.plans[0]?.id)]}
            items={problem.plans.map((plan) => ({
              key: String(plan.id),
              label: (
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>第 {plan.revision} 版</Typography.Text>
                  <StatusTag
                    tone={PLAN_STATUS_TONES[plan.status]}
                    label={PLAN_STATUS_NAMES[plan.status]}
                  />
                  {plan.oneCaseOnePlan ? <Tag color="purple">一事一案</Tag> : null}
                  <Typography.Text type="secondary">
                    报送于 {formatDateTime(plan.submittedAt)}，完成时限 {plan.deadline}
                  </Typography.Text>
                </Flex>
              ),
              children: <PlanView plan={plan} />,
            }))}
          />
        )}
      </Card>
      {problem.extensions.length ? (
        <Card title="延期申请" style={{ marginTop: 16 }}>
          <ExtensionsTable extensions={problem.extensions} />
        </Card>
      ) : null}
      <Card title="办理记录" style={{ marginTop: 16 }}>
        <section aria-label="办理记录">
          <ProblemTimeline events={problem.events} />
        </section>
      </Card>
    </>
  );
}

function PlanView({ plan }: { plan: ProblemPlan }) {
  const approvals = [
    { key: 'department', label: '主管部门' },
    ...(plan.needsOfficeApproval ? [{ key: 'office', label: '领导小组办公室' }] : []),
  ];
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        {
          key: 'measures',
          label: '整治措施',
          children: <span style={{ whiteSpace: 'pre-wrap' }}>{plan.measures}</span>,
        },
        { key: 'lead', label: '牵头单位', children: plan.leadUnit },
        {
          key: 'units',
          label: '责任单位',
          children: (
            <Flex gap={4} wrap>
              {plan.responsibleUnits.map((u) => (
                <Tag key={u}>{u}</Tag>
              ))}
            </Flex>
          ),
        },
        { key: 'deadline', label: '完成时限', children: plan.deadline },
        {
          key: 'milestones',
          label: '节点安排',
          children: plan.milestones.length ? (
            <Flex vertical gap={2}>
              {plan.milestones.map((m, i) => (
                <span key={i}>
                  {m.date} {m.name}
                </span>
              ))}
            </Flex>
          ) : (
            '—'
          ),
        },
        {
          key: 'documents',
          label: '方案文件',
          children: plan.documents.length ? <AttachmentList files={plan.documents} /> : '—',
        },
        {
          key: 'approvals',
          label: '审批',
          children: (
            <Flex vertical gap={2}>
              {approvals.map((a) => {
                const stamp = plan.approvals[a.key];
                return (
                  <span key={a.key}>
                    {a.label}：
                    {stamp ? (
                      <Typography.Text type="success">
                        {stamp.by} 于 {formatDateTime(stamp.at)} 批准
                      </Typography.Text>
                    ) : plan.status === 'submitted' ? (
                      <Typography.Text type="warning">待审批</Typography.Text>
                    ) : (
                      '—'
                    )}
                  </span>
                );
              })}
            </Flex>
          ),
        },
        ...(plan.rejectReason
          ? [
              {
                key: 'reject',
                label: '退回理由',
                children: <Typography.Text type="danger">{plan.rejectReason}</Typography.Text>,
              },
            ]
          : []),
      ]}
    />
  );
}

function ExtensionsTable({ extensions }: { extensions: ProblemExtension[] }) {
  return (
    <Table<ProblemExtension>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={extensions}
      aria-label="延期申请"
      columns={[
        { title: '申请延期至', dataIndex: 'requestedDeadline', key: 'to', width: 120 },
        { title: '理由', dataIndex: 'reason', key: 'reason' },
        {
          title: '申请时间',
          key: 'at',
          width: 170,
          render: (_, x) => formatDateTime(x.requestedAt),
        },
        {
          title: '结果',
          key: 'status',
          width: 100,
          render: (_, x) => (
            <StatusTag
              tone={
                x.status === 'approved' ? 'success' : x.status === 'rejected' ? 'error' : 'warning'
              }
              label={EXTENSION_STATUS_NAMES[x.status]}
            />
          ),
        },
        { title: '审批意见', key: 'comment', render: (_, x) => x.comment ?? '—' },
      ]}
    />
  );
}
