import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './public.css';
import { HomePage } from './home.tsx';
import { AreaView } from './area.tsx';
import { ReportPage } from './report.tsx';
import { TrackPage } from './track.tsx';
import { QuestionnairePage } from './questionnaire.tsx';

/**
 * P13 public pages for residents (no sign-in, phone first, works in WeChat's browser): a small
 * separate bundle of plain React (run on Preact through preact/compat, see vite.config.ts) and
 * CSS. Routes live in the hash so one static page serves all:
 * #/ home, #/a/:id area, #/r/:id report, #/t/:code tracking, #/q/:areaId/:id questionnaire.
 */
function useHashRoute(): string[] {
  const read = () => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const on = () => {
      setParts(read());
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

function App() {
  const [page, arg, extra] = useHashRoute();
  const id = Number(arg);
  let body;
  if (page === 'a' && id > 0) body = <AreaView id={id} />;
  else if (page === 'r' && id > 0) body = <ReportPage areaId={id} initialCategory={extra} />;
  else if (page === 't' && arg) body = <TrackPage code={arg} />;
  else if (page === 'q' && id > 0 && Number(extra) > 0)
    body = <QuestionnairePage areaId={id} id={Number(extra)} />;
  else body = <HomePage />;
  return (
    <div className="shell">
      <header className="bar">
        <a href="#/" className="brand">
          社区配套 随手说
        </a>
        <span className="bar-sub">淄博市</span>
      </header>
      <main>{body}</main>
      <footer className="foot">淄博市城镇居住区配套设施建设领导小组办公室</footer>
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('public.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
