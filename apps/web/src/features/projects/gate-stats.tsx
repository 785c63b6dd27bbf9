import { Card, Col, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { PROJECT_GATE_NAMES, type ProjectGate } from '@zibo/shared';
import { ErrorState } from '../../shared/states.tsx';
import { GATE_COLORS, GATE_SHORT_NAMES, nameGateStatus } from './project-format.ts';
import { useProjectStats } from './projects.api.ts';
import { formatCount } from '../../shared/format.ts';

/**
 * P11 督导: how many projects each gate holds (their current gate), of which under review or
 * returned, and the department opinions past their deadline there. A tile filters the list.
 */
export function GateStats(props: {
  region: string | undefined;
  selected: ProjectGate | undefined;
  onSelect: (gate: ProjectGate | undefined) => void;
}) {
  const stats = useProjectStats(props.region);
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const gates = stats.data?.gates ?? [];
  return (
    <Card
      size="small"
      title={`各关口项目数（共 ${formatCount(stats.data?.total ?? 0)} 个项目）`}
      extra={<Typography.Text type="secondary">按项目当前所处关口统计，点击筛选</Typography.Text>}
      style={{ marginBottom: 16 }}
      loading={stats.isPending}
    >
      <Row gutter={[8, 8]} data-testid="gate-stats">
        {gates.map((g) => {
          const active = props.selected === g.gate;
          return (
            <Col key={g.gate} xs={12} md={6} xl={3}>
              <Card
                size="small"
                hoverable
                role="button"
                aria-pressed={active}
                aria-label={`${PROJECT_GATE_NAMES[g.gate]}：${g.held} 个项目`}
                onClick={() => props.onSelect(active ? undefined : g.gate)}
                style={{
                  height: '100%',
                  borderTop: `3px solid ${GATE_COLORS[g.gate]}`,
                  background: active ? '#e6f4ff' : undefined,
                }}
                styles={{ body: { padding: '8px 12px' } }}
              >
                <Statistic
                  title={GATE_SHORT_NAMES[g.gate]}
                  value={g.held}
                  suffix="个"
                  styles={{ content: { fontSize: 22 } }}
                />
                <Flex gap={4} wrap style={{ minHeight: 22 }}>
                  {g.open ? (
                    <Tag color="processing">
                      {nameGateStatus(g.gate, 'open')} {g.open}
                    </Tag>
                  ) : null}
                  {g.returned ? <Tag color="error">退回 {g.returned}</Tag> : null}
                  {g.pending ? <Tag>待提交 {g.pending}</Tag> : null}
                  {g.overdueOpinions ? (
                    <Tag color="red" variant="solid">
                      逾期意见 {g.overdueOpinions}
                    </Tag>
                  ) : null}
                </Flex>
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
