import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, DatePicker, Form, Table, Tag } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { BULLETIN_STATUS_NAMES } from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import { useBulletins, useDraftBulletin, type BulletinSummary } from './bulletins.api.ts';

/** P11 定期通报: the numbered bulletins; the office drafts, recipients sign. */
export function BulletinsPage() {
  const { hasPermission } = useAuth();
  const navigate = useNavigate();
  const list = useBulletins();
  const [drafting, setDrafting] = useState(false);
  const manage = hasPermission('bulletins.manage');

  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <PageHeader
        title="定期通报"
        subtitle="按期冻结全市整改数据，生成符合 GB/T 9704-2012 的通报正文和统计表；印发后各区县、牵头部门签收。"
        extra={
          manage ? (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => setDrafting(true)}>
              起草通报
            </Button>
          ) : null
        }
      />
      <Table<BulletinSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        onRow={(b) => ({
          onClick: () => void navigate(`/bulletins/${b.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          { title: '期号', render: (_, b) => `${b.year}年第${b.issueNo}期`, width: 130 },
          { title: '发文字号', dataIndex: 'docNumber', width: 180 },
          {
            title: '标题',
            dataIndex: 'title',
            render: (title: string, b) => (
              <a href={`/bulletins/${b.id}`} onClick={(e) => e.preventDefault()}>
                {title}
              </a>
            ),
          },
          { title: '统计时段', render: (_, b) => `${b.periodStart} 至 ${b.periodEnd}`, width: 220 },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: BulletinSummary['status']) => (
              <Tag color={s === 'issued' ? 'green' : 'gold'}>{BULLETIN_STATUS_NAMES[s]}</Tag>
            ),
          },
          { title: '印发时间', dataIndex: 'issuedAt', width: 170, render: formatDateTime },
          {
            title: '签收',
            width: 110,
            render: (_, b) =>
              b.signed === null ? (
                b.status === 'issued' ? (
                  `${b.signedCount}/${b.recipientCount}`
                ) : (
                  '—'
                )
              ) : b.signed ? (
                <Tag color="green">已签收</Tag>
              ) : (
                <Tag color="red">待签收</Tag>
              ),
          },
        ]}
      />
      {drafting ? (
        <DraftModal
          onClose={() => setDrafting(false)}
          onCreated={(id) => void navigate(`/bulletins/${id}`)}
        />
      ) : null}
    </>
  );
}

type DraftForm = { period: [Dayjs, Dayjs] };

function DraftModal(props: { onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const draft = useDraftBulletin();
  const [form] = Form.useForm<DraftForm>();
  const lastMonth = dayjs().subtract(1, 'month');
  return (
    <FormDialog<DraftForm>
      title="起草通报"
      form={form}
      name="bulletin-draft"
      okText="起草"
      fields={['periodStart', 'periodEnd']}
      initialValues={{ period: [lastMonth.startOf('month'), lastMonth.endOf('month')] }}
      onSubmit={async ({ period }) => {
        const b = await draft.mutateAsync({
          periodStart: period[0].format('YYYY-MM-DD'),
          periodEnd: period[1].format('YYYY-MM-DD'),
        });
        void message.success(`已起草 ${b.docNumber}，数据已冻结`);
        props.onCreated(b.id);
      }}
      onClose={props.onClose}
    >
      <Form.Item
        name="period"
        label="统计时段"
        rules={[{ required: true, message: '请选择统计时段' }]}
        extra="起草时冻结全市当前的排名、逾期和签收数据，正文按数据预填，之后可修改。"
      >
        <DatePicker.RangePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}
