import { Flex, Progress, Tag, Tooltip, Typography } from 'antd';
import { FireOutlined } from '@ant-design/icons';
import { PROBLEM_STATUS_LABELS } from '@zibo/shared';
import { StatusTag } from '../../shared/status-tag.tsx';
import { PROBLEM_STATUS_TONES } from './problem-format.ts';
import type { Problem, ProblemStatus } from './problems.api.ts';

export function ProblemStatusTag({ status }: { status: ProblemStatus }) {
  return <StatusTag tone={PROBLEM_STATUS_TONES[status]} label={PROBLEM_STATUS_LABELS[status]} />;
}

/** P5 重点难点 flag. */
export function KeyProblemTag() {
  return (
    <Tooltip title="重点难点问题，由领导调度">
      <Tag color="volcano" icon={<FireOutlined />}>
        重点难点
      </Tag>
    </Tooltip>
  );
}

export function OverdueTag() {
  return <Tag color="error">逾期</Tag>;
}

/** Status, key flag and overdue, side by side. */
export function ProblemTags({
  problem,
}: {
  problem: Pick<Problem, 'status' | 'isKey' | 'overdue'>;
}) {
  return (
    <Flex gap={4} wrap>
      <ProblemStatusTag status={problem.status} />
      {problem.isKey ? <KeyProblemTag /> : null}
      {problem.overdue ? <OverdueTag /> : null}
    </Flex>
  );
}

/** The deadline, in red once passed on an unclosed problem. */
export function DeadlineText({ problem }: { problem: Pick<Problem, 'deadline' | 'overdue'> }) {
  if (!problem.deadline) return <Typography.Text type="secondary">未定</Typography.Text>;
  return problem.overdue ? (
    <Typography.Text type="danger" strong>
      {problem.deadline}
    </Typography.Text>
  ) : (
    <span>{problem.deadline}</span>
  );
}

export function ProblemProgress(props: {
  problem: Pick<Problem, 'progressPercent' | 'status' | 'overdue'>;
  size?: 'small' | 'default';
}) {
  const { problem } = props;
  return (
    <Progress
      percent={Math.round(problem.progressPercent)}
      size={props.size === 'small' ? 'small' : 'default'}
      status={problem.status === 'closed' ? 'success' : problem.overdue ? 'exception' : 'normal'}
      aria-label="整改进度"
    />
  );
}
