import { Link } from 'react-router';
import { Tag, Typography } from 'antd';
import { DataTable } from '../../shared/kit/index.ts';
import dayjs from 'dayjs';
import { AWAITING_KIND_NAMES, GATE_DOCUMENT_NAMES } from '@zibo/shared';
import { describeDeadline } from './project-format.ts';
import type { AwaitingItem } from './projects.api.ts';

const KIND_COLORS: Record<AwaitingItem['kind'], string> = {
  opinion: 'blue',
  condition_decision: 'purple',
  submission: 'cyan',
  condition_answer: 'orange',
};

/** The project page, opened at the gate the item concerns. */
export function linkToItem(item: AwaitingItem): string {
  return `/projects/${item.projectId}?gate=${item.gate}`;
}

function DeadlineCell({ item }: { item: AwaitingItem }) {
  if (!item.deadline) return <Typography.Text type="secondary">—</Typography.Text>;
  const words = describeDeadline(item.deadline, dayjs().format('YYYY-MM-DD'));
  return (
    <span>
      {item.deadline}{' '}
      {item.overdue ? (
        <Tag color="error" variant="solid">
          {words}
        </Tag>
      ) : (
        <Tag color={words === '今天到期' || words === '剩 1 天' ? 'warning' : 'default'}>
          {words}
        </Tag>
      )}
    </span>
  );
}

/** What awaits the user across projects: opinions owed with deadlines, conditions, documents. */
export function AwaitingTable(props: {
  items: AwaitingItem[];
  loading: boolean;
  label: string;
  pageSize?: number;
}) {
  return (
    <DataTable<AwaitingItem>
      rowKey={(i) => `${i.kind}:${i.projectId}:${i.gate}:${i.conditionId ?? ''}`}
      loading={props.loading}
      dataSource={props.items}
      aria-label={props.label}
      rowClassName={(i) => (i.overdue ? 'project-row-overdue' : '')}
      pageSize={props.pageSize ?? 20}
      unit="项"
      emptyText="暂无待办事项"
      columns={[
        {
          title: '事项',
          key: 'kind',
          width: 140,
          render: (_, i) => <Tag color={KIND_COLORS[i.kind]}>{AWAITING_KIND_NAMES[i.kind]}</Tag>,
        },
        {
          title: '项目',
          key: 'project',
          render: (_, i) => <Link to={linkToItem(i)}>{i.projectName}</Link>,
        },
        { title: '关口', dataIndex: 'gateName', key: 'gate', width: 190 },
        {
          title: '内容',
          key: 'text',
          render: (_, i) =>
            i.text ? (
              <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2, tooltip: i.text }}>
                {i.text}
              </Typography.Paragraph>
            ) : i.kind === 'submission' ? (
              i.gateStatus === 'returned' ? (
                <Typography.Text type="danger">
                  已退回，请修改{GATE_DOCUMENT_NAMES[i.gate]}后重新提交
                </Typography.Text>
              ) : (
                `提交${GATE_DOCUMENT_NAMES[i.gate]}`
              )
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
        {
          title: '意见期限',
          key: 'deadline',
          width: 200,
          render: (_, i) => <DeadlineCell item={i} />,
        },
        {
          title: '操作',
          key: 'action',
          width: 90,
          render: (_, i) => <Link to={linkToItem(i)}>去办理</Link>,
        },
      ]}
    />
  );
}
