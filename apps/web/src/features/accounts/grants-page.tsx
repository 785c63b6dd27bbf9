import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Typography } from 'antd';
import {
  ADMIN_ROLES,
  CATEGORY_CODES,
  CATEGORY_NAMES,
  ROLE_CODES,
  ROLE_NAMES,
  type CategoryCode,
  type RoleCode,
  type UserRecord,
} from '@zibo/shared';
import { DataTable, FilterBar, FormDialog } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import { useCityCode } from '../../shared/session.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { describeError } from '../../api/client.ts';
import { useResetMfa, useSetGrants, useUsers, type UsersFilter } from './accounts.api.ts';
import { DepartmentSelect } from './department-select.tsx';
import { accountColumns } from './account-columns.tsx';
import { KeywordSearch } from '../../shared/list-filters.tsx';

const PAGE_SIZE = 20;

// 三员分立: the administrator roles are shown apart, as they are granted alone.
const BUSINESS_ROLES = ROLE_CODES.filter((r) => !ADMIN_ROLES.includes(r));

/** Roles and data scope (region subtree × categories), granted by the security administrator. */
export function GrantsPage() {
  const [filter, setFilter] = useState<UsersFilter>({ page: 1, pageSize: PAGE_SIZE });
  const users = useUsers(filter);
  const [granting, setGranting] = useState<UserRecord | null>(null);
  const resetMfa = useResetMfa();
  const { modal, message } = App.useApp();
  const confirmResetMfa = (u: UserRecord) =>
    modal.confirm({
      title: `重置“${u.displayName}”的动态验证码？`,
      content:
        '该账号现有的动态验证码和恢复码立即失效，须在下次登录时重新绑定。此操作记入审计日志。',
      okText: '重置',
      cancelText: '取消',
      onOk: async () => {
        try {
          await resetMfa.mutateAsync(u.id);
          void message.success('已重置动态验证码');
        } catch (e) {
          void message.error(describeError(e));
        }
      },
    });

  return (
    <>
      <PageHeader
        title="角色授权"
        subtitle="为账号授予角色和数据范围（行政区划 × 设施类别）。三员分立：系统管理员、安全管理员、审计管理员不能互相兼任，也不能与业务角色同时授予。"
      />
      <FilterBar label="筛选账号">
        <KeywordSearch
          label="搜索账号"
          placeholder="用户名或姓名"
          width={320}
          onSearch={(q) => setFilter((f) => ({ ...f, q, page: 1 }))}
        />
      </FilterBar>
      {users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <DataTable<UserRecord>
          rowKey="id"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          aria-label="账号列表"
          scroll={{ x: 1180 }}
          unit="个账号"
          paging={{
            page: filter.page,
            pageSize: filter.pageSize,
            total: users.data?.total ?? 0,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          columns={[
            ...accountColumns({
              username: 120,
              displayName: 170,
              roles: 130,
              department: 180,
              categories: 170,
            }),
            {
              title: '操作',
              key: 'actions',
              fixed: 'right',
              width: 180,
              render: (_, u) =>
                u.abilities.grant ? (
                  <>
                    <Button size="small" type="link" onClick={() => setGranting(u)}>
                      授权
                    </Button>
                    <Button size="small" type="link" onClick={() => confirmResetMfa(u)}>
                      重置动态验证码
                    </Button>
                  </>
                ) : null,
            },
          ]}
        />
      )}
      {granting ? <GrantDialog user={granting} onClose={() => setGranting(null)} /> : null}
    </>
  );
}

type GrantForm = {
  roles: RoleCode[];
  regionCode: string;
  departmentCode: string | null;
  categories: CategoryCode[];
};

function GrantDialog({ user, onClose }: { user: UserRecord; onClose: () => void }) {
  const [form] = Form.useForm<GrantForm>();
  const grant = useSetGrants();
  const { message } = App.useApp();
  const regionCode = Form.useWatch('regionCode', form);
  const roles = Form.useWatch('roles', form) ?? [];
  const cityCode = useCityCode();

  return (
    <FormDialog<GrantForm>
      title={`授权：${user.displayName}（${user.username}）`}
      okText="保存授权"
      width={720}
      form={form}
      name="grants"
      fields={['roles', 'regionCode', 'departmentCode', 'categories']}
      onClose={onClose}
      onSubmit={async (values) => {
        await grant.mutateAsync({
          id: user.id,
          version: user.version,
          roles: values.roles,
          regionCode: values.regionCode,
          categories: values.categories,
          departmentCode: values.departmentCode ?? null,
        });
        void message.success(`已为 ${user.username} 保存授权`);
        onClose();
      }}
      initialValues={{
        roles: user.roles,
        regionCode: user.regionCode ?? cityCode,
        departmentCode: user.departmentCode,
        categories: user.categories,
      }}
      onValuesChange={(changed: Partial<GrantForm>) => {
        // A department belongs to one city or district: another region needs another one.
        if ('regionCode' in changed) form.setFieldValue('departmentCode', null);
      }}
    >
      <Form.Item label="角色" name="roles" extra="账号被授权后须重新登录，新的权限立即生效。">
        <Checkbox.Group style={{ display: 'block' }}>
          <Flex vertical gap={8}>
            <div>
              <Typography.Text type="secondary" style={{ marginInlineEnd: 12 }}>
                管理员（单独授予）
              </Typography.Text>
              {ADMIN_ROLES.map((r) => (
                <Checkbox key={r} value={r}>
                  {ROLE_NAMES[r]}
                </Checkbox>
              ))}
            </div>
            <div>
              <Typography.Text type="secondary" style={{ marginInlineEnd: 12 }}>
                业务角色
              </Typography.Text>
              {BUSINESS_ROLES.map((r) => (
                <Checkbox key={r} value={r}>
                  {ROLE_NAMES[r]}
                </Checkbox>
              ))}
            </div>
          </Flex>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item
        label="数据范围（行政区划）"
        name="regionCode"
        rules={[{ required: true, message: '请选择行政区划' }]}
      >
        <RegionTreeSelect />
      </Form.Item>
      <Form.Item
        label="所属部门"
        name="departmentCode"
        rules={[
          {
            required: roles.includes('department'),
            message: '主管部门角色须指定所属部门',
          },
        ]}
      >
        <DepartmentSelect regionCode={regionCode} />
      </Form.Item>
      <Form.Item label="设施类别" name="categories">
        <Checkbox.Group
          options={CATEGORY_CODES.map((c) => ({ value: c, label: CATEGORY_NAMES[c] }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
