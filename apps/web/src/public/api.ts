import type { QuestionnaireChoice, Rating } from '@zibo/shared/satisfaction';
import { solveChallenge } from './sha256.ts';

/** The public API's error, with the server's Chinese message. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as
    (T & { error?: { message?: string } }) | null;
  if (!res.ok) {
    throw new PublicError(
      res.status,
      body?.error?.message ?? `请求失败（${res.status}），请稍后再试`,
    );
  }
  return body as T;
}

export async function get<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch {
    throw new PublicError(0, '网络不通，请检查网络后重试');
  }
  return parse<T>(res);
}

declare global {
  interface Window {
    /** Set by public.html's inline script: the community page's data, asked for early. */
    __ziboAreaPrefetch?: { id: number; response: Promise<Response> } | undefined;
  }
}

/** The community page's one combined answer: public.html's early request when it is this area's. */
export async function getAreaPage(id: number): Promise<AreaPage> {
  const early = window.__ziboAreaPrefetch;
  if (early && early.id === id) {
    window.__ziboAreaPrefetch = undefined;
    try {
      return await parse<AreaPage>(await early.response);
    } catch (e) {
      if (e instanceof PublicError && e.status !== 0) throw e;
      // The early request failed on the network: ask again below.
    }
  }
  return get<AreaPage>(`/api/public/residential-areas/${id}`);
}

/** Public writes carry a solved proof-of-work challenge (no picture puzzle). */
async function challengeHeaders(): Promise<Record<string, string>> {
  const c = await get<{ challenge: string; bits: number; enabled: boolean }>(
    '/api/public/challenge',
  );
  if (!c.enabled) return {};
  const nonce = await solveChallenge(c.challenge, c.bits);
  return { 'x-challenge': c.challenge, 'x-challenge-nonce': nonce };
}

export async function post<T>(url: string, body: unknown): Promise<T> {
  const headers = await challengeHeaders();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  } catch {
    throw new PublicError(0, '网络不通，请检查网络后重试');
  }
  return parse<T>(res);
}

export async function uploadPhoto(blob: Blob): Promise<{ id: number }> {
  const headers = await challengeHeaders();
  const form = new FormData();
  form.append('file', blob, 'photo.jpg');
  let res: Response;
  try {
    res = await fetch('/api/public/photos', { method: 'POST', headers, body: form });
  } catch {
    throw new PublicError(0, '照片上传失败，请检查网络后重试');
  }
  return parse<{ id: number }>(res);
}

export type AreaHit = {
  id: number;
  name: string;
  regionName: string;
  streetName: string | null;
  districtName: string | null;
  distanceMeters: number | null;
};

export type PublicProblem = {
  id: number;
  title: string;
  category: string;
  facilityTypeName: string;
  status: string;
  statusName: string;
  deadline: string | null;
  progressPercent: number;
  measures: string | null;
  closedAt: string | null;
};

export type AreaPage = {
  id: number;
  name: string;
  regionName: string;
  streetName: string | null;
  districtName: string | null;
  categories: {
    code: string;
    name: string;
    has: string[];
    short: string[];
    missing: string[];
    problems: PublicProblem[];
  }[];
  questionnaires: {
    open: OpenQuestionnaire[];
    results: QuestionnaireResults[];
  };
};

export type Choice = QuestionnaireChoice;

export type OpenQuestionnaire = {
  id: number;
  title: string;
  intro: string | null;
  periodEnd: string;
  questions: { category: string; text: string }[];
};

export type QuestionTally = {
  category: string;
  text: string;
  answered: number;
  counts: Record<Choice, number>;
  shares: Record<Choice, number>;
  satisfactionRate: number | null;
};

export type QuestionnaireResults = {
  id: number;
  title: string;
  periodStart: string;
  periodEnd: string;
  communityName: string;
  answers: number;
  questions: QuestionTally[];
};

export type Tracking = {
  trackingCode: string;
  status: string;
  statusName: string;
  areaName: string;
  categoryName: string;
  description: string;
  createdAt: string;
  answer: string | null;
  problem: PublicProblem | null;
  timeline: { at: string; text: string }[];
  rating: Rating | null;
  ratingComment: string | null;
  review: { status: string; reason: string | null } | null;
  canRate: boolean;
  canFollowUp: boolean;
};
