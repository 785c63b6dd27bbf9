import { useState } from 'react';
import { Link } from 'react-router';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Skeleton,
  Statistic,
  Typography,
} from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../shared/format.ts';
import { ListPager } from '../../shared/kit/index.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState } from '../../shared/states.tsx';
import { useSearchFilter } from '../../shared/use-search-filter.ts';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { formatProblemPlace } from './problem-format.ts';
import { InstructDialog } from './problem-actions.tsx';
import { DeadlineText, ProblemProgress, ProblemTags } from './problem-tags.tsx';
import { useProblem, useProblemCounts, useProblems, type Problem } from './problems.api.ts';

const FILTER_KEYS = ['view'] as const;

type View = 'all' | 'overdue' | 'closed';

const VIEWS: { value: View; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'overdue', label: '逾期' },
  { value: 'closed', label: '已销号' },
];

/** P5 重点难点问题由主要领导亲自调度: the key problems, their state and the instructions given. */
export function DispatchPage() {
  const { filter, page, pageSize, setFilter, paging } = useSearchFilter(FILTER_KEYS, 10);
  const view: View = filter.view === 'overdue' || filter.view === 'closed' ? filter.view : 'all';
  const list = useProblems({
    isKey: true,
    order: 'deadline',
    ...(view === 'overdue' ? { overdue: true } : {}),
    ...(view === 'closed' ? { status: 'closed' as const } : {}),
    page,
    pageSize,
  });
  const [all, overdue, closed] = useProblemCounts([
    { isKey: true },
    { isKey: true, overdue: true },
    { isKey: true, status: 'closed' },
  ]);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="领导调度"
        subtitle="重点难点问题由领导小组办公室标记，列入本清单由领导亲自调度；领导批示记入问题办理记录并通知责任单位。"
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={8} xl={4}>
          <Card size="small">
            <Statistic
              title="重点难点问题"
              value={all ?? 0}
              loading={all === undefined}
              suffix="个"
            />
          </Card>
        </Col>
        <Col xs={8} xl={4}>
          <Card size="small">
            <Statistic
              title="逾期"
              value={overdue ?? 0}
              loading={overdue === undefined}
              suffix="个"
              styles={overdue ? { content: { color: '#f5222d' } } : undefined}
            />
          </Card>
        </Col>
        <Col xs={8} xl={4}>
          <Card size="small">
            <Statistic
              title="已销号"
              value={closed ?? 0}
              loading={closed === undefined}
              suffix="个"
            />
          </Card>
        </Col>
      </Row>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Segmented<View>
          value={view}
          onChange={(v) => setFilter({ view: v === 'all' ? null : v })}
          options={VIEWS}
          aria-label="范围"
        />
        <Link to="/problems?isKey=true">在问题台账中查看</Link>
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Card>
          <Empty description="暂无重点难点问题" />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {items.map((p) => (
            <KeyProblemCard key={p.id} problem={p} />
          ))}
          <ListPager paging={paging(list.data?.total ?? 0)} unit="个" />
        </Flex>
      )}
    </>
  );
}

function KeyProblemCard({ problem }: { problem: Problem }) {
  const [instructing, setInstructing] = useState(false);
  // The instructions are in the problem's timeline, which only the detail carries.
  const detail = useProblem(problem.id);
  const instructions = (detail.data?.events ?? []).filter((e) => e.action === 'instruct');

  return (
    <Card
      data-testid={`key-problem-${problem.id}`}
      title={
        <Flex gap={8} align="center" wrap>
          <Link to={`/problems/${problem.id}`}>
            #{problem.id} {problem.title}
          </Link>
          <ProblemTags problem={problem} />
        </Flex>
      }
      extra={
        problem.abilities.instruct && detail.data ? (
          <Button type="primary" icon={<MessageOutlined />} onClick={() => setInstructing(true)}>
            领导批示
          </Button>
        ) : null
      }
    >
      <Row gutter={[24, 12]}>
        <Col xs={24} xl={10}>
          <Flex vertical gap={6}>
            <Typography.Text type="secondary">
              {formatProblemPlace(problem)} · {nameFacilityType(problem.facilityType)}
            </Typography.Text>
            <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ margin: 0 }}>
              {problem.description}
            </Typography.Paragraph>
            <Flex gap={16} align="center">
              <span>
                完成时限：
                <DeadlineText problem={problem} />
              </span>
              <div style={{ flex: 1, minWidth: 140 }}>
                <ProblemProgress problem={problem} size="small" />
              </div>
            </Flex>
          </Flex>
        </Col>
        <Col xs={24} xl={14}>
          <Typography.Text strong>领导批示</Typography.Text>
          {detail.isPending ? (
            <Skeleton active paragraph={{ rows: 1 }} />
          ) : instructions.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              尚无批示
            </Typography.Paragraph>
          ) : (
            <Flex vertical gap={6} style={{ marginTop: 4 }} data-testid="instructions">
              {instructions.map((e) => (
                <div key={e.id}>
                  <Typography.Text>{e.comment}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' '}
                    —— {e.actorName}，{formatDateTime(e.at)}
                  </Typography.Text>
                </div>
              ))}
            </Flex>
          )}
        </Col>
      </Row>
      {instructing && detail.data ? (
        <InstructDialog problem={detail.data} onClose={() => setInstructing(false)} />
      ) : null}
    </Card>
  );
}
