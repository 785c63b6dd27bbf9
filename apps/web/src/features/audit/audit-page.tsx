import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Typography } from 'antd';
import { SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { AuditEventRecord } from '@zibo/shared';
import { api, describeError } from '../../api/client.ts';
import { formatDateTime } from '../../shared/format.ts';
import { DataTable } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { AUDIT_ACTION_NAMES, AUDIT_ENTITY_NAMES, auditSubject } from '@zibo/shared';
import { describeAction } from './audit-labels.ts';

const PAGE_SIZE = 50;

type AuditFilter = {
  entity?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

type VerifyResult = { ok: boolean; count: number; firstBadSeq: number | null };

type FilterForm = {
  actor?: string;
  action?: string;
  entity?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

function JsonView({ value }: { value: unknown }) {
  if (value === null || value === undefined) {
    return <Typography.Text type="secondary">无</Typography.Text>;
  }
  return <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>;
}

/** The audit log for the audit administrator: filter, read the changes, verify the hash chain. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: PAGE_SIZE });
  const events = useQuery({
    queryKey: ['audit', filter],
    queryFn: () => api.get<{ items: AuditEventRecord[]; total: number }>('/audit', filter),
    placeholderData: keepPreviousData,
  });
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: () => api.get<VerifyResult>('/audit/verify'),
    // The verification is itself audited: show its event.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['audit'] }),
  });

  const applyFilter = (values: FilterForm) => {
    const [from, to] = values.range ?? [null, null];
    setFilter((f) => ({
      pageSize: f.pageSize,
      actor: values.actor?.trim() || undefined,
      action: values.action?.trim() || undefined,
      entity: values.entity?.trim() || undefined,
      from: from?.format('YYYY-MM-DD'),
      to: to?.format('YYYY-MM-DD'),
      page: 1,
    }));
  };

  return (
    <>
      <PageHeader
        title="审计日志"
        subtitle="所有变更和敏感操作都记入审计日志；日志只增不改，每条记录的哈希链接上一条，任何篡改都能被校验发现。"
        extra={
          <Button
            icon={<SafetyOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            校验哈希链
          </Button>
        }
      />
      <VerifyOutcome verify={verify} />
      <Form<FilterForm>
        layout="inline"
        onFinish={applyFilter}
        style={{ marginBottom: 16, rowGap: 8 }}
        aria-label="筛选审计日志"
      >
        <Form.Item label="操作人" name="actor">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Select
            placeholder="全部操作"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={Object.entries(AUDIT_ACTION_NAMES).map(([value, label]) => ({
              value,
              label,
            }))}
          />
        </Form.Item>
        <Form.Item label="对象" name="entity">
          <Select
            placeholder="全部对象"
            allowClear
            style={{ width: 160 }}
            options={Object.entries(AUDIT_ENTITY_NAMES).map(([value, label]) => ({
              value,
              label,
            }))}
          />
        </Form.Item>
        <Form.Item label="时间" name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            查询
          </Button>
        </Form.Item>
      </Form>
      {events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <DataTable<AuditEventRecord>
          rowKey="seq"
          size="small"
          loading={events.isFetching}
          dataSource={events.data?.items ?? []}
          aria-label="审计事件"
          scroll={{ x: 1000 }}
          paging={{
            page: filter.page,
            pageSize: filter.pageSize,
            total: events.data?.total ?? 0,
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
          expandable={{
            expandedRowRender: (e) => (
              <Flex gap={16} wrap>
                <div style={{ flex: '1 1 320px', minWidth: 0 }}>
                  <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                    变更前
                  </Typography.Text>
                  <JsonView value={e.before} />
                </div>
                <div style={{ flex: '1 1 320px', minWidth: 0 }}>
                  <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
                    变更后
                  </Typography.Text>
                  <JsonView value={e.after} />
                </div>
                <div style={{ flex: '1 1 100%' }}>
                  <Typography.Text type="secondary">哈希：</Typography.Text>
                  <Typography.Text code copyable>
                    {e.hash}
                  </Typography.Text>
                </div>
              </Flex>
            ),
          }}
          columns={[
            { title: '序号', dataIndex: 'seq', key: 'seq', width: 80 },
            {
              title: '时间',
              dataIndex: 'at',
              key: 'at',
              width: 170,
              render: (at: string) => formatDateTime(at),
            },
            {
              title: '操作人',
              dataIndex: 'actor',
              key: 'actor',
              render: (actor: string | null) => <span data-actor="">{actor ?? '系统'}</span>,
            },
            {
              title: '操作',
              dataIndex: 'action',
              key: 'action',
              render: (action: string) => (
                <span data-action={action}>{describeAction(action)}</span>
              ),
            },
            {
              title: '对象',
              key: 'entity',
              render: (_, e) => auditSubject(e.entity, e.entityId),
            },
            {
              title: 'IP',
              dataIndex: 'ip',
              key: 'ip',
              render: (ip: string | null) => ip ?? '—',
            },
          ]}
        />
      )}
    </>
  );
}

function VerifyOutcome({
  verify,
}: {
  verify: { isError: boolean; error: unknown; data: VerifyResult | undefined };
}) {
  if (verify.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={`校验失败：${describeError(verify.error)}`}
        style={{ marginBottom: 16 }}
      />
    );
  }
  const result = verify.data;
  if (!result) return null;
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      role="status"
      title="完整"
      description={`哈希链校验通过，共 ${result.count} 条记录，未发现篡改。`}
      style={{ marginBottom: 16 }}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`第 ${result.firstBadSeq ?? '?'} 条被篡改`}
      description={`哈希链在第 ${result.firstBadSeq ?? '?'} 条记录处断开（共 ${result.count} 条），该条及其后的记录不可信，请立即上报安全管理员。`}
      style={{ marginBottom: 16 }}
    />
  );
}
