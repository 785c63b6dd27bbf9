import { useMemo, useState } from 'react';
import './settings.css';
import {
  Alert,
  App,
  Anchor,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Tag,
  Typography,
} from 'antd';
import type { SettingDescriptor, SettingValue, SettingsGroupView } from '@zibo/shared';
import { ApiError } from '../../api/client.ts';
import { applyFieldErrors, toFieldName } from '../../shared/form-errors.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { EmptyState, ErrorState, PageLoading } from '../../shared/states.tsx';
import { useReloadSettings, useSaveSettingsGroup, useSettingsGroups } from './settings.api.ts';

type Field = SettingsGroupView['fields'][number];

/**
 * The system administrator's settings page: every business setting the API describes, grouped
 * by topic, with Chinese labels and help. Nothing here knows a setting by name — a module that
 * registers a settings group on the API (DEVELOPERS.md, "Settings") appears here as it is.
 */
export function SettingsPage() {
  const groups = useSettingsGroups();
  if (groups.isPending) return <PageLoading />;
  if (groups.isError)
    return <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />;
  const list = groups.data.groups;
  return (
    <>
      <PageHeader
        title="系统设置"
        subtitle="平台的业务参数。每项修改即时生效并记入审计日志；取值范围见各项说明。"
      />
      {list.length === 0 ? (
        <EmptyState description="您的角色没有可修改的设置" />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={0} xl={5}>
            <Anchor
              offsetTop={16}
              items={list.map((g) => ({
                key: g.id,
                href: `#settings-${g.id}`,
                title: g.label,
              }))}
            />
          </Col>
          <Col xs={24} xl={19}>
            <Flex vertical gap={16}>
              {list.map((g) => (
                <SettingsGroupCard key={g.id} group={g} />
              ))}
            </Flex>
          </Col>
        </Row>
      )}
    </>
  );
}

const RANGE_UNIT = (f: SettingDescriptor) => (f.unit ? ` ${f.unit}` : '');

/** "取值 1–10 人/户" for numbers, "不超过 60 字" for text; nothing when unbounded. */
function describeBounds(f: SettingDescriptor): string | null {
  if (f.type === 'integer' || f.type === 'number') {
    const kind = f.type === 'integer' ? '整数' : '数值';
    if (f.min !== undefined && f.max !== undefined)
      return `取值：${f.min}–${f.max}${RANGE_UNIT(f)}的${kind}`;
    if (f.min !== undefined) return `取值：不小于 ${f.min}${RANGE_UNIT(f)}的${kind}`;
    if (f.max !== undefined) return `取值：不大于 ${f.max}${RANGE_UNIT(f)}的${kind}`;
    return null;
  }
  if (f.type === 'text' && f.maxLength !== undefined)
    return `${f.min ? '必填，' : ''}不超过 ${f.maxLength} 字`;
  return null;
}

function displayValue(f: Field): string {
  if (f.type === 'boolean') return f.value ? '是' : '否';
  if (f.type === 'choice') return f.options?.find((o) => o.value === f.value)?.label ?? '';
  return `${String(f.value)}${f.unit ? ` ${f.unit}` : ''}`;
}

/**
 * The control of one setting: called as a function, so that Form.Item's child is the antd
 * control itself and gets its value, onChange and id.
 */
function renderControl(field: Field, disabled: boolean) {
  switch (field.type) {
    case 'integer':
    case 'number':
      // No min/max here: a value out of range is sent, and the API's Chinese reason is shown.
      return (
        <InputNumber
          disabled={disabled}
          suffix={field.unit}
          precision={field.type === 'integer' ? 0 : undefined}
          style={{ width: 220 }}
        />
      );
    case 'boolean':
      return <Switch disabled={disabled} checkedChildren="是" unCheckedChildren="否" />;
    case 'text':
      return field.multiline ? (
        <Input.TextArea
          disabled={disabled}
          autoSize={{ minRows: 2, maxRows: 5 }}
          showCount={field.maxLength !== undefined}
          maxLength={field.maxLength}
        />
      ) : (
        <Input
          disabled={disabled}
          showCount={field.maxLength !== undefined}
          maxLength={field.maxLength}
          style={{ maxWidth: 480 }}
        />
      );
    case 'choice':
      return (
        <Select
          disabled={disabled}
          style={{ width: 220 }}
          options={field.options?.map((o) => ({ value: o.value, label: o.label }))}
        />
      );
  }
}

function SettingsGroupCard({ group }: { group: SettingsGroupView }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const save = useSaveSettingsGroup(group.id);
  const reload = useReloadSettings();
  const [failure, setFailure] = useState<{ message: string; stale: boolean } | null>(null);
  const initialValues = useMemo(() => initialValuesOf(group), [group]);

  const submit = () => {
    setFailure(null);
    const changed: Record<string, SettingValue> = {};
    for (const f of group.fields) {
      const v = form.getFieldValue(toFieldName(f.key)) as SettingValue | null | undefined;
      // An emptied number field is sent as it is (null): the API names the field.
      if (v !== f.value) changed[f.key] = v as SettingValue;
    }
    if (Object.keys(changed).length === 0) {
      void message.info(`“${group.label}”没有修改`);
      return;
    }
    save.mutate(
      { values: changed, version: group.version },
      {
        onSuccess: (saved) => {
          form.setFieldsValue(initialValuesOf(saved));
          void message.success(`已保存“${group.label}”，已记入审计日志`);
        },
        onError: (error) => {
          applyFieldErrors(
            form,
            error,
            group.fields.map((f) => f.key),
          );
          setFailure({
            message: error instanceof Error ? error.message : '保存失败',
            stale: error instanceof ApiError && error.code === 'CONFLICT',
          });
        },
      },
    );
  };

  return (
    <Card
      id={`settings-${group.id}`}
      title={
        <Flex gap={8} align="center">
          <span>{group.label}</span>
          {group.editable ? null : <Tag>只读</Tag>}
        </Flex>
      }
      data-testid={`settings-group-${group.id}`}
    >
      <Typography.Paragraph type="secondary">{group.help}</Typography.Paragraph>
      {group.editable ? (
        <Form
          form={form}
          name={`settings-${group.id}`}
          layout="vertical"
          initialValues={initialValues}
          onFinish={submit}
          aria-label={group.label}
          onValuesChange={() => setFailure(null)}
        >
          <Row gutter={24}>
            {group.fields.map((f) => (
              <Col key={f.key} xs={24} lg={f.multiline ? 24 : 12}>
                <Form.Item
                  name={toFieldName(f.key)}
                  label={f.label}
                  valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
                  extra={[f.help, describeBounds(f)].filter(Boolean).join(' ')}
                >
                  {renderControl(f, save.isPending)}
                </Form.Item>
              </Col>
            ))}
          </Row>
          {failure ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              title={failure.message}
              action={
                failure.stale ? (
                  <Button size="small" onClick={() => void reload()}>
                    重新加载
                  </Button>
                ) : null
              }
            />
          ) : null}
          <Flex gap={8}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
            <Button onClick={() => form.resetFields()} disabled={save.isPending}>
              撤销未保存的修改
            </Button>
          </Flex>
        </Form>
      ) : (
        <dl className="settings-readonly">
          {group.fields.map((f) => (
            <div key={f.key} data-setting={f.key}>
              <dt>{f.label}</dt>
              <dd>
                <Typography.Text strong>{displayValue(f)}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {f.help}
                </Typography.Paragraph>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

function initialValuesOf(group: SettingsGroupView): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of group.fields) {
    const path = toFieldName(f.key);
    let at = values;
    for (const p of path.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[path.at(-1)!] = f.value;
  }
  return values;
}
