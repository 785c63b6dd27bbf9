import { useNavigate } from 'react-router';
import { Card, Col, Row, Statistic } from 'antd';
import { PROBLEM_STATUS_LABELS, type Permission } from '@zibo/shared';
import { useAuth } from '../../shared/session.tsx';
import { useNotices } from '../inbox/inbox.api.ts';
import { AWAITING_NAMES } from '../problems/problem-format.ts';
import { useProblemCounts, type ProblemQuery } from '../problems/problems.api.ts';
import { useAwaitingProjects } from '../projects/projects.api.ts';

type ProblemTodo = {
  key: string;
  title: string;
  /** Shown to a user holding any of these. */
  permissions: readonly Permission[];
  query: Omit<ProblemQuery, 'page' | 'pageSize'>;
  /** A count above zero is a warning (red). */
  alarming?: boolean;
};

/**
 * The problem counts on the workbench, each a filter of 问题台账 the tile opens. They are counts in
 * the user's scope, so a department sees the plans and closures of its own categories (P4, P5),
 * a district what it has to plan, and the office and leaders what is late or key (P11, P12).
 */
const PROBLEM_TODOS: readonly ProblemTodo[] = [
  {
    key: 'plan_approval',
    title: AWAITING_NAMES.plan_approval,
    permissions: ['problems.review', 'problems.approve'],
    query: { awaiting: 'plan_approval' },
  },
  {
    key: 'closure_decision',
    title: AWAITING_NAMES.closure_decision,
    permissions: ['problems.review'],
    query: { awaiting: 'closure_decision' },
  },
  {
    key: 'extension_decision',
    title: AWAITING_NAMES.extension_decision,
    permissions: ['problems.review'],
    query: { awaiting: 'extension_decision' },
  },
  {
    key: 'open',
    title: PROBLEM_STATUS_LABELS.open,
    permissions: ['problems.work'],
    query: { status: 'open' },
  },
  {
    key: 'key',
    title: '重点难点问题',
    permissions: ['problems.supervise', 'problems.instruct'],
    query: { isKey: true },
  },
  {
    key: 'overdue',
    title: '逾期未销号',
    permissions: ['problems.read'],
    query: { overdue: true },
    alarming: true,
  },
];

/** The address of 问题台账 filtered as a tile counts (the list reads its filter from the URL). */
export function buildProblemListLink(query: ProblemTodo['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null) params.set(k, String(v));
  }
  return `/problems?${params.toString()}`;
}

type Tile = {
  key: string;
  title: string;
  value: number | undefined;
  to: string;
  alarming?: boolean;
};

/** 我的待办: what waits for the user now, each tile opening the list of exactly those items. */
export function TodoPanel() {
  const { hasPermission } = useAuth();
  const problemTodos = hasPermission('problems.read')
    ? PROBLEM_TODOS.filter((t) => t.permissions.some((p) => hasPermission(p)))
    : [];
  const problemCounts = useProblemCounts(problemTodos.map((t) => t.query));
  // Departments give opinions (待我审查); a developer submits materials and answers conditions
  // (待我办理, listed on its 新建项目 page). Both read the same awaiting-me list.
  const canOpine = hasPermission('projects.opine');
  const canSubmit = !canOpine && hasPermission('projects.submit');
  const awaitingProjects = useAwaitingProjects(canOpine || canSubmit);
  const unread = useNotices({ unread: true, page: 1, pageSize: 1 });

  const tiles: Tile[] = [
    ...problemTodos.map((t, i) => ({
      key: t.key,
      title: t.title,
      value: problemCounts[i],
      to: buildProblemListLink(t.query),
      alarming: t.alarming,
    })),
    ...(canOpine
      ? [
          {
            key: 'projects',
            title: '项目待我审查',
            value: awaitingProjects.data?.total,
            to: '/projects/awaiting',
          },
        ]
      : []),
    ...(canSubmit
      ? [
          {
            key: 'projects',
            title: '项目待我办理',
            value: awaitingProjects.data?.total,
            to: '/projects',
          },
        ]
      : []),
    { key: 'inbox', title: '未读消息', value: unread.data?.unread, to: '/inbox' },
  ];

  return (
    <Card title="我的待办" data-testid="todo-panel">
      <Row gutter={[12, 12]}>
        {tiles.map((t) => (
          <Col key={t.key} xs={12} md={8} xl={Math.max(3, Math.floor(24 / tiles.length))}>
            <TodoTile tile={t} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function TodoTile({ tile }: { tile: Tile }) {
  const navigate = useNavigate();
  const open = () => void navigate(tile.to);
  return (
    <Card
      size="small"
      hoverable
      role="link"
      tabIndex={0}
      aria-label={`${tile.title}${tile.value === undefined ? '' : `，${tile.value} 项`}`}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      <Statistic
        title={tile.title}
        value={tile.value ?? 0}
        loading={tile.value === undefined}
        suffix="项"
        styles={tile.alarming && tile.value ? { content: { color: '#f5222d' } } : undefined}
      />
    </Card>
  );
}
