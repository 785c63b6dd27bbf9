import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, DatePicker, Flex, Form, Input, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { SURVEY_SUBMISSION_STATUSES, SURVEY_SUBMISSION_STATUS_NAMES } from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { DataTable, FormDialog } from '../../shared/kit/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { SurveyStatusTag } from './survey-status.tsx';
import { useCreateSurvey, useSurveys, type Survey } from './survey.api.ts';

const COUNT_COLORS: Record<string, string> = {
  pending: 'default',
  submitted: 'processing',
  filed: 'success',
  returned: 'warning',
};

/** P3 排查摸底: the campaigns, with each one's progress across the districts in scope. */
export function SurveysPage() {
  const { hasPermission } = useAuth();
  const surveys = useSurveys();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title="排查摸底"
        subtitle="领导小组办公室发起排查并设定截止日期；各区县报送台账，主管部门备案或退回。报送后台账锁定，退回后方可修改。"
        extra={
          hasPermission('survey.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              发起排查
            </Button>
          ) : null
        }
      />
      {surveys.isError ? (
        <ErrorState error={surveys.error} onRetry={() => void surveys.refetch()} />
      ) : (
        <DataTable<Survey>
          rowKey="id"
          loading={surveys.isFetching}
          dataSource={surveys.data?.items ?? []}
          aria-label="排查列表"
          pageSize={20}
          unit="次排查"
          emptyText="暂无排查。"
          columns={[
            {
              title: '排查名称',
              key: 'name',
              render: (_, s) => <Link to={`/surveys/${s.id}`}>{s.name}</Link>,
            },
            { title: '截止日期', dataIndex: 'deadline', key: 'deadline', width: 120 },
            {
              title: '状态',
              key: 'status',
              width: 90,
              render: (_, s) => <SurveyStatusTag status={s.status} />,
            },
            {
              title: '各区县报送情况',
              key: 'counts',
              width: 380,
              render: (_, s) => (
                <Flex gap={4} wrap>
                  {SURVEY_SUBMISSION_STATUSES.map((st) => (
                    <Tag key={st} color={COUNT_COLORS[st]}>
                      {SURVEY_SUBMISSION_STATUS_NAMES[st]} {s.counts[st] ?? 0}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              title: '逾期',
              key: 'overdue',
              width: 90,
              render: (_, s) =>
                s.overdueCount > 0 ? (
                  <Tag color="error">{s.overdueCount} 个区县</Tag>
                ) : (
                  <Typography.Text type="secondary">无</Typography.Text>
                ),
            },
            {
              title: '发起时间',
              key: 'createdAt',
              width: 170,
              render: (_, s) => formatDateTime(s.createdAt),
            },
          ]}
        />
      )}
      {creating ? <CreateSurveyDialog onClose={() => setCreating(false)} /> : null}
    </>
  );
}

type CreateForm = { name: string; deadline: Dayjs | null };

function CreateSurveyDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateForm>();
  const create = useCreateSurvey();
  const { message } = App.useApp();

  return (
    <FormDialog<CreateForm>
      title="发起排查"
      okText="发起"
      form={form}
      name="create-survey"
      fields={['name', 'deadline']}
      onClose={onClose}
      onSubmit={async (v) => {
        const s = await create.mutateAsync({
          name: v.name.trim(),
          deadline: (v.deadline ?? dayjs()).format('YYYY-MM-DD'),
        });
        void message.success(`已发起排查“${s.name}”，各区县待报送`);
        onClose();
      }}
    >
      <Form.Item
        label="排查名称"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请输入排查名称' },
          { max: 100, message: '不能超过 100 个字' },
        ]}
      >
        <Input placeholder="如：2026年度社区配套设施排查摸底" maxLength={100} />
      </Form.Item>
      <Form.Item
        label="截止日期"
        name="deadline"
        extra="截止日期后仍未报送的区县标记为逾期"
        rules={[{ required: true, message: '请选择截止日期' }]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormDialog>
  );
}
