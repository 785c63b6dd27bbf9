import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Typography } from 'antd';
import { describeError } from '../../api/client.ts';
import { EChart, type ChartOption } from '../../shared/echart.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import {
  CHOICES,
  CHOICE_NAMES,
  useMoveQuestionnaire,
  useQuestionnaire,
  useQuestionnaireResults,
  type QuestionTally,
  type QuestionnaireResults,
} from './questionnaires.api.ts';
import { questionnaireStatusTag } from './questionnaires-page.tsx';

const COLORS = ['#34a853', '#8bc34a', '#e53935', '#9aa0a6'];
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** Shares of each choice per question, stacked to 100% (counts in the tooltip and the table). */
function sharesChart(r: QuestionnaireResults): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: r.questions.map((q) => q.text), inverse: true },
    series: CHOICES.map((c, i) => ({
      name: CHOICE_NAMES[c],
      type: 'bar',
      stack: 'share',
      color: COLORS[i],
      data: r.questions.map((q) => Math.round(q.shares[c] * 1000) / 10),
    })),
  };
}

function byCommunityChart(r: QuestionnaireResults): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: r.communities.map((c) => c.name) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: r.questions.map((q, i) => ({
      name: q.text,
      type: 'bar',
      data: r.communities.map((c) => {
        const rate = c.questions[i]?.satisfactionRate;
        return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
      }),
    })),
  };
}

function TallyTable({ rows }: { rows: QuestionTally[] }) {
  return (
    <Table<QuestionTally>
      size="small"
      rowKey="category"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '问题', dataIndex: 'text' },
        ...CHOICES.map((c) => ({
          title: CHOICE_NAMES[c],
          key: c,
          render: (_: unknown, q: QuestionTally) => `${q.counts[c]}（${pct(q.shares[c])}）`,
        })),
        {
          title: '满意率',
          key: 'rate',
          render: (_: unknown, q: QuestionTally) => pct(q.satisfactionRate),
        },
      ]}
    />
  );
}

/** One questionnaire: its communities and period, open/close, and the results with charts. */
export function QuestionnairePage() {
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const q = useQuestionnaire(id);
  const results = useQuestionnaireResults(id);
  const move = useMoveQuestionnaire(id);
  const r = results.data;
  const charts = useMemo(
    () => (r ? { shares: sharesChart(r), communities: byCommunityChart(r) } : null),
    [r],
  );
  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const act = (action: 'open' | 'close') =>
    move
      .mutateAsync(action)
      .then(() => {
        message.success(action === 'open' ? '调查已开始，居民可以作答' : '调查已结束，结果已公布');
        void results.refetch();
      })
      .catch((e: unknown) => void message.error(describeError(e)));
  return (
    <>
      <PageHeader
        title={d.title}
        subtitle={<Link to="/feedback/questionnaires">返回满意度调查</Link>}
        extra={
          <Space>
            {d.abilities.open && (
              <Popconfirm
                title="开始后不能再修改问题和社区，确定开始？"
                onConfirm={() => act('open')}
              >
                <Button type="primary" loading={move.isPending}>
                  开始调查
                </Button>
              </Popconfirm>
            )}
            {d.abilities.close && (
              <Popconfirm
                title="结束后不再接受作答，结果按社区公布。确定结束？"
                onConfirm={() => act('close')}
              >
                <Button loading={move.isPending}>结束调查</Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="状态">{questionnaireStatusTag(d)}</Descriptions.Item>
          <Descriptions.Item label="调查时间">
            {d.periodStart} 至 {d.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label="社区">
            {d.communities.map((c) => c.name).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="问题">
            {d.questions.map((x) => x.text).join(' ')}
          </Descriptions.Item>
          {d.intro && <Descriptions.Item label="说明">{d.intro}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title="调查结果" data-testid="questionnaire-results">
        {results.error ? (
          <ErrorState error={results.error} onRetry={() => void results.refetch()} />
        ) : !r || !charts ? (
          <PageLoading />
        ) : r.answers === 0 ? (
          <Empty description={d.status === 'draft' ? '尚未开始' : '还没有居民作答'} />
        ) : (
          <>
            <Typography.Paragraph>
              共 <strong data-testid="questionnaire-answers">{r.answers}</strong> 人作答。满意率
              =（满意 + 基本满意）/（满意 + 基本满意 + 不满意），“不了解”不计入。
            </Typography.Paragraph>
            <EChart
              option={charts.shares}
              height={60 + r.questions.length * 48}
              label="各问题选项占比"
            />
            <TallyTable rows={r.questions} />
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              按社区
            </Typography.Title>
            <EChart option={charts.communities} height={280} label="各社区满意率" />
            {r.communities.map((c) => (
              <div key={c.code} style={{ marginTop: 16 }}>
                <Typography.Text strong>
                  {c.name}（{c.answers} 人）
                </Typography.Text>
                <TallyTable rows={c.questions} />
              </div>
            ))}
          </>
        )}
      </Card>
    </>
  );
}
