import type { ColumnsType } from 'antd/es/table';
import type { UserRecord } from '@zibo/shared';
import { describeCategories } from '../../shared/facility-vocabulary.ts';
import { RoleTags, StatusTag } from '../../shared/status-tag.tsx';

/** An account's state in words: disabled, locked after failed sign-ins, password to change. */
export function UserStatusTags({ user }: { user: UserRecord }) {
  const tags = [];
  if (user.disabled) tags.push(<StatusTag key="disabled" tone="default" label="已停用" />);
  if (user.locked) tags.push(<StatusTag key="locked" tone="error" label="已锁定" />);
  if (user.mustChangePassword) {
    tags.push(<StatusTag key="password" tone="warning" label="待修改初始密码" />);
  }
  if (tags.length === 0) tags.push(<StatusTag key="ok" tone="success" label="正常" />);
  return <>{tags}</>;
}

/**
 * The columns an account is listed in, on 账号管理 and 授权管理 alike: 用户名, 姓名, 角色,
 * 数据范围, 部门, (the grant's 设施类别 when `categories` has a width,) 状态. Every column has
 * a width, and the page's scroll width is their sum (a column without one got what was left,
 * and 数据范围 wrapped one character per line).
 */
export function accountColumns(widths: {
  username: number;
  displayName: number;
  roles: number;
  department: number;
  categories?: number;
}): ColumnsType<UserRecord> {
  return [
    { title: '用户名', dataIndex: 'username', key: 'username', width: widths.username },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName', width: widths.displayName },
    {
      title: '角色',
      key: 'roles',
      width: widths.roles,
      render: (_, u) => <RoleTags roles={u.roles} />,
    },
    {
      title: '数据范围',
      key: 'region',
      width: 110,
      render: (_, u) => u.regionName ?? u.regionCode ?? '—',
    },
    {
      title: '部门',
      key: 'department',
      width: widths.department,
      render: (_, u) => u.departmentName ?? '—',
    },
    ...(widths.categories
      ? [
          {
            title: '设施类别',
            key: 'categories',
            width: widths.categories,
            render: (_: unknown, u: UserRecord) => describeCategories(u.categories),
          },
        ]
      : []),
    {
      title: '状态',
      key: 'status',
      width: 120,
      render: (_, u) => <UserStatusTags user={u} />,
    },
  ];
}
