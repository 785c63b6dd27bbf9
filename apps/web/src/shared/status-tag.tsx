import { Tag } from 'antd';
import { ROLE_NAMES, type RoleCode } from '@zibo/shared';

export type StatusTone = 'success' | 'processing' | 'warning' | 'error' | 'default';

/** A coloured status label; the tone carries the meaning, the text says it in words. */
export function StatusTag({ tone, label }: { tone: StatusTone; label: string }) {
  return (
    <Tag color={tone} variant="outlined">
      {label}
    </Tag>
  );
}

export function RoleTags({ roles }: { roles: readonly RoleCode[] }) {
  if (roles.length === 0) return <StatusTag tone="default" label="未授予角色" />;
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color="blue">
          {ROLE_NAMES[r]}
        </Tag>
      ))}
    </>
  );
}
