import { useQuery } from '@tanstack/react-query';
import { Alert, List, Space, Tag, Typography } from 'antd';
import { api } from '../../api/client.ts';
import { formatDateTime } from '../../shared/format.ts';

type ProblemResidents = {
  items: {
    id: number;
    trackingCode: string;
    kind: 'report' | 'follow';
    description: string;
    createdAt: string;
    rating: string | null;
    ratingName: string | null;
    ratingComment: string | null;
    reviewStatus: 'pending' | 'reopened' | 'upheld' | null;
  }[];
  ratings: {
    satisfied: number;
    basicallySatisfied: number;
    dissatisfied: number;
    rated: number;
    satisfactionRate: number | null;
  };
};

const RATING_COLORS: Record<string, string> = {
  satisfied: 'green',
  basically_satisfied: 'cyan',
  dissatisfied: 'red',
};

/**
 * P13 on the closure decision of a problem that came from residents: what they reported and how
 * they rated it (no contact details; the feedback page has the audited reveal).
 */
export function ProblemResidents({ problemId }: { problemId: number }) {
  const { data, error } = useQuery({
    queryKey: ['feedback', 'for-problem', problemId],
    queryFn: () => api.get<ProblemResidents>(`/feedback/for-problem/${problemId}`),
  });
  if (error) return <Alert type="warning" showIcon message="居民反映加载失败" />;
  if (!data) return null;
  const r = data.ratings;
  return (
    <div data-testid="problem-residents" style={{ marginTop: 8 }}>
      <Typography.Text strong>
        居民反映 {data.items.length} 条
        {r.rated > 0
          ? `，回访 ${r.rated} 人：满意 ${r.satisfied}、基本满意 ${r.basicallySatisfied}、不满意 ${r.dissatisfied}，满意率 ${Math.round((r.satisfactionRate ?? 0) * 1000) / 10}%`
          : '，尚无回访评价（销号后居民评价）'}
      </Typography.Text>
      <List
        size="small"
        dataSource={data.items}
        renderItem={(f) => (
          <List.Item>
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text type="secondary">
                  {f.trackingCode} · {formatDateTime(f.createdAt)}
                  {f.kind === 'follow' ? ' · 关注' : ''}
                </Typography.Text>
                {f.rating && <Tag color={RATING_COLORS[f.rating]}>{f.ratingName}</Tag>}
              </Space>
              <span style={{ whiteSpace: 'pre-line' }}>{f.description}</span>
              {f.ratingComment && (
                <Typography.Text type="secondary">评价意见：{f.ratingComment}</Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
