import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Popconfirm,
  Statistic,
  Table,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { SURVEY_SUBMISSION_STATUSES, SURVEY_SUBMISSION_STATUS_NAMES } from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { FormDialog, PanelDrawer } from '../../shared/kit/index.ts';
import { ACTION_NAMES, SubmissionStatusTag, SurveyStatusTag } from './survey-status.tsx';
import {
  useCloseSurvey,
  useSubmissionAction,
  useSurvey,
  type SubmissionAction,
  type SurveyDetail,
  type SurveySubmission,
} from './survey.api.ts';

/** One campaign: every district's submission, filing by each lead department, who is late. */
export function SurveyDetailPage() {
  const id = Number(useParams().id);
  const survey = useSurvey(id);
  if (survey.isPending) return <PageLoading />;
  if (survey.isError)
    return <ErrorState error={survey.error} onRetry={() => void survey.refetch()} />;
  return <SurveyDetailView survey={survey.data} />;
}

function SurveyDetailView({ survey }: { survey: SurveyDetail }) {
  const { message } = App.useApp();
  const act = useSubmissionAction();
  const close = useCloseSurvey();
  const [returning, setReturning] = useState<SurveySubmission | null>(null);
  // By district, so the open timeline follows the survey as it changes.
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const history = survey.submissions.find((s) => s.districtCode === historyOf) ?? null;

  const run = (s: SurveySubmission, action: SubmissionAction) =>
    act.mutate(
      { surveyId: survey.id, districtCode: s.districtCode, action },
      {
        onSuccess: () => void message.success(`${s.districtName}：已${ACTION_NAMES[action]}`),
        onError: (e) => void message.error(describeError(e)),
      },
    );

  const overdue = survey.submissions.filter((s) => s.overdue);

  return (
    <>
      <PageHeader
        title={survey.name}
        subtitle={
          <>
            <Link to="/surveys">排查摸底</Link> / 截止日期 {survey.deadline}{' '}
            <SurveyStatusTag status={survey.status} />
          </>
        }
        extra={
          survey.abilities.close ? (
            <Popconfirm
              title="结束本次排查？"
              description="结束后不能再报送、备案或退回，各区县台账解除锁定。"
              okText="结束排查"
              cancelText="取消"
              onConfirm={() =>
                close.mutate(survey.id, {
                  onSuccess: () => void message.success('排查已结束，台账锁定已解除'),
                  onError: (e) => void message.error(describeError(e)),
                })
              }
            >
              <Button danger>结束排查</Button>
            </Popconfirm>
          ) : null
        }
      />
      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        {SURVEY_SUBMISSION_STATUSES.map((st) => (
          <Card key={st} size="small" style={{ minWidth: 130 }}>
            <Statistic
              title={SURVEY_SUBMISSION_STATUS_NAMES[st]}
              value={survey.counts[st] ?? 0}
              suffix="个区县"
            />
          </Card>
        ))}
        <Card size="small" style={{ minWidth: 130 }}>
          <Statistic
            title="逾期未报送"
            value={survey.overdueCount}
            suffix="个区县"
            styles={{ content: { color: survey.overdueCount ? '#f5222d' : undefined } }}
          />
        </Card>
      </Flex>
      {overdue.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={`已过截止日期 ${survey.deadline}，以下区县尚未报送：${overdue.map((s) => s.districtName).join('、')}`}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card title="各区县报送与备案">
        <Table<SurveySubmission>
          rowKey="districtCode"
          dataSource={survey.submissions}
          pagination={false}
          aria-label="各区县报送情况"
          scroll={{ x: 1060 }}
          columns={[
            {
              title: '区县',
              dataIndex: 'districtName',
              key: 'district',
              width: 100,
              fixed: 'left',
            },
            {
              title: '状态',
              key: 'status',
              width: 220,
              render: (_, s) => (
                <Flex vertical gap={4}>
                  <Flex gap={4} wrap>
                    <SubmissionStatusTag status={s.status} />
                    {s.overdue ? <Tag color="error">逾期</Tag> : null}
                    {s.locked ? (
                      <Tooltip title="台账已锁定：报送后不能修改，主管部门退回后解锁">
                        <Tag icon={<LockOutlined />} color="gold">
                          锁定
                        </Tag>
                      </Tooltip>
                    ) : null}
                  </Flex>
                  {s.status === 'submitted' ? (
                    <Typography.Text type="secondary">
                      已备案 {s.filings.filter((f) => f.filed).length}/{s.filings.length} 个部门
                    </Typography.Text>
                  ) : null}
                  {s.returnComment ? (
                    <Typography.Text type="warning">退回意见：{s.returnComment}</Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              title: '报送',
              key: 'submitted',
              width: 190,
              render: (_, s) =>
                s.submittedAt ? (
                  <Flex vertical>
                    <span>{formatDateTime(s.submittedAt)}</span>
                    {s.snapshot ? (
                      <Typography.Text type="secondary">
                        {s.snapshot.areas} 个小区、{s.snapshot.facilities} 处设施
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ) : (
                  '—'
                ),
            },
            {
              title: '主管部门备案',
              key: 'filings',
              width: 350,
              render: (_, s) => (
                <Flex gap={4} wrap data-testid={`filings-${s.districtCode}`}>
                  {s.filings.map((f) => (
                    <Tooltip
                      key={f.departmentKind}
                      title={f.filed ? `${f.by ?? ''} 于 ${formatDateTime(f.at)} 备案` : '尚未备案'}
                    >
                      <Tag color={f.filed ? 'success' : 'default'}>
                        {f.departmentName} {f.filed ? '已备案' : '未备案'}
                      </Tag>
                    </Tooltip>
                  ))}
                </Flex>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 200,
              fixed: 'right',
              render: (_, s) => (
                <Flex gap={4} wrap>
                  {s.abilities.submit ? (
                    <Popconfirm
                      title={`报送${s.districtName}台账？`}
                      description="报送后台账锁定，主管部门退回前不能修改。"
                      okText="报送"
                      cancelText="取消"
                      onConfirm={() => run(s, 'submit')}
                    >
                      <Button size="small" type="primary">
                        报送
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {s.abilities.file ? (
                    <Popconfirm
                      title={`备案${s.districtName}台账？`}
                      description="备案表示本部门主管类别的台账已核对无误。"
                      okText="备案"
                      cancelText="取消"
                      onConfirm={() => run(s, 'file')}
                    >
                      <Button size="small" type="primary">
                        备案
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {s.abilities.return ? (
                    <Button size="small" danger onClick={() => setReturning(s)}>
                      退回
                    </Button>
                  ) : null}
                  <Button size="small" type="link" onClick={() => setHistoryOf(s.districtCode)}>
                    记录
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      {returning ? (
        <ReturnDialog
          submission={returning}
          onReturn={async (comment) => {
            await act.mutateAsync({
              surveyId: survey.id,
              districtCode: returning.districtCode,
              action: 'return',
              comment,
            });
            void message.success(`${returning.districtName}：已${ACTION_NAMES.return}`);
            setReturning(null);
          }}
          onClose={() => setReturning(null)}
        />
      ) : null}
      {history ? (
        <PanelDrawer
          title={`${history.districtName}：报送记录`}
          onClose={() => setHistoryOf(null)}
          size={420}
        >
          <SubmissionHistory submission={history} />
        </PanelDrawer>
      ) : null}
    </>
  );
}

function SubmissionHistory({ submission }: { submission: SurveySubmission }) {
  if (submission.events.length === 0) {
    return <Typography.Text type="secondary">尚无报送记录。</Typography.Text>;
  }
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'status',
            label: '当前状态',
            children: <SubmissionStatusTag status={submission.status} />,
          },
          { key: 'locked', label: '台账锁定', children: submission.locked ? '是' : '否' },
        ]}
      />
      <Timeline
        items={submission.events.map((e, i) => ({
          key: i,
          color: e.action === 'return' ? 'red' : e.action === 'file' ? 'green' : 'blue',
          content: (
            <>
              <div>
                <strong>{ACTION_NAMES[e.action] ?? e.action}</strong> · {e.actorName ?? '—'}
              </div>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              {e.comment ? <div>意见：{e.comment}</div> : null}
            </>
          ),
        }))}
      />
    </>
  );
}

function ReturnDialog(props: {
  submission: SurveySubmission;
  /** Saves the return; throws to keep the dialog open with the error. */
  onReturn: (comment: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ comment: string }>();
  return (
    <FormDialog<{ comment: string }>
      title={`退回${props.submission.districtName}台账`}
      form={form}
      name="return-submission"
      okText="退回"
      okDanger
      fields={['comment']}
      intro={
        <Typography.Paragraph type="secondary">
          退回后该区县台账解除锁定，所有部门的备案作废，区县修改后重新报送。
        </Typography.Paragraph>
      }
      onSubmit={(v) => props.onReturn(v.comment.trim())}
      onClose={props.onClose}
    >
      <Form.Item
        label="退回意见"
        name="comment"
        rules={[
          { required: true, whitespace: true, message: '请填写退回意见' },
          { max: 500, message: '不能超过 500 个字' },
        ]}
      >
        <Input.TextArea rows={4} maxLength={500} showCount placeholder="说明需要修改的内容" />
      </Form.Item>
    </FormDialog>
  );
}
