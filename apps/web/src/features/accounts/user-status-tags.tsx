import type { UserRecord } from '@zibo/shared';
import { StatusTag } from '../../shared/status-tag.tsx';

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
