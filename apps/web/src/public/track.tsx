import { useState } from 'react';
import { RATINGS, RATING_NAMES } from '@zibo/shared/satisfaction';
import { get, post, PublicError, type Tracking } from './api.ts';
import { ErrorLine, formatTime, Loading, Progress, useLoad } from './shared.tsx';

const CHOSEN = RATINGS.map((code) => ({ code, name: RATING_NAMES[code] }));

/** Parcel-tracker view of one report: timeline, the problem it became, 回访 and follow-ups. */
export function TrackPage({ code }: { code: string }) {
  const { data, error, loading, reload } = useLoad(`t:${code}`, () =>
    get<Tracking>(`/api/public/feedback/${encodeURIComponent(code)}`),
  );
  if (loading && !data) return <Loading />;
  if (error || !data) return <ErrorLine message={error ?? '加载失败'} />;
  const p = data.problem;
  return (
    <>
      <section className="card">
        <p className="muted">查询码 {data.trackingCode}</p>
        <h1 data-testid="feedback-status">{data.statusName}</h1>
        <p>
          {data.areaName} · {data.categoryName}
        </p>
        <p className="quote">{data.description}</p>
      </section>
      {p && (
        <section className="card">
          <h2>整改问题</h2>
          <p>
            <strong>{p.title}</strong> <span className="tag">{p.statusName}</span>
          </p>
          {p.measures && <p className="muted">整改措施：{p.measures}</p>}
          <p className="muted">整改时限：{p.deadline ?? '方案制定中'}</p>
          <Progress percent={p.progressPercent} />
        </section>
      )}
      <section className="card">
        <h2>办理进度</h2>
        <ol className="timeline">
          {[...data.timeline].reverse().map((e, i) => (
            <li key={`${e.at}-${i}`} className={i === 0 ? 'latest' : ''}>
              <span className="muted">{formatTime(e.at)}</span>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      </section>
      {data.review?.reason && (
        <section className="card">
          <h2>主管部门复核</h2>
          <p>{data.review.status === 'upheld' ? '维持销号' : '重新打开，继续整改'}</p>
          <p className="quote">{data.review.reason}</p>
        </section>
      )}
      {data.canRate && <RateForm code={data.trackingCode} onDone={reload} />}
      {data.rating && <p className="muted center">您的评价：{RATING_NAMES[data.rating]}</p>}
      {data.canFollowUp && <FollowUpForm code={data.trackingCode} onDone={reload} />}
    </>
  );
}

function RateForm({ code, onDone }: { code: string; onDone: () => void }) {
  const [rating, setRating] = useState<string>('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (!rating) return setError('请选择评价');
    if (rating === 'dissatisfied' && comment.trim().length < 2)
      return setError('选择“不满意”时请说明原因');
    setBusy(true);
    setError(null);
    try {
      await post(`/api/public/feedback/${code}/rating`, {
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError(e instanceof PublicError ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card">
      <h2>请您评价办理结果</h2>
      <div className="rating">
        {CHOSEN.map((r) => (
          <button
            key={r.code}
            type="button"
            className={`btn ghost ${rating === r.code ? 'on' : ''}`}
            aria-pressed={rating === r.code}
            onClick={() => setRating(r.code)}
          >
            {r.name}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{rating === 'dissatisfied' ? '不满意的原因（必填）' : '意见（选填）'}</span>
        <textarea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          rows={3}
          maxLength={500}
        />
      </label>
      {error && <ErrorLine message={error} />}
      <button type="button" className="btn wide big" onClick={() => void submit()} disabled={busy}>
        {busy ? '正在提交…' : '提交评价'}
      </button>
    </section>
  );
}

function FollowUpForm({ code, onDone }: { code: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (!text.trim()) return setError('请填写补充内容');
    setBusy(true);
    setError(null);
    try {
      await post(`/api/public/feedback/${code}/follow-ups`, { text: text.trim() });
      setText('');
      onDone();
    } catch (e) {
      setError(e instanceof PublicError ? e.message : '提交失败');
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card">
      <h2>补充说明</h2>
      <textarea
        aria-label="补充说明"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={2}
        maxLength={500}
      />
      {error && <ErrorLine message={error} />}
      <button
        type="button"
        className="btn ghost wide"
        onClick={() => void submit()}
        disabled={busy}
      >
        提交补充
      </button>
    </section>
  );
}
