import { getAreaPage } from './api.ts';
import { CATEGORY_SHORT, ErrorLine, Loading, Progress, useLoad } from './shared.tsx';
import { go } from './shared.tsx';
import { QuestionnaireInvite, QuestionnaireResultsCard } from './questionnaire.tsx';

/** The area page: its six categories — what it has, what is missing, what is being fixed and by when. */
export function AreaView({ id }: { id: number }) {
  const { data, error, loading } = useLoad(`area:${id}`, () => getAreaPage(id));
  if (loading && !data) return <Loading />;
  if (error || !data) return <ErrorLine message={error ?? '加载失败'} />;
  return (
    <>
      <section className="card">
        <h1>{data.name}</h1>
        <p className="muted">
          {[data.districtName, data.streetName, data.regionName].filter(Boolean).join(' · ')}
        </p>
      </section>
      {data.questionnaires.open.map((q) => (
        <QuestionnaireInvite key={q.id} areaId={id} q={q} />
      ))}
      {data.categories.map((c) => (
        <section className="card" key={c.code} aria-label={CATEGORY_SHORT[c.code]}>
          <h2>{CATEGORY_SHORT[c.code] ?? c.name}</h2>
          {c.has.length > 0 && (
            <p>
              <span className="tag ok">已有</span> {c.has.join('、')}
            </p>
          )}
          {c.short.length > 0 && (
            <p>
              <span className="tag warn">不达标</span> {c.short.join('、')}
            </p>
          )}
          {c.missing.length > 0 && (
            <p>
              <span className="tag bad">缺少</span> {c.missing.join('、')}
            </p>
          )}
          {c.has.length + c.short.length + c.missing.length === 0 && (
            <p className="muted">本类设施暂无评估结果</p>
          )}
          {c.problems.map((p) => (
            <div className="problem" key={p.id}>
              <div>
                <strong>{p.facilityTypeName}</strong> <span className="tag">{p.statusName}</span>
              </div>
              {p.measures && <p className="muted">整改措施：{p.measures}</p>}
              {p.status !== 'closed' && (
                <>
                  <p className="muted">整改时限：{p.deadline ?? '方案制定中'}</p>
                  <Progress percent={p.progressPercent} />
                </>
              )}
            </div>
          ))}
          <button type="button" className="btn ghost small" onClick={() => go(`r/${id}/${c.code}`)}>
            反映{CATEGORY_SHORT[c.code]}问题
          </button>
        </section>
      ))}
      {data.questionnaires.results.map((r) => (
        <QuestionnaireResultsCard key={r.id} r={r} />
      ))}
      <div className="sticky">
        <button type="button" className="btn wide big" onClick={() => go(`r/${id}`)}>
          我要反映（随手拍）
        </button>
      </div>
    </>
  );
}
