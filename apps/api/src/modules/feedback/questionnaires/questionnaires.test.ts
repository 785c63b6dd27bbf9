import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../../../../test/harness.ts';
import { buildArea } from '../../../../test/factories.ts';
import { regions } from '../../org/index.ts';
import { questionnaireAnswers } from './questionnaires.tables.ts';
import { tallyQuestions } from './questionnaire.workflow.ts';
import { shanghaiDateIn } from '../../../platform/time.ts';

type Q = {
  id: number;
  status: string;
  version: number;
  communities: { code: string }[];
  questions: { text: string }[];
  answers: number;
  abilities: Record<string, boolean>;
};
type Tally = {
  category: string;
  answered: number;
  counts: Record<string, number>;
  shares: Record<string, number>;
  satisfactionRate: number | null;
};
type Results = {
  answers: number;
  questions: Tally[];
  communities: { code: string; answers: number; questions: Tally[] }[];
};
type AreaPage = {
  questionnaires: {
    open: { id: number; questions: { category: string }[] }[];
    results: { id: number; answers: number; questions: Tally[] }[];
  };
};
type ErrorBody = { error: { code: string; message: string } };

const PHONE = '13912345678';
const today = () => shanghaiDateIn(0);
const inDays = shanghaiDateIn;
const noPlainPhone = (body: string) => expect(body).not.toMatch(/1[3-9]\d{9}/);

let t: TestApp;
let anon: Client;
let office: Client;
let zhangdian: Client;
let zichuan: Client;
let chezhan: Client;
let c1: string;
let c2: string;
let zichuanCommunity: string;
let area1: number;
let area2: number;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_CHALLENGE: 'off', PUBLIC_WRITES_PER_HOUR: '10000' });
  anon = t.anonymous();
  office = await t.login('office');
  zhangdian = await t.login('zhangdian');
  zichuan = await t.login('zichuan');
  chezhan = await t.login('chezhan');
  const streetCommunities = await t.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 'community'), like(regions.code, '370303001%')))
    .orderBy(regions.code);
  c1 = streetCommunities[0]!.code;
  c2 = streetCommunities[1]!.code;
  const [z] = await t.db
    .select({ code: regions.code })
    .from(regions)
    .where(and(eq(regions.level, 'community'), like(regions.code, '370302%')))
    .limit(1);
  zichuanCommunity = z!.code;
  area1 = (await buildArea(chezhan, { name: '调查测试一区', regionCode: c1 })).id;
  area2 = (await buildArea(chezhan, { name: '调查测试二区', regionCode: c2 })).id;
});
afterAll(async () => {
  await t.close();
});

function draft(over: Record<string, unknown> = {}) {
  return {
    title: '2026年社区配套设施满意度调查',
    intro: '请您为本社区的配套设施打分',
    communityCodes: [c1, c2],
    periodStart: today(),
    periodEnd: inDays(30),
    questions: [{ category: 'elderly_care' }, { category: 'education' }],
    ...over,
  };
}

let device = 0;
function answer(
  areaId: number,
  elderly: string,
  education: string,
  over: Record<string, unknown> = {},
) {
  device++;
  return {
    residentialAreaId: areaId,
    deviceToken: `device-token-${device}-${'x'.repeat(12)}`,
    replies: [
      { category: 'elderly_care', choice: elderly, comment: '希望多些活动' },
      { category: 'education', choice: education },
    ],
    consent: true,
    ...over,
  };
}

describe('P13 满意度调查: staff open a questionnaire for their communities', () => {
  let id: number;

  it('the office drafts one for two communities; a district may not ask another district', async () => {
    const res = await office.post('/api/feedback/questionnaires', draft());
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json<Q>();
    expect(q.status).toBe('draft');
    expect(q.communities.map((c) => c.code)).toEqual([c1, c2]);
    expect(q.abilities).toEqual({ edit: true, open: true, close: false });
    // The default wording reads as a resident would ask it (not 本社区社区…设施设施).
    expect(q.questions.map((x) => x.text)).toEqual([
      '您对本社区的养老服务设施（含日间照料中心）是否满意？',
      '您对本社区的教育设施是否满意？',
    ]);
    id = q.id;

    const outside = await zhangdian.post(
      '/api/feedback/questionnaires',
      draft({ communityCodes: [c1, zichuanCommunity] }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json<ErrorBody>().error.message).toContain('不在您的辖区内');
    const street = await chezhan.post('/api/feedback/questionnaires', draft());
    expect(street.statusCode).toBe(403);
    const backwards = await office.post(
      '/api/feedback/questionnaires',
      draft({ periodStart: inDays(5), periodEnd: inDays(1) }),
    );
    expect(backwards.statusCode).toBe(400);
  });

  it('another district gets 404 for it; the district of its communities reads it but may not open it', async () => {
    expect((await zichuan.get(`/api/feedback/questionnaires/${id}`)).statusCode).toBe(404);
    expect((await zichuan.get(`/api/feedback/questionnaires/${id}/results`)).statusCode).toBe(404);
    expect((await zichuan.post(`/api/feedback/questionnaires/${id}/open`)).statusCode).toBe(404);
    const list = (await zichuan.get('/api/feedback/questionnaires')).json<{ items: Q[] }>();
    expect(list.items.map((q) => q.id)).not.toContain(id);
    const seen = await zhangdian.get(`/api/feedback/questionnaires/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json<Q>().abilities.open).toBe(false);
    expect((await zhangdian.post(`/api/feedback/questionnaires/${id}/open`)).statusCode).toBe(403);
  });

  it('moves draft → open → closed only; anything else is 409 INVALID_TRANSITION', async () => {
    const closeDraft = await office.post(`/api/feedback/questionnaires/${id}/close`);
    expect(closeDraft.statusCode).toBe(409);
    expect(closeDraft.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    // Residents cannot see a draft at all.
    const early = await anon.post(
      `/api/public/questionnaires/${id}/answers`,
      answer(area1, 'satisfied', 'satisfied'),
    );
    expect(early.statusCode).toBe(404);
    const before = (await anon.get(`/api/public/residential-areas/${area1}`)).json<AreaPage>();
    expect(before.questionnaires.open.map((q) => q.id)).not.toContain(id);

    const q = (await office.get(`/api/feedback/questionnaires/${id}`)).json<Q>();
    const edited = await office.patch(`/api/feedback/questionnaires/${id}`, {
      ...draft({ title: '2026年满意度调查（修订）' }),
      version: q.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const opened = await office.post(`/api/feedback/questionnaires/${id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json<Q>().status).toBe('open');
    const again = await office.post(`/api/feedback/questionnaires/${id}/open`);
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    const editOpen = await office.patch(`/api/feedback/questionnaires/${id}`, {
      ...draft(),
      version: opened.json<Q>().version,
    });
    expect(editOpen.statusCode).toBe(409);
    expect(editOpen.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
  });

  it('residents answer without an account, once per device and once per phone', async () => {
    const page = (await anon.get(`/api/public/residential-areas/${area1}`)).json<AreaPage>();
    const open = page.questionnaires.open.find((q) => q.id === id)!;
    expect(open.questions.map((q) => q.category)).toEqual(['elderly_care', 'education']);

    const url = `/api/public/questionnaires/${id}/answers`;
    // Community 1: 满意 / 基本满意 / 不满意 for elderly care; 不了解 / 满意 / 满意 for education.
    const first = answer(area1, 'satisfied', 'unknown', { phone: PHONE });
    const r1 = await anon.post(url, first);
    expect(r1.statusCode, r1.body).toBe(201);
    const sameDevice = await anon.post(url, { ...first, phone: '' });
    expect(sameDevice.statusCode).toBe(409);
    expect(sameDevice.json<ErrorBody>().error.message).toContain('只能参加一次');
    const samePhone = await anon.post(
      url,
      answer(area1, 'dissatisfied', 'satisfied', { phone: PHONE }),
    );
    expect(samePhone.statusCode).toBe(409);
    expect(
      (await anon.post(url, answer(area1, 'basically_satisfied', 'satisfied'))).statusCode,
    ).toBe(201);
    expect((await anon.post(url, answer(area1, 'dissatisfied', 'satisfied'))).statusCode).toBe(201);
    // Community 2: one answer, a phone number typed into its comment.
    const typed = answer(area2, 'dissatisfied', 'unknown');
    typed.replies[0]!.comment = '活动室太小，详情打 139 1234 0000';
    expect((await anon.post(url, typed)).statusCode).toBe(201);

    // Bad input: a Chinese 400 and nothing written.
    const half = answer(area1, 'satisfied', 'satisfied');
    const missing = await anon.post(url, { ...half, replies: half.replies.slice(0, 1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ErrorBody>().error.message).toBe('请回答每一个问题');
    const noConsent = await anon.post(url, {
      ...answer(area1, 'satisfied', 'satisfied'),
      consent: false,
    });
    expect(noConsent.statusCode).toBe(400);
    const otherArea = await buildArea(zichuan, {
      name: '不在范围小区',
      regionCode: zichuanCommunity,
    });
    const outside = await anon.post(url, answer(otherArea.id, 'satisfied', 'satisfied'));
    expect(outside.statusCode).toBe(400);
    expect(outside.json<ErrorBody>().error.message).toContain('不在本次调查范围内');

    // The stored row holds neither the plain number nor the device token.
    const rows = await t.db
      .select()
      .from(questionnaireAnswers)
      .where(eq(questionnaireAnswers.questionnaireId, id));
    expect(rows).toHaveLength(4);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain(first.deviceToken);
    expect(stored).not.toContain('1234 0000');
    expect(stored).toContain('详情打 139****0000');
    expect(rows.filter((r) => r.phoneEnc)).toHaveLength(1);
  });

  it('counts and shares per question and per community equal the hand-computed figures', async () => {
    const res = await office.get(`/api/feedback/questionnaires/${id}/results`);
    expect(res.statusCode).toBe(200);
    noPlainPhone(res.body);
    const r = res.json<Results>();
    expect(r.answers).toBe(4);
    const [elderly, education] = r.questions;
    // Elderly care over 4 answers: 满意 1, 基本满意 1, 不满意 2 → shares ¼ ¼ ½, 满意率 2/4.
    expect(elderly!.counts).toEqual({
      satisfied: 1,
      basically_satisfied: 1,
      dissatisfied: 2,
      unknown: 0,
    });
    expect(elderly!.shares).toEqual({
      satisfied: 0.25,
      basically_satisfied: 0.25,
      dissatisfied: 0.5,
      unknown: 0,
    });
    expect(elderly!.satisfactionRate).toBe(0.5);
    // Education: 满意 2, 不了解 2 → 不了解 is no rating: 满意率 2/2.
    expect(education!.counts).toEqual({
      satisfied: 2,
      basically_satisfied: 0,
      dissatisfied: 0,
      unknown: 2,
    });
    expect(education!.shares.unknown).toBe(0.5);
    expect(education!.satisfactionRate).toBe(1);
    const one = r.communities.find((c) => c.code === c1)!;
    expect(one.answers).toBe(3);
    expect(one.questions[0]!.shares.satisfied).toBe(0.3333);
    expect(one.questions[0]!.satisfactionRate).toBe(0.6667);
    const two = r.communities.find((c) => c.code === c2)!;
    expect(two.answers).toBe(1);
    expect(two.questions[1]!.satisfactionRate).toBeNull();
    expect(two.questions[0]!.counts.dissatisfied).toBe(1);
    // A street reads only its own communities (both are in 车站街道 here).
    const street = (
      await chezhan.get(`/api/feedback/questionnaires/${id}/results`)
    ).json<Results>();
    expect(street.answers).toBe(4);
  });

  it('publishes results per community once closed; then no more answers', async () => {
    const notYet = await anon.get(`/api/public/questionnaires/${id}/results?community=${c1}`);
    expect(notYet.statusCode).toBe(404);
    const closed = await office.post(`/api/feedback/questionnaires/${id}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json<Q>().status).toBe('closed');
    const late = await anon.post(
      `/api/public/questionnaires/${id}/answers`,
      answer(area1, 'satisfied', 'satisfied'),
    );
    expect(late.statusCode).toBe(409);
    expect(late.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    expect((await office.post(`/api/feedback/questionnaires/${id}/close`)).statusCode).toBe(409);

    const page = await anon.get(`/api/public/residential-areas/${area1}`);
    noPlainPhone(page.body);
    const published = page.json<AreaPage>().questionnaires.results.find((x) => x.id === id)!;
    expect(published.answers).toBe(3);
    expect(published.questions[0]!.counts).toEqual({
      satisfied: 1,
      basically_satisfied: 1,
      dissatisfied: 1,
      unknown: 0,
    });
    expect(published.questions[1]!.satisfactionRate).toBe(1);
    const direct = await anon.get(`/api/public/questionnaires/${id}/results?community=${c2}`);
    expect(direct.statusCode).toBe(200);
    expect(direct.json<{ answers: number }>().answers).toBe(1);
  });

  it('a district opens one for its own communities', async () => {
    const res = await zhangdian.post(
      '/api/feedback/questionnaires',
      draft({
        communityCodes: [c2],
        questions: [{ category: 'sports', text: '健身场地够用吗？' }],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json<Q>();
    expect((await zhangdian.post(`/api/feedback/questionnaires/${q.id}/open`)).statusCode).toBe(
      200,
    );
    expect(
      (await office.get(`/api/feedback/questionnaires/${q.id}`)).json<Q>().abilities.close,
    ).toBe(true);
    expect((await zichuan.get(`/api/feedback/questionnaires/${q.id}`)).statusCode).toBe(404);
  });
});

describe('P13 满意度调查: the tally', () => {
  it('leaves 不了解 out of the rate and gives null when nothing was rated', () => {
    const [q] = tallyQuestions(
      [{ category: 'health', text: '?' }],
      [
        { category: 'health', choice: 'satisfied', n: 3 },
        { category: 'health', choice: 'dissatisfied', n: 1 },
        { category: 'health', choice: 'unknown', n: 4 },
        { category: 'sports', choice: 'satisfied', n: 9 },
      ],
    );
    expect(q!.answered).toBe(8);
    expect(q!.shares).toEqual({
      satisfied: 0.375,
      basically_satisfied: 0,
      dissatisfied: 0.125,
      unknown: 0.5,
    });
    expect(q!.satisfactionRate).toBe(0.75);
    const [none] = tallyQuestions([{ category: 'health', text: '?' }], []);
    expect(none!.satisfactionRate).toBeNull();
    expect(none!.shares.satisfied).toBe(0);
  });
});

describe('P13 满意度调查: answers pass the address limit and the proof of work', () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ PUBLIC_WRITES_PER_HOUR: '2', PUBLIC_CHALLENGE_BITS: '8' });
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses an answer without a solved challenge, accepts a solved one, then limits the address', async () => {
    const o = await s.login('office');
    const st = await s.login('chezhan');
    const area = await buildArea(st, { regionCode: '370303001001' });
    const q = (
      await o.post(
        '/api/feedback/questionnaires',
        draft({ communityCodes: ['370303001001'], questions: [{ category: 'health' }] }),
      )
    ).json<Q>();
    expect((await o.post(`/api/feedback/questionnaires/${q.id}/open`)).statusCode).toBe(200);
    const c = s.anonymous();
    const url = `/api/public/questionnaires/${q.id}/answers`;
    const body = {
      residentialAreaId: area.id,
      deviceToken: 'pow-device-token-0001',
      replies: [{ category: 'health', choice: 'satisfied' }],
      consent: true,
    };
    const bare = await c.post(url, body);
    expect(bare.statusCode).toBe(400);
    expect(bare.json<ErrorBody>().error.message).toContain('人机校验');
    const ch = (await c.get('/api/public/challenge')).json<{ challenge: string; bits: number }>();
    let nonce = 0;
    for (; ; nonce++) {
      const h = createHash('sha256').update(`${ch.challenge}:${nonce}`).digest();
      if (h[0] === 0) break;
    }
    const solved = await c.request('POST', url, body, {
      'x-challenge': ch.challenge,
      'x-challenge-nonce': String(nonce),
    });
    expect(solved.statusCode, solved.body).toBe(201);
    const third = await c.post(url, { ...body, deviceToken: 'pow-device-token-0002' });
    expect(third.statusCode).toBe(429);
    expect(third.json<ErrorBody>().error.code).toBe('RATE_LIMITED');
  });
});
