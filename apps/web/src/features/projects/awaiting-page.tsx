import { Alert, Card, Col, Row, Statistic } from 'antd';
import { useCurrentUser } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { AwaitingTable } from './awaiting-table.tsx';
import { useAwaitingProjects } from './projects.api.ts';
import './projects.css';

/**
 * 待我审查: what awaits the department at the joint reviews — opinions owed (oldest deadline first,
 * overdue marked), answers to conditions to confirm, and for natural resources the documents due.
 */
export function AwaitingPage() {
  const user = useCurrentUser();
  const awaiting = useAwaitingProjects();
  const items = awaiting.data?.items ?? [];
  const opinions = items.filter((i) => i.kind === 'opinion');
  const overdue = items.filter((i) => i.overdue);
  const others = items.length - opinions.length;

  return (
    <>
      <PageHeader
        title="待我审查"
        subtitle={`${user.displayName}：联合审查中待本部门出具的意见、待确认落实的附加条件${
          user.departmentCode?.endsWith('-natural_resources') ? '、待提交的规划和供地条件' : ''
        }。意见须在期限内出具，逾期将向领导小组办公室督办。`}
      />
      {awaiting.isError ? (
        <ErrorState error={awaiting.error} onRetry={() => void awaiting.refetch()} />
      ) : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title="待出具意见"
              value={opinions.length}
              suffix="项"
              loading={awaiting.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title="已逾期"
              value={overdue.length}
              suffix="项"
              loading={awaiting.isPending}
              styles={overdue.length ? { content: { color: '#cf1322' } } : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title="其他待办（条件确认、材料提交）"
              value={others}
              suffix="项"
              loading={awaiting.isPending}
            />
          </Card>
        </Col>
      </Row>
      {overdue.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={`有 ${overdue.length} 项意见已超过期限，请尽快出具`}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card>
        <AwaitingTable items={items} loading={awaiting.isFetching} label="待我审查事项" />
      </Card>
    </>
  );
}
