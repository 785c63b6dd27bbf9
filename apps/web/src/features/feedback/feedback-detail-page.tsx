import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { FACILITY_TYPES } from '@zibo/shared';
import { PageHeader } from '../../shared/page-header.tsx';
import { ErrorState, PageLoading } from '../../shared/states.tsx';
import { formatDateTime } from '../../shared/format.ts';
import {
  useFeedback,
  useRevealContact,
  useReview,
  useTriage,
  type FeedbackDetail,
  type TriageBody,
} from './feedback.api.ts';
import { statusTag } from './feedback-page.tsx';
import { staffLine } from './feedback-format.ts';

/** One resident's feedback: its timeline, the three triage actions, reveal, 回访 review. */
export function FeedbackDetailPage() {
  const id = Number(useParams().id);
  const { data, error, isLoading, refetch } = useFeedback(id);
  if (isLoading) return <PageLoading />;
  if (error || !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const f = data;
  return (
    <>
      <PageHeader
        title={`居民反映 ${f.trackingCode}`}
        subtitle={
          <>
            <Link to="/feedback">居民反映</Link> · {f.areaName} · {f.categoryName}
          </>
        }
      />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="状态">{statusTag(f)}</Descriptions.Item>
            <Descriptions.Item label="处理时限">{f.dueDate}</Descriptions.Item>
            <Descriptions.Item label="小区">
              <Link to={`/ledger/areas/${f.residentialAreaId}`}>{f.areaName}</Link>（{f.regionName}
              ）
            </Descriptions.Item>
            <Descriptions.Item label="类别 / 阶段">
              {f.categoryName} / {f.stageName}
            </Descriptions.Item>
            <Descriptions.Item label="描述" span={2}>
              {f.description}
            </Descriptions.Item>
            <Descriptions.Item label="联系人">
              <ContactLine f={f} />
            </Descriptions.Item>
            <Descriptions.Item label="关联问题">
              {f.problem ? (
                <Link to={`/problems/${f.problem.id}`}>
                  #{f.problem.id} {f.problem.title}
                </Link>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            {f.rating && (
              <Descriptions.Item label="回访评价" span={2}>
                {f.ratingName}
                {f.ratingComment ? `：${f.ratingComment}` : ''}
              </Descriptions.Item>
            )}
          </Descriptions>
          {f.attachmentIds.length > 0 && (
            <Space wrap style={{ marginTop: 12 }}>
              {f.attachmentIds.map((a) => (
                <a key={a} href={`/api/attachments/${a}`} target="_blank" rel="noreferrer">
                  <img
                    src={`/api/attachments/${a}`}
                    alt="居民照片"
                    style={{ width: 120, height: 90, objectFit: 'cover', borderRadius: 6 }}
                  />
                </a>
              ))}
            </Space>
          )}
        </Card>
        {f.abilities.triage && <TriageCard f={f} />}
        {f.abilities.review && <ReviewCard f={f} />}
        {f.reviewStatus === 'pending' && !f.abilities.review && (
          <Alert type="warning" showIcon message="居民对整改结果不满意，待主管部门复核" />
        )}
        <Card title="办理过程">
          <Timeline
            items={f.events.map((e) => {
              const line = staffLine(e);
              return {
                children: (
                  <>
                    <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>{' '}
                    {e.actorName && <Typography.Text strong>{e.actorName}</Typography.Text>}
                    <div>{line.text}</div>
                    {line.note && (
                      <Typography.Text type="secondary">意见：{line.note}</Typography.Text>
                    )}
                  </>
                ),
              };
            })}
          />
        </Card>
      </Space>
    </>
  );
}

function ContactLine({ f }: { f: FeedbackDetail }) {
  const reveal = useRevealContact(f.id);
  const { message } = App.useApp();
  if (f.contactErased) return <>已按规定删除</>;
  if (!f.hasContact) return <>未留联系方式</>;
  const shown = reveal.data;
  return (
    <Space>
      <span data-testid="feedback-contact">
        {(shown?.contactName ?? f.contactName) || '—'} {shown?.phone ?? f.phone ?? ''}
      </span>
      {f.abilities.reveal && !shown && (
        <Button
          size="small"
          loading={reveal.isPending}
          onClick={() =>
            reveal.mutate(undefined, {
              onError: (e) => void message.error(e.message),
            })
          }
        >
          查看完整号码
        </Button>
      )}
    </Space>
  );
}

function TriageCard({ f }: { f: FeedbackDetail }) {
  const triage = useTriage(f.id);
  const { message } = App.useApp();
  const [form] = Form.useForm<TriageBody & { link?: 'new' | 'existing' }>();
  const action = Form.useWatch('action', form) ?? 'problem';
  const link = Form.useWatch('link', form) ?? 'new';
  const types = FACILITY_TYPES.filter((t) => t.category === f.category);
  return (
    <Card title="处理">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ action: 'problem', link: 'new', facilityType: types[0]?.code }}
        onFinish={(v) =>
          triage.mutate(
            {
              action: v.action,
              comment: v.comment,
              ...(v.action !== 'answer' && (v.link === 'existing' || v.action === 'duplicate')
                ? { problemId: v.problemId }
                : {}),
              ...(v.action === 'problem' && v.link !== 'existing'
                ? { facilityType: v.facilityType }
                : {}),
            },
            {
              onSuccess: () => void message.success('已处理'),
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="action" label="处理方式">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'problem', label: '转为问题' },
              { value: 'answer', label: '答复' },
              { value: 'duplicate', label: '标记重复' },
            ]}
          />
        </Form.Item>
        {action === 'problem' && (
          <Form.Item name="link" label="问题">
            <Radio.Group
              options={[
                { value: 'new', label: '新建问题' },
                { value: 'existing', label: '关联未销号的问题' },
              ]}
            />
          </Form.Item>
        )}
        {action === 'problem' && link === 'new' && (
          <Form.Item name="facilityType" label="设施类型" rules={[{ required: true }]}>
            <Select options={types.map((t) => ({ value: t.code, label: t.name }))} />
          </Form.Item>
        )}
        {((action === 'problem' && link === 'existing') || action === 'duplicate') && (
          <Form.Item
            name="problemId"
            label="问题编号"
            rules={[{ required: action === 'problem', message: '请填写问题编号' }]}
          >
            <InputNumber min={1} style={{ width: 200 }} placeholder="如 12" />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={action === 'problem' ? '处理意见' : '答复居民（居民可见）'}
          rules={[{ required: true, message: '请填写意见' }]}
        >
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={triage.isPending}>
          提交处理
        </Button>
      </Form>
    </Card>
  );
}

function ReviewCard({ f }: { f: FeedbackDetail }) {
  const review = useReview(f.id);
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const send = (decision: 'reopen' | 'uphold') => {
    if (!reason.trim()) return void message.error('请填写理由（居民可见）');
    review.mutate(
      { decision, reason: reason.trim() },
      {
        onSuccess: () => void message.success('已复核'),
        onError: (e) => void message.error(e.message),
      },
    );
  };
  return (
    <Card title="复核居民不满意评价">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message={`居民评价：不满意${f.ratingComment ? `（${f.ratingComment}）` : ''}`}
        description="请重新打开问题继续整改，或书面说明理由维持销号；理由居民可见，并记入审计。"
      />
      <Input.TextArea
        aria-label="复核理由"
        rows={3}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={1000}
      />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" loading={review.isPending} onClick={() => send('reopen')}>
          重新打开问题
        </Button>
        <Button loading={review.isPending} onClick={() => send('uphold')}>
          维持销号
        </Button>
      </Space>
    </Card>
  );
}
