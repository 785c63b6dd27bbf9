import { useState } from 'react';
import { App, Button, Flex, Form, Input, Popconfirm, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  passwordProblem,
  ROLE_CODES,
  ROLE_NAMES,
  type RoleCode,
  type UserRecord,
} from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import { formatDateTime } from '../../shared/format.ts';
import { DataTable, FilterBar, FormDialog, type ServerPaging } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import { ErrorState } from '../../shared/states.tsx';
import {
  useCreateUser,
  useResetPassword,
  useUpdateUser,
  useUsers,
  type CreateUserInput,
  type UsersFilter,
} from './accounts.api.ts';
import { DepartmentSelect } from './department-select.tsx';
import { accountColumns } from './account-columns.tsx';
import { KeywordSearch } from '../../shared/list-filters.tsx';

const PAGE_SIZE = 20;

const passwordRules = [
  { required: true, message: '请输入密码' },
  {
    validator: async (_: unknown, value: string | undefined) => {
      const problem = value ? passwordProblem(value) : null;
      if (problem) throw new Error(problem);
    },
  },
];

/** Accounts for the system administrator: list, search, create, disable, unlock, reset. */
export function UsersPage() {
  const [filter, setFilter] = useState<UsersFilter>({ page: 1, pageSize: PAGE_SIZE });
  const users = useUsers(filter);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserRecord | null>(null);
  const [renaming, setRenaming] = useState<UserRecord | null>(null);

  return (
    <>
      <PageHeader
        title="账号管理"
        subtitle="新建的账号没有角色，由安全管理员授予角色和数据范围；管理员设置的密码须在首次登录时修改。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账号
          </Button>
        }
      />
      <FilterBar label="筛选账号">
        <KeywordSearch
          label="搜索账号"
          placeholder="用户名或姓名"
          width={320}
          onSearch={(q) => setFilter((f) => ({ ...f, q, page: 1 }))}
        />
        <Select<RoleCode>
          aria-label="按角色筛选"
          placeholder="按角色筛选"
          allowClear
          style={{ width: 200 }}
          options={ROLE_CODES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
          onChange={(role) => setFilter((f) => ({ ...f, role, page: 1 }))}
        />
      </FilterBar>
      {users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <UsersTable
          users={users.data?.items ?? []}
          paging={{
            page: filter.page,
            pageSize: filter.pageSize,
            total: users.data?.total ?? 0,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          loading={users.isFetching}
          onReset={setResetting}
          onRename={setRenaming}
        />
      )}
      {creating ? <CreateUserDialog onClose={() => setCreating(false)} /> : null}
      {resetting ? (
        <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      ) : null}
      {renaming ? <RenameDialog user={renaming} onClose={() => setRenaming(null)} /> : null}
    </>
  );
}

function UsersTable(props: {
  users: UserRecord[];
  paging: ServerPaging;
  loading: boolean;
  onReset: (u: UserRecord) => void;
  onRename: (u: UserRecord) => void;
}) {
  const update = useUpdateUser();
  const { message } = App.useApp();

  const patch = (u: UserRecord, change: { disabled?: boolean; unlock?: boolean }, done: string) => {
    update.mutate(
      { id: u.id, version: u.version, ...change },
      {
        onSuccess: () => void message.success(done),
        onError: (e) => void message.error(describeError(e)),
      },
    );
  };

  return (
    <DataTable<UserRecord>
      rowKey="id"
      loading={props.loading}
      dataSource={props.users}
      aria-label="账号列表"
      // Every column has a width and the sum is the scroll width (fits 1440 px screens): a column
      // without one gets what is left, and 数据范围/状态 wrapped one character per line.
      scroll={{ x: 1180 }}
      paging={props.paging}
      unit="个账号"
      columns={[
        ...accountColumns({ username: 130, displayName: 150, roles: 120, department: 160 }),
        {
          title: '最近登录',
          key: 'lastLoginAt',
          width: 170,
          render: (_, u) => formatDateTime(u.lastLoginAt),
        },
        {
          title: '操作',
          key: 'actions',
          fixed: 'right',
          width: 220,
          render: (_, u) => (
            <Flex gap={4} wrap>
              {u.abilities.update ? (
                <Button size="small" type="link" onClick={() => props.onRename(u)}>
                  修改姓名
                </Button>
              ) : null}
              {u.abilities.disable ? (
                u.disabled ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => patch(u, { disabled: false }, '账号已启用')}
                  >
                    启用
                  </Button>
                ) : (
                  <Popconfirm
                    title={`停用账号 ${u.username}？`}
                    description="停用后该账号立即退出登录，且不能再登录。"
                    okText="停用"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => patch(u, { disabled: true }, '账号已停用')}
                  >
                    <Button size="small" type="link" danger>
                      停用
                    </Button>
                  </Popconfirm>
                )
              ) : null}
              {u.abilities.update && u.locked ? (
                <Button
                  size="small"
                  type="link"
                  onClick={() => patch(u, { unlock: true }, '账号已解锁')}
                >
                  解锁
                </Button>
              ) : null}
              {u.abilities.resetPassword ? (
                <Button size="small" type="link" onClick={() => props.onReset(u)}>
                  重置密码
                </Button>
              ) : null}
            </Flex>
          ),
        },
      ]}
    />
  );
}

type CreateForm = CreateUserInput;

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<CreateForm>();
  const create = useCreateUser();
  const { message } = App.useApp();
  const regionCode = Form.useWatch('regionCode', form);

  return (
    <FormDialog<CreateForm>
      title="新建账号"
      okText="创建"
      form={form}
      name="create-user"
      fields={['username', 'displayName', 'password', 'regionCode', 'departmentCode']}
      onClose={onClose}
      onSubmit={async (values) => {
        const u = await create.mutateAsync(values);
        void message.success(`已创建账号 ${u.username}，请通知安全管理员授予角色`);
        onClose();
      }}
    >
      <Form.Item
        label="用户名"
        name="username"
        extra="以字母开头，3–32 位字母、数字、下划线、点或连字符"
        rules={[
          { required: true, message: '请输入用户名' },
          {
            pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/,
            message: '用户名须以字母开头，3–32 位字母、数字、下划线、点或连字符',
          },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        label="姓名"
        name="displayName"
        rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        label="初始密码"
        name="password"
        extra="账号首次登录时须修改此密码"
        rules={passwordRules}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="行政区划"
        name="regionCode"
        rules={[{ required: true, message: '请选择行政区划' }]}
      >
        <RegionTreeSelect />
      </Form.Item>
      <Form.Item label="所属部门" name="departmentCode">
        <DepartmentSelect regionCode={regionCode} />
      </Form.Item>
    </FormDialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserRecord; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const { message } = App.useApp();

  return (
    <FormDialog<{ password: string }>
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="重置"
      form={form}
      name="reset-password"
      fields={['password']}
      onClose={onClose}
      onSubmit={async ({ password }) => {
        await reset.mutateAsync({ id: user.id, password });
        void message.success(`已重置 ${user.username} 的密码，该账号下次登录须修改密码`);
        onClose();
      }}
    >
      <Form.Item
        label="新密码"
        name="password"
        extra="重置后该账号的登录会话全部失效，下次登录须修改密码"
        rules={passwordRules}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormDialog>
  );
}

function RenameDialog({ user, onClose }: { user: UserRecord; onClose: () => void }) {
  const [form] = Form.useForm<{ displayName: string }>();
  const update = useUpdateUser();
  const { message } = App.useApp();

  return (
    <FormDialog<{ displayName: string }>
      title={`修改姓名：${user.username}`}
      form={form}
      name="rename-user"
      initialValues={{ displayName: user.displayName }}
      fields={['displayName']}
      onClose={onClose}
      onSubmit={async ({ displayName }) => {
        await update.mutateAsync({
          id: user.id,
          version: user.version,
          displayName: displayName.trim(),
        });
        void message.success('姓名已修改');
        onClose();
      }}
    >
      <Form.Item
        label="姓名"
        name="displayName"
        rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
      >
        <Input maxLength={64} />
      </Form.Item>
    </FormDialog>
  );
}
