import { Drawer, Table, Tag, Typography } from 'antd';
import { JURISDICTION_NAMES, METRIC_INFO } from '@zibo/shared';
import { formatDateTime } from '../../shared/format.ts';
import { ErrorState } from '../../shared/states.tsx';
import { UnverifiedTag } from '../../shared/unverified-tag.tsx';
import { formatAppliesTo, formatRuleValue } from './rule-format.ts';
import { useRuleVersions, type RuleRecord } from './standards.api.ts';

/** Every version of a rule, newest first (each department change is a new version). */
export function RuleVersionsDrawer(props: { rule: RuleRecord | null; onClose: () => void }) {
  const versions = useRuleVersions(props.rule?.id ?? null);
  return (
    <Drawer
      open={props.rule !== null}
      title={props.rule ? `${props.rule.code} 的版本记录` : ''}
      size={980}
      onClose={props.onClose}
    >
      {versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <Table<RuleRecord>
          rowKey="version"
          size="small"
          loading={versions.isFetching}
          dataSource={versions.data ?? []}
          pagination={false}
          aria-label="版本记录"
          columns={[
            {
              title: '版本',
              key: 'version',
              width: 90,
              // Versions come newest first: the first is the one in force.
              render: (_, r, index) => (
                <>
                  v{r.version}
                  {index === 0 ? (
                    <Tag color="blue" style={{ marginInlineStart: 4 }}>
                      现行
                    </Tag>
                  ) : null}
                </>
              ),
            },
            {
              title: '指标',
              key: 'metric',
              width: 110,
              render: (_, r) => METRIC_INFO[r.metric].name,
            },
            {
              title: '数值',
              key: 'value',
              width: 150,
              render: (_, r) => (
                <>
                  {formatRuleValue(r)} <UnverifiedTag verified={r.verified} />
                  {!r.active ? <Tag>已停用</Tag> : null}
                </>
              ),
            },
            {
              title: '适用范围',
              key: 'appliesTo',
              width: 150,
              render: (_, r) => formatAppliesTo(r),
            },
            {
              title: '层级',
              key: 'jurisdiction',
              width: 70,
              render: (_, r) => JURISDICTION_NAMES[r.jurisdiction],
            },
            {
              title: '出处 / 条款',
              key: 'source',
              render: (_, r) => (
                <>
                  {r.source}
                  {r.clause ? (
                    <>
                      <br />
                      <Typography.Text type="secondary">条款：{r.clause}</Typography.Text>
                    </>
                  ) : null}
                  {r.researchNote ? (
                    <>
                      <br />
                      <Typography.Text type="secondary" italic>
                        研究备注：{r.researchNote}
                      </Typography.Text>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              title: '修改人 / 时间',
              key: 'changed',
              width: 160,
              render: (_, r) => (
                <>
                  {r.changedBy ?? '初始目录'}
                  <br />
                  <Typography.Text type="secondary">{formatDateTime(r.changedAt)}</Typography.Text>
                </>
              ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}
