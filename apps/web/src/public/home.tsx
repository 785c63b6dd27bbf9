import { useState, type FormEvent } from 'react';
import { get, PublicError, type AreaHit } from './api.ts';
import { ErrorLine, myCodes } from './shared.tsx';
import { go } from './shared.tsx';

/** Home: find my community by name or nearest to me; look up a report by its code. */
export function HomePage() {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<AreaHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const codes = myCodes();

  async function run(url: string) {
    setBusy(true);
    setError(null);
    try {
      setHits((await get<{ items: AreaHit[] }>(url)).items);
    } catch (e) {
      setError(e instanceof PublicError ? e.message : '查询失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  }

  function search(e: FormEvent) {
    e.preventDefault();
    if (q.trim()) void run(`/api/public/residential-areas?q=${encodeURIComponent(q.trim())}`);
  }

  function nearest() {
    if (!navigator.geolocation) {
      setError('此浏览器不能定位，请输入小区名称查找');
      return;
    }
    setBusy(true);
    navigator.geolocation.getCurrentPosition(
      (p) =>
        void run(
          `/api/public/residential-areas?lon=${p.coords.longitude.toFixed(5)}&lat=${p.coords.latitude.toFixed(5)}`,
        ),
      () => {
        setBusy(false);
        setError('未能获取位置（可能未允许定位），请输入小区名称查找');
      },
      { timeout: 10_000, maximumAge: 60_000 },
    );
  }

  return (
    <>
      <section className="card">
        <h1>查找我的小区</h1>
        <p className="muted">
          看看小区的教育、养老、体育等配套设施缺什么、在整改什么，发现问题随手反映。
        </p>
        <form onSubmit={search} className="row">
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="输入小区或社区名称"
            aria-label="小区或社区名称"
            maxLength={50}
          />
          <button type="submit" className="btn" disabled={busy}>
            查找
          </button>
        </form>
        <button type="button" className="btn ghost wide" onClick={nearest} disabled={busy}>
          定位到离我最近的小区
        </button>
        {error && <ErrorLine message={error} />}
        {busy && <p className="muted">查找中…</p>}
        {hits && !busy && (
          <ul className="list">
            {hits.length === 0 && <li className="muted">没有找到，请换个名称试试</li>}
            {hits.map((h) => (
              <li key={h.id} className="hit">
                <button type="button" className="link-row" onClick={() => go(`a/${h.id}`)}>
                  <strong>{h.name}</strong>
                  <span className="muted">
                    {[h.districtName, h.streetName, h.regionName].filter(Boolean).join(' · ')}
                    {h.distanceMeters !== null && ` · 约 ${formatDistance(h.distanceMeters)}`}
                  </span>
                </button>
                {/* P13: from the link to a submitted report in at most three screens. */}
                <button
                  type="button"
                  className="btn ghost small"
                  aria-label={`反映${h.name}的问题`}
                  onClick={() => go(`r/${h.id}`)}
                >
                  反映问题
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>查询办理进度</h2>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (code.trim()) go(`t/${code.trim().toUpperCase()}`);
          }}
        >
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="输入查询码"
            aria-label="查询码"
            maxLength={16}
          />
          <button type="submit" className="btn">
            查询
          </button>
        </form>
        {codes.length > 0 && (
          <>
            <p className="muted">我在本机提交的反映：</p>
            <ul className="list">
              {codes.map((c) => (
                <li key={c}>
                  <a href={`#/t/${c}`}>{c}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

function formatDistance(m: number): string {
  return m < 1000 ? `${m} 米` : `${(m / 1000).toFixed(1)} 公里`;
}
