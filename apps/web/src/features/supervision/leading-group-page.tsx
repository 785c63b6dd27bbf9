import { useState } from 'react';
import { Alert, App, Button, Flex, Input, Popconfirm, Table, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { ApiError, describeError } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { ROSTER_LIMITS, findRosterError } from './roster-check.ts';
import { useRoster, useSaveRoster, type Member, type Roster } from './supervision.api.ts';

/** A row being edited: the key keeps React's rows stable while they move up and down. */
type Row = Member & { key: number };

/** P11/P12 附件1 领导小组组成人员名单: editable by the office, read-only for everyone else. */
export function LeadingGroupPage() {
  const { hasPermission } = useAuth();
  const roster = useRoster();
  const [editing, setEditing] = useState(false);
  const canEdit = hasPermission('tasks.manage');

  return (
    <>
      <PageHeader
        title="领导小组"
        subtitle="淄政办字〔2020〕34号附件1：社区配套设施规划建设管理工作领导小组组成人员名单。领导小组办公室设在市自然资源和规划局。"
        extra={
          canEdit && !editing && roster.data ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              编辑名单
            </Button>
          ) : null
        }
      />
      {roster.isPending ? (
        <PageLoading />
      ) : roster.isError ? (
        <ErrorState error={roster.error} onRetry={() => void roster.refetch()} />
      ) : editing ? (
        <RosterEditor roster={roster.data} onDone={() => setEditing(false)} />
      ) : (
        <Table<Member & { key: number }>
          rowKey="key"
          size="middle"
          aria-label="领导小组名单"
          pagination={false}
          dataSource={roster.data.members.map((m, key) => ({ ...m, key }))}
          columns={[
            { title: '序号', key: 'n', width: 64, align: 'center', render: (_, m) => m.key + 1 },
            { title: '职务', dataIndex: 'position', key: 'position', width: 100 },
            { title: '职务名称', dataIndex: 'title', key: 'title' },
            { title: '所在单位', dataIndex: 'unit', key: 'unit', width: 260 },
            {
              title: '姓名',
              key: 'name',
              width: 120,
              render: (_, m) => m.name ?? <Typography.Text type="secondary">未填</Typography.Text>,
            },
          ]}
        />
      )}
    </>
  );
}

function RosterEditor({ roster, onDone }: { roster: Roster; onDone: () => void }) {
  const { message } = App.useApp();
  const save = useSaveRoster();
  const [rows, setRows] = useState<Row[]>(() => roster.members.map((m, key) => ({ ...m, key })));
  const [nextKey, setNextKey] = useState(roster.members.length);
  const [error, setError] = useState<string | null>(null);

  const change = (key: number, field: keyof Member, value: string) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const move = (index: number, by: -1 | 1) =>
    setRows((rs) => {
      const next = [...rs];
      const [row] = next.splice(index, 1);
      if (row) next.splice(index + by, 0, row);
      return next;
    });

  const submit = () => {
    const members: Member[] = rows.map((r) => ({
      position: r.position.trim(),
      title: r.title.trim(),
      unit: r.unit.trim(),
      name: r.name?.trim() || null,
    }));
    const problem = findRosterError(members);
    setError(problem);
    if (problem) return;
    save.mutate(
      { members, version: roster.version },
      {
        onSuccess: () => {
          void message.success('领导小组名单已保存');
          onDone();
        },
        onError: (e) => {
          if (e instanceof ApiError && e.code === 'CONFLICT') {
            void message.error('名单已被他人修改，已载入最新名单，请重新编辑');
            onDone();
          }
        },
      },
    );
  };

  const cell = (r: Row, field: keyof Member, label: string) => (
    <Input
      value={r[field] ?? ''}
      maxLength={ROSTER_LIMITS[field]}
      aria-label={`${label}（第 ${rows.indexOf(r) + 1} 行）`}
      onChange={(e) => change(r.key, field, e.target.value)}
    />
  );

  return (
    <>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {save.isError && !(save.error instanceof ApiError && save.error.code === 'CONFLICT') ? (
        <Alert
          type="error"
          showIcon
          title={describeError(save.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Table<Row>
        rowKey="key"
        size="small"
        aria-label="编辑领导小组名单"
        pagination={false}
        dataSource={rows}
        columns={[
          {
            title: '序号',
            key: 'n',
            width: 60,
            align: 'center',
            render: (_, r) => rows.indexOf(r) + 1,
          },
          {
            title: '职务',
            key: 'position',
            width: 120,
            render: (_, r) => cell(r, 'position', '职务'),
          },
          { title: '职务名称', key: 'title', render: (_, r) => cell(r, 'title', '职务名称') },
          {
            title: '所在单位',
            key: 'unit',
            width: 260,
            render: (_, r) => cell(r, 'unit', '所在单位'),
          },
          { title: '姓名', key: 'name', width: 140, render: (_, r) => cell(r, 'name', '姓名') },
          {
            title: '操作',
            key: 'actions',
            width: 130,
            render: (_, r) => {
              const i = rows.indexOf(r);
              return (
                <Flex gap={2}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowUpOutlined />}
                    aria-label="上移"
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowDownOutlined />}
                    aria-label="下移"
                    disabled={i === rows.length - 1}
                    onClick={() => move(i, 1)}
                  />
                  <Popconfirm
                    title="删除这一行？"
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label="删除"
                    />
                  </Popconfirm>
                </Flex>
              );
            },
          },
        ]}
      />
      <Flex justify="space-between" style={{ marginTop: 12 }}>
        <Button
          icon={<PlusOutlined />}
          disabled={rows.length >= 60}
          onClick={() => {
            setRows((rs) => [
              ...rs,
              { key: nextKey, position: '成员', title: '', unit: '', name: null },
            ]);
            setNextKey((k) => k + 1);
          }}
        >
          添加成员
        </Button>
        <Flex gap={8}>
          <Button onClick={onDone}>取消</Button>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} onClick={submit}>
            保存名单
          </Button>
        </Flex>
      </Flex>
    </>
  );
}
