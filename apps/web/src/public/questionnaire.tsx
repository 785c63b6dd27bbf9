import { useState, type FormEvent } from 'react';
import { CHOICE_NAMES, QUESTIONNAIRE_CHOICES } from '@zibo/shared/satisfaction';
import {
  getAreaPage,
  post,
  PublicError,
  type Choice,
  type OpenQuestionnaire,
  type QuestionnaireResults,
} from './api.ts';
import { CATEGORY_SHORT, ErrorLine, Loading, go, useLoad } from './shared.tsx';

const CHOICES: { code: Choice; name: string }[] = QUESTIONNAIRE_CHOICES.map((code) => ({
  code,
  name: CHOICE_NAMES[code],
}));

/** A random token kept on this phone: one answer per device (the server keeps only its hash). */
function deviceToken(): string {
  const fresh = () =>
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
  try {
    let t = localStorage.getItem('zibo.device');
    if (!t || !/^[a-f0-9]{32}$/.test(t)) {
      t = fresh();
      localStorage.setItem('zibo.device', t);
    }
    return t;
  } catch {
    return fresh();
  }
}

function answered(): number[] {
  try {
    return JSON.parse(localStorage.getItem('zibo.answered') ?? '[]') as number[];
  } catch {
    return [];
  }
}
function rememberAnswered(id: number): void {
  try {
    localStorage.setItem('zibo.answered', JSON.stringify([id, ...answered()].slice(0, 50)));
  } catch {
    // Private browsing: the server still refuses a second answer from this device.
  }
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Results as plain CSS bars (no chart library on the public bundle: ≤ 150 KB gzip). */
export function QuestionnaireResultsCard({ r }: { r: QuestionnaireResults }) {
  return (
    <section className="card" aria-label={`调查结果：${r.title}`}>
      <h2>满意度调查结果</h2>
      <p className="muted">
        {r.title}（{r.periodStart} 至 {r.periodEnd}），{r.communityName}共 {r.answers} 人参加
      </p>
      {r.questions.map((q) => (
        <div className="q-result" key={q.category} data-testid={`result-${q.category}`}>
          <strong>{CATEGORY_SHORT[q.category] ?? q.text}</strong>
          <span className="muted">
            {' '}
            满意率 {q.satisfactionRate === null ? '—' : pct(q.satisfactionRate)}
          </span>
          {CHOICES.map((c) => (
            <div className="bar-row" key={c.code}>
              <span className="bar-label">{c.name}</span>
              <span className="bar-track">
                <span className={`bar-fill ${c.code}`} style={{ width: pct(q.shares[c.code]) }} />
              </span>
              <span className="bar-value">
                {q.counts[c.code]} 人 {pct(q.shares[c.code])}
              </span>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}

/** The area page's invitation to an open questionnaire. */
export function QuestionnaireInvite({ areaId, q }: { areaId: number; q: OpenQuestionnaire }) {
  const done = answered().includes(q.id);
  return (
    <section className="card notice-card" aria-label={`满意度调查：${q.title}`}>
      <h2>{q.title}</h2>
      <p className="muted">
        {q.intro ?? '请您为本社区的配套设施打分'}（截至 {q.periodEnd}）
      </p>
      {done ? (
        <p>您已参加本次调查，感谢您的意见。</p>
      ) : (
        <button type="button" className="btn wide" onClick={() => go(`q/${areaId}/${q.id}`)}>
          参加满意度调查
        </button>
      )}
    </section>
  );
}

/** 满意度调查 in one screen: one choice per category, optional comments, optional phone, consent. */
export function QuestionnairePage({ areaId, id }: { areaId: number; id: number }) {
  const area = useLoad(`area:${areaId}`, () => getAreaPage(areaId));
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [comments, setComments] = useState<Record<string, string>>({});
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  if (area.loading && !area.data) return <Loading />;
  if (area.error || !area.data) return <ErrorLine message={area.error ?? '加载失败'} />;
  const q = area.data.questionnaires.open.find((x) => x.id === id);
  if (!q)
    return (
      <section className="card">
        <ErrorLine message="本次调查已结束或不在您的小区开展" />
        <button type="button" className="btn ghost" onClick={() => go(`a/${areaId}`)}>
          返回小区
        </button>
      </section>
    );

  if (done)
    return (
      <section className="card done">
        <h1>提交成功</h1>
        <p>感谢您参加满意度调查！调查结束后，结果会在小区页面公布。</p>
        <button type="button" className="btn wide" onClick={() => go(`a/${areaId}`)}>
          返回小区
        </button>
      </section>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const missing = q!.questions.find((x) => !choices[x.category]);
    if (missing) {
      setError(`请回答：${CATEGORY_SHORT[missing.category] ?? missing.text}`);
      return;
    }
    if (phone && !/^1\d{10}$/.test(phone)) {
      setError('请填写 11 位手机号码，或留空');
      return;
    }
    if (!consent) {
      setError('请先阅读并同意个人信息收集说明');
      return;
    }
    setBusy(true);
    try {
      await post(`/api/public/questionnaires/${id}/answers`, {
        residentialAreaId: areaId,
        deviceToken: deviceToken(),
        phone,
        replies: q!.questions.map((x) => ({
          category: x.category,
          choice: choices[x.category],
          ...(comments[x.category]?.trim() ? { comment: comments[x.category]!.trim() } : {}),
        })),
        consent: true,
      });
      rememberAnswered(id);
      setDone(true);
      window.scrollTo(0, 0);
    } catch (err) {
      if (err instanceof PublicError && err.status === 409) rememberAnswered(id);
      setError(err instanceof PublicError ? err.message : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate>
      <h1>{q.title}</h1>
      <p className="muted">
        {area.data.name}
        {q.intro ? ` · ${q.intro}` : ''}
      </p>
      {q.questions.map((x) => (
        <fieldset key={x.category} aria-label={CATEGORY_SHORT[x.category] ?? x.text}>
          <legend>{x.text}</legend>
          <div className="chips">
            {CHOICES.map((c) => (
              <label key={c.code} className={`chip ${choices[x.category] === c.code ? 'on' : ''}`}>
                <input
                  type="radio"
                  name={`q-${x.category}`}
                  value={c.code}
                  checked={choices[x.category] === c.code}
                  onChange={() => setChoices((s) => ({ ...s, [x.category]: c.code }))}
                />
                {c.name}
              </label>
            ))}
          </div>
          <input
            className="comment"
            aria-label={`${CATEGORY_SHORT[x.category] ?? x.text}意见（选填）`}
            placeholder="意见和建议（选填）"
            maxLength={300}
            value={comments[x.category] ?? ''}
            onChange={(e) => setComments((s) => ({ ...s, [x.category]: e.target.value }))}
          />
        </fieldset>
      ))}
      <label className="field">
        <span>手机号（选填，每个号码只能参加一次）</span>
        <input
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          inputMode="numeric"
          maxLength={11}
        />
      </label>
      <div className="consent">
        <p>
          <strong>个人信息收集说明：</strong>
          调查不记名。为保证每人只参加一次，我们在本机保存一个随机标识；如您填写手机号，号码加密保存，只用于核对是否重复参加，调查结束
          180 天后自动删除。结果只按社区统计公布。
        </p>
        <label className="check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          我已阅读并同意
        </label>
      </div>
      {error && <ErrorLine message={error} />}
      <button type="submit" className="btn wide big" disabled={busy}>
        {busy ? '正在提交…' : '提交问卷'}
      </button>
    </form>
  );
}
