import { Alert, Form, Input, Select, Tag, Tooltip } from 'antd';
import { FormDialog } from '../../shared/kit/index.ts';
import { formatDateTime } from '../../shared/format.ts';
import { describeLedgerError } from './ledger-lock-alert.tsx';
import type { ArchivedFilter } from './ledger.api.ts';

type Values = { reason: string };

/**
 * Issue 11: a ledger record that must go is archived with a reason, not erased. The dialog asks
 * for the reason; the caller's `onArchive` saves it (throw to keep the dialog open with the error).
 */
export function ArchiveDialog(props: {
  /** What is archived, e.g. 小区“幸福小区”. */
  subject: string;
  /** What archiving does to it, shown above the reason. */
  effect: string;
  onArchive: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  return (
    <FormDialog<Values>
      title={`归档${props.subject}`}
      form={form}
      name="archive"
      okText="归档"
      okDanger
      fields={['reason']}
      describe={describeLedgerError}
      intro={<Alert type="warning" showIcon title={props.effect} style={{ marginBottom: 16 }} />}
      onSubmit={(values) => props.onArchive(values.reason.trim())}
      onClose={props.onClose}
    >
      <Form.Item
        name="reason"
        label="归档原因"
        rules={[
          { required: true, whitespace: true, message: '请填写归档原因' },
          { min: 2, message: '归档原因至少 2 个字' },
          { max: 200, message: '归档原因不超过 200 字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：小区整体拆迁" />
      </Form.Item>
    </FormDialog>
  );
}

/** The notice on an archived record's page: when and why it left the ledger. */
export function ArchivedAlert(props: { archivedAt: string; reason: string | null | undefined }) {
  return (
    <Alert
      type="info"
      showIcon
      role="status"
      style={{ marginBottom: 16 }}
      title={`已归档（${formatDateTime(props.archivedAt)}）`}
      description={`归档原因：${props.reason ?? '—'}。已归档的记录仅供查阅历史，不能修改或删除，不计入台账、地图和缺口分析。`}
    />
  );
}

const ARCHIVED_OPTIONS: { value: ArchivedFilter; label: string }[] = [
  { value: 'exclude', label: '在用' },
  { value: 'only', label: '已归档' },
  { value: 'include', label: '全部' },
];

/** The lists' 状态 filter (issue 11): 在用 (default) / 已归档 / 全部, mapped to `?archived=`. */
export function ArchivedFilterSelect(props: {
  value: string | undefined;
  onChange: (value: ArchivedFilter | undefined) => void;
}) {
  const value = ARCHIVED_OPTIONS.some((o) => o.value === props.value)
    ? (props.value as ArchivedFilter)
    : 'exclude';
  return (
    <Select<ArchivedFilter>
      aria-label="状态"
      prefix="状态"
      style={{ width: 130 }}
      value={value}
      onChange={(v) => props.onChange(v === 'exclude' ? undefined : v)}
      options={ARCHIVED_OPTIONS}
    />
  );
}

/** The tag of an archived row in a list. */
export function ArchivedTag(props: { archivedAt?: string | null | undefined }) {
  if (!props.archivedAt) return null;
  return (
    <Tooltip title={`归档于 ${formatDateTime(props.archivedAt)}`}>
      <Tag>已归档</Tag>
    </Tooltip>
  );
}

/** `archived` from the address, for the API (unknown values fall back to 在用). */
export function archivedQuery(value: string | undefined): ArchivedFilter | undefined {
  return value === 'only' || value === 'include' ? value : undefined;
}
