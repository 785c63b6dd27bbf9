import { useEffect, useRef, useState } from 'react';
import { PublicError } from './api.ts';

/** The six categories in residents' words (P1). */
export const CATEGORY_SHORT: Record<string, string> = {
  education: '教育（幼儿园、学校）',
  community_service: '社区服务用房',
  elderly_care: '养老服务',
  commerce: '便民商业',
  sports: '体育健身',
  health: '医疗卫生',
};

export const STAGE_NAMES: Record<string, string> = {
  planning: '规划',
  construction: '建设',
  handover: '移交',
  use: '使用',
};

/** Loads once per key; `reload` fetches again. */
export function useLoad<T>(key: string, load: () => Promise<T>) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: true,
  });
  const [n, setN] = useState(0);
  // `key` names what is loaded; the latest `load` is read when it changes, not on every render.
  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    latestLoad.current().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) =>
        live &&
        setState({
          error: e instanceof PublicError ? e.message : '加载失败，请稍后再试',
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [key, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function Loading() {
  return <p className="muted center">加载中…</p>;
}

export function ErrorLine({ message }: { message: string }) {
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function Progress({ percent }: { percent: number }) {
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div className="progress" aria-label={`整改进度 ${p}%`}>
      <div style={{ width: `${p}%` }} />
      <span>{p}%</span>
    </div>
  );
}

/** The codes this phone has submitted, so a resident finds them again without writing them down. */
export function myCodes(): string[] {
  try {
    return JSON.parse(localStorage.getItem('zibo.myFeedback') ?? '[]') as string[];
  } catch {
    return [];
  }
}
export function rememberCode(code: string): void {
  try {
    localStorage.setItem('zibo.myFeedback', JSON.stringify([code, ...myCodes()].slice(0, 20)));
  } catch {
    // Private browsing: nothing to remember; the code is shown on screen.
  }
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function go(path: string): void {
  window.location.hash = `#/${path}`;
}
