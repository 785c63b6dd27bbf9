import { useState } from 'react';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { EditOutlined, PlusOutlined, RiseOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useDepartments } from '../../api/reference.ts';
import { useAuth, useCityCode } from '../../shared/session.tsx';
import { FormDrawer, FormInline, PanelDrawer } from '../../shared/kit/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { StatusTag } from '../../shared/status-tag.tsx';
import {
  TASK_STATUS_NAMES,
  useCreateTask,
  useReportTask,
  useTask,
  useTasks,
  useUpdateTask,
  type Task,
  type TaskStatus,
} from './supervision.api.ts';

const STATUS_TONES = {
  not_started: 'default',
  in_progress: 'processing',
  done: 'success',
} as const;

function TaskStatusTags({ task }: { task: Task }) {
  return (
    <Flex gap={4} wrap>
      <StatusTag tone={STATUS_TONES[task.status]} label={TASK_STATUS_NAMES[task.status]} />
      {task.overdue ? <Tag color="error">逾期</Tag> : null}
    </Flex>
  );
}

/** P12 附件2 工作任务分解表: task, lead department, responsible units, deadline, progress. */
export function TasksPage() {
  const { hasPermission } = useAuth();
  const tasks = useTasks();
  const [editing, setEditing] = useState<Task | 'new' | null>(null);
  const [reporting, setReporting] = useState<number | null>(null);

  const items = tasks.data?.items ?? [];
  const counts: Record<TaskStatus, number> = { not_started: 0, in_progress: 0, done: 0 };
  for (const t of items) counts[t.status]++;
  const overdue = items.filter((t) => t.overdue).length;

  return (
    <>
      <PageHeader
        title="任务分解表"
        subtitle="淄政办字〔2020〕34号附件2：各项任务的牵头部门、责任单位和完成时限；牵头部门报告进展，领导小组办公室督导。"
        extra={
          hasPermission('tasks.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增任务
            </Button>
          ) : null
        }
      />
      {tasks.isPending ? (
        <PageLoading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <>
          <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="task-counts">
            <Tag>共 {items.length} 项</Tag>
            {(Object.keys(counts) as TaskStatus[]).map((s) => (
              <Tag key={s} color={STATUS_TONES[s]}>
                {TASK_STATUS_NAMES[s]} {counts[s]}
              </Tag>
            ))}
            <Tag color={overdue ? 'error' : 'default'}>逾期 {overdue}</Tag>
          </Flex>
          <Table<Task>
            rowKey="id"
            size="middle"
            dataSource={items}
            loading={tasks.isFetching}
            aria-label="任务分解表"
            pagination={false}
            scroll={{ x: 1100 }}
            columns={[
              { title: '序号', dataIndex: 'seq', key: 'seq', width: 56, align: 'center' },
              {
                title: '任务',
                key: 'name',
                render: (_, t) => (
                  <Flex vertical gap={2}>
                    <Typography.Text strong>{t.name}</Typography.Text>
                    {t.description ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t.description}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                ),
              },
              {
                title: '牵头部门',
                key: 'lead',
                width: 150,
                render: (_, t) => t.leadDepartmentName ?? t.leadDepartmentCode,
              },
              {
                title: '责任单位',
                key: 'units',
                width: 200,
                render: (_, t) => (t.responsibleUnits.length ? t.responsibleUnits.join('；') : '—'),
              },
              {
                title: '完成时限',
                key: 'deadline',
                width: 100,
                render: (_, t) =>
                  t.deadline ? (
                    <Typography.Text type={t.overdue ? 'danger' : undefined} strong={t.overdue}>
                      {t.deadline}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '状态',
                key: 'status',
                width: 110,
                render: (_, t) => <TaskStatusTags task={t} />,
              },
              {
                title: '进度',
                key: 'progress',
                width: 140,
                render: (_, t) => (
                  <Progress
                    percent={Math.round(t.progressPercent)}
                    size="small"
                    status={t.status === 'done' ? 'success' : t.overdue ? 'exception' : 'normal'}
                  />
                ),
              },
              {
                title: '操作',
                key: 'actions',
                width: 120,
                render: (_, t) => (
                  <Flex gap={4} wrap>
                    <Button
                      size="small"
                      type={t.abilities.report ? 'primary' : 'link'}
                      icon={t.abilities.report ? <RiseOutlined /> : undefined}
                      onClick={() => setReporting(t.id)}
                    >
                      {t.abilities.report ? '报告进展' : '进展记录'}
                    </Button>
                    {t.abilities.update ? (
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(t)}>
                        编辑
                      </Button>
                    ) : null}
                  </Flex>
                ),
              },
            ]}
          />
        </>
      )}
      {editing ? (
        <TaskFormDrawer
          task={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {reporting !== null ? (
        <TaskReportDrawer id={reporting} onClose={() => setReporting(null)} />
      ) : null}
    </>
  );
}

type TaskForm = {
  name: string;
  description?: string | null;
  leadDepartmentCode: string | null;
  responsibleUnits: string[];
  deadline: Dayjs | null;
};

const TASK_FIELDS = ['name', 'description', 'leadDepartmentCode', 'responsibleUnits', 'deadline'];

function TaskFormDrawer({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const [form] = Form.useForm<TaskForm>();
  const create = useCreateTask();
  const update = useUpdateTask();
  const departments = useDepartments(useCityCode());
  const { message } = App.useApp();

  const submit = async (v: TaskForm) => {
    const body = {
      name: v.name.trim(),
      description: v.description?.trim() || null,
      leadDepartmentCode: v.leadDepartmentCode ?? '',
      responsibleUnits: v.responsibleUnits.map((u) => u.trim()).filter(Boolean),
      deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    };
    if (task) await update.mutateAsync({ id: task.id, version: task.version, ...body });
    else await create.mutateAsync(body);
    void message.success(task ? '任务已保存' : '已新增任务');
    onClose();
  };

  return (
    <FormDrawer<TaskForm>
      title={task ? `编辑任务：${task.name}` : '新增任务'}
      size={600}
      form={form}
      name="task-form"
      fields={TASK_FIELDS}
      initialValues={
        task
          ? {
              name: task.name,
              description: task.description,
              leadDepartmentCode: task.leadDepartmentCode,
              responsibleUnits: task.responsibleUnits,
              deadline: task.deadline ? dayjs(task.deadline) : null,
            }
          : { name: '', leadDepartmentCode: null, responsibleUnits: [], deadline: null }
      }
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        label="任务"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请填写任务名称' },
          { max: 200, message: '不能超过 200 个字' },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        label="任务说明"
        name="description"
        rules={[{ max: 1000, message: '不能超过 1000 个字' }]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item
        label="牵头部门"
        name="leadDepartmentCode"
        rules={[{ required: true, message: '请选择牵头部门' }]}
      >
        <Select
          placeholder="请选择"
          loading={departments.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
        />
      </Form.Item>
      <Form.Item
        label="责任单位"
        name="responsibleUnits"
        extra="输入单位名称后按回车，可填写多个"
        rules={[{ type: 'array', max: 30, message: '最多 30 个责任单位' }]}
      >
        <Select
          mode="tags"
          // No list to pick from: Enter or a separator turns the typed name into a tag.
          open={false}
          aria-label="责任单位"
          tokenSeparators={['；', ';']}
          notFoundContent={null}
          suffixIcon={null}
          placeholder="如：各区县人民政府"
        />
      </Form.Item>
      <Form.Item label="完成时限" name="deadline">
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDrawer>
  );
}

type ReportForm = { percent: number; note: string };

function TaskReportDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const task = useTask(id);
  const report = useReportTask();
  const [form] = Form.useForm<ReportForm>();
  const { message } = App.useApp();
  const t = task.data;

  return (
    <PanelDrawer title={t ? `${t.seq}. ${t.name}` : '任务进展'} size={560} onClose={onClose}>
      {task.isPending ? (
        <PageLoading />
      ) : task.isError ? (
        <ErrorState error={task.error} onRetry={() => void task.refetch()} />
      ) : t ? (
        <Flex vertical gap={16}>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'lead',
                label: '牵头部门',
                children: t.leadDepartmentName ?? t.leadDepartmentCode,
              },
              { key: 'deadline', label: '完成时限', children: t.deadline ?? '—' },
              { key: 'status', label: '状态', children: <TaskStatusTags task={t} /> },
              {
                key: 'progress',
                label: '进度',
                children: <Progress percent={Math.round(t.progressPercent)} size="small" />,
              },
            ]}
          />
          {t.abilities.report ? (
            <FormInline<ReportForm>
              form={form}
              name="task-report"
              okText="报告进展"
              fields={['percent', 'note']}
              initialValues={{ percent: t.progressPercent, note: '' }}
              onSubmit={async (v) => {
                await report.mutateAsync({ id: t.id, percent: v.percent, note: v.note.trim() });
                void message.success('已报告任务进展');
                form.setFieldsValue({ note: '' });
              }}
            >
              <Form.Item
                label="完成进度（%）"
                name="percent"
                rules={[{ required: true, message: '请填写完成进度' }]}
              >
                <InputNumber min={0} max={100} style={{ width: 140 }} suffix="%" />
              </Form.Item>
              <Form.Item
                label="进展说明"
                name="note"
                rules={[
                  { required: true, whitespace: true, message: '请填写进展说明' },
                  { max: 1000, message: '不能超过 1000 个字' },
                ]}
              >
                <Input.TextArea rows={3} maxLength={1000} showCount />
              </Form.Item>
            </FormInline>
          ) : null}
          <div>
            <Typography.Title level={5}>进展记录</Typography.Title>
            {t.reports.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无进展记录" />
            ) : (
              <Timeline
                items={t.reports.map((r) => ({
                  key: r.id,
                  color: r.percent >= 100 ? 'green' : 'blue',
                  content: (
                    <Flex vertical gap={2}>
                      <span>
                        <Typography.Text strong>{r.percent}%</Typography.Text>{' '}
                        <Typography.Text type="secondary">
                          {r.actorName ?? '—'} · {formatDateTime(r.at)}
                        </Typography.Text>
                      </span>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{r.note}</span>
                    </Flex>
                  ),
                }))}
              />
            )}
          </div>
        </Flex>
      ) : null}
    </PanelDrawer>
  );
}
