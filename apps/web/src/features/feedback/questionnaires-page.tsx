import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { CATEGORIES, type CategoryCode } from '@zibo/shared';
import { useRegionChildren } from '../../api/reference.ts';
import { useAuth } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import {
  useCreateQuestionnaire,
  useQuestionnaires,
  type Questionnaire,
} from './questionnaires.api.ts';

const STATUS_COLORS: Record<Questionnaire['status'], string> = {
  draft: 'default',
  open: 'blue',
  closed: 'green',
};

export function questionnaireStatusTag(q: Pick<Questionnaire, 'status' | 'statusName'>) {
  return <Tag color={STATUS_COLORS[q.status]}>{q.statusName}</Tag>;
}

/** P13 满意度调查: the questionnaires with communities in the caller's region. */
export function QuestionnairesPage() {
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const { hasPermission } = useAuth();
  const { data, error, isLoading, refetch } = useQuestionnaires(page);
  return (
    <>
      <PageHeader
        title="满意度调查"
        subtitle="领导小组办公室或区县为选定社区发起调查，居民在“社区配套 随手说”中不登录作答（每部手机、每个手机号一次）；结束后结果按社区公布。"
        extra={
          <Space>
            <Link to="/feedback">居民反映</Link>
            {hasPermission('questionnaires.manage') && (
              <Button type="primary" onClick={() => setCreating(true)}>
                发起调查
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        {error ? (
          <ErrorState error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<Questionnaire>
            rowKey="id"
            loading={isLoading}
            dataSource={data?.items ?? []}
            pagination={{
              current: page,
              pageSize: 20,
              total: data?.total ?? 0,
              onChange: setPage,
            }}
            columns={[
              {
                title: '调查',
                dataIndex: 'title',
                render: (_: unknown, q) => (
                  <Link to={`/feedback/questionnaires/${q.id}`}>{q.title}</Link>
                ),
              },
              { title: '状态', render: (_: unknown, q) => questionnaireStatusTag(q) },
              {
                title: '调查时间',
                render: (_: unknown, q) => `${q.periodStart} 至 ${q.periodEnd}`,
              },
              { title: '社区', render: (_: unknown, q) => `${q.communities.length} 个` },
              { title: '已答', dataIndex: 'answers' },
            ]}
          />
        )}
      </Card>
      {creating && (
        <CreateModal
          onClose={() => setCreating(false)}
          onCreated={(id) => void navigate(`/feedback/questionnaires/${id}`)}
        />
      )}
    </>
  );
}

type FormValues = {
  title: string;
  intro?: string;
  period: [Dayjs, Dayjs];
  categories: CategoryCode[];
  communityCodes: string[];
};

function CreateModal(props: { onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const { user } = useAuth();
  const create = useCreateQuestionnaire();
  const [form] = Form.useForm<FormValues>();
  const [street, setStreet] = useState<string | null>(null);
  const communities = useRegionChildren(street, street !== null);
  const options = (communities.data ?? []).map((c) => ({ value: c.code, label: c.name }));
  return (
    <FormDialog<FormValues>
      width={640}
      title="发起满意度调查"
      form={form}
      name="questionnaire-create"
      okText="保存草稿"
      fields={['title', 'intro', 'communityCodes']}
      initialValues={{
        title: `${dayjs().year()}年社区配套设施满意度调查`,
        period: [dayjs(), dayjs().add(30, 'day')],
        categories: CATEGORIES.map((c) => c.code),
        communityCodes: [],
      }}
      onSubmit={async (v) => {
        const q = await create.mutateAsync({
          title: v.title,
          intro: v.intro || undefined,
          communityCodes: v.communityCodes,
          periodStart: v.period[0].format('YYYY-MM-DD'),
          periodEnd: v.period[1].format('YYYY-MM-DD'),
          questions: v.categories.map((category) => ({ category })),
        });
        void message.success('已保存草稿，开始调查后居民即可作答');
        props.onCreated(q.id);
      }}
      onClose={props.onClose}
    >
      <Form.Item name="title" label="调查名称" rules={[{ required: true, message: '请填写' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="intro" label="说明（选填）">
        <Input.TextArea maxLength={500} rows={2} />
      </Form.Item>
      <Form.Item name="period" label="调查时间" rules={[{ required: true, message: '请选择' }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="categories"
        label="调查的设施类别（每类一个问题：满意、基本满意、不满意、不了解，可附意见）"
        rules={[{ required: true, message: '至少选择一类' }]}
      >
        <Checkbox.Group options={CATEGORIES.map((c) => ({ value: c.code, label: c.name }))} />
      </Form.Item>
      <Form.Item label="镇街">
        <RegionTreeSelect
          value={street}
          onChange={setStreet}
          rootCode={user?.regionCode ?? null}
          selectableLevel="street"
          placeholder="先选择镇街，再勾选社区"
        />
      </Form.Item>
      <Form.Item
        name="communityCodes"
        label={
          <Space>
            参加调查的社区
            {options.length > 0 && (
              <Typography.Link
                onClick={() =>
                  form.setFieldValue('communityCodes', [
                    ...new Set([
                      ...(form.getFieldValue('communityCodes') as string[]),
                      ...options.map((o) => o.value),
                    ]),
                  ])
                }
              >
                全选
              </Typography.Link>
            )}
          </Space>
        }
        rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个社区' }]}
        extra={
          <Form.Item noStyle shouldUpdate>
            {() =>
              `已选 ${(form.getFieldValue('communityCodes') as string[] | undefined)?.length ?? 0} 个社区（可换镇街继续勾选）`
            }
          </Form.Item>
        }
      >
        <Checkbox.Group options={options} />
      </Form.Item>
    </FormDialog>
  );
}
