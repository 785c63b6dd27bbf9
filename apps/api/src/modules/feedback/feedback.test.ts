import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import { auditEvents } from '../../platform/audit/audit.tables.ts';
import { problems } from '../problems/index.ts';
import { feedback, feedbackEvents } from './feedback.tables.ts';
import { computeSatisfaction, eraseExpiredContacts, findLateFeedback } from './index.ts';
import { leadingZeroBits } from './feedback-abuse.ts';
import { stripPhotoMetadata } from './feedback-photos.ts';
import { shanghaiDateIn } from '../../platform/time.ts';

type Tracking = {
  status: string;
  statusName: string;
  timeline: { at: string; text: string }[];
  canRate: boolean;
  rating: string | null;
  review: { status: string; reason: string | null } | null;
  problem: { id: number; status: string; deadline: string | null; measures: string | null } | null;
};
type Staff = {
  id: number;
  status: string;
  phone: string | null;
  problemId: number | null;
  reviewStatus: string | null;
  abilities: Record<string, boolean>;
};
type ErrorBody = { error: { code: string; message: string } };

const PHONE = '13812345678';
const inDays = shanghaiDateIn;
/** Every answer a staff member gets is scanned for the resident's number. */
const noPlainPhone = (body: string) => expect(body).not.toMatch(/1[3-9]\d{9}/);

let t: TestApp;
let anon: Client;
let chezhan: Client;
let zichuan: Client;
let civil: Client;
let areaId: number;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_CHALLENGE: 'off', PUBLIC_WRITES_PER_HOUR: '10000' });
  anon = t.anonymous();
  chezhan = await t.login('chezhan');
  zichuan = await t.login('zichuan');
  civil = await t.login('civil');
  areaId = (await buildArea(chezhan, { name: '居民反映测试小区', lon: 118.06, lat: 36.81 })).id;
});
afterAll(async () => {
  await t.close();
});

async function submit(over: Record<string, unknown> = {}) {
  const res = await anon.post('/api/public/feedback', {
    residentialAreaId: areaId,
    category: 'elderly_care',
    stage: 'use',
    description: '小区没有老年人日间照料中心，老人无处活动',
    contactName: '王大妈',
    phone: PHONE,
    consent: true,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ trackingCode: string }>().trackingCode;
}

async function staffIdOf(code: string): Promise<number> {
  const [row] = await t.db.select().from(feedback).where(eq(feedback.trackingCode, code));
  return row!.id;
}

async function closeProblem(id: number) {
  const plan = await chezhan.post(`/api/problems/${id}/plan`, {
    measures: '利用社区闲置用房改建日间照料中心',
    leadUnit: '车站街道办事处',
    responsibleUnits: ['车站街道办事处'],
    deadline: inDays(90),
    oneCaseOnePlan: false,
  });
  expect(plan.statusCode, plan.body).toBe(200);
  expect((await civil.post(`/api/problems/${id}/plan/approve`, {})).statusCode).toBe(200);
  expect(
    (await chezhan.post(`/api/problems/${id}/progress`, { note: '主体完工', percent: 80 }))
      .statusCode,
  ).toBe(200);
  expect(
    (
      await chezhan.post(`/api/problems/${id}/closure-request`, {
        evidence: '已建成投用',
        attachmentIds: [],
        noEvidenceReason: '测试中不上传照片',
      })
    ).statusCode,
  ).toBe(200);
  const closed = await civil.post(`/api/problems/${id}/closure-decision`, {
    approve: true,
    comment: '核验通过',
  });
  expect(closed.json<{ status: string }>().status).toBe('closed');
}

describe('P13 residents: public pages without sign-in', () => {
  it('finds the area by name and nearest to a point, and shows its six categories', async () => {
    const byName = await anon.get(
      `/api/public/residential-areas?q=${encodeURIComponent('居民反映测试')}`,
    );
    expect(byName.statusCode).toBe(200);
    expect(byName.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(areaId);
    const near = await anon.get('/api/public/residential-areas?lon=118.0601&lat=36.8101');
    const first = near.json<{ items: { id: number; distanceMeters: number }[] }>().items[0]!;
    expect(first.distanceMeters).toBeLessThan(500);
    const page = await anon.get(`/api/public/residential-areas/${areaId}`);
    expect(page.statusCode).toBe(200);
    const body = page.json<{ categories: { code: string; missing: string[] }[] }>();
    expect(body.categories).toHaveLength(6);
    expect(body.categories.find((c) => c.code === 'elderly_care')!.missing.length).toBeGreaterThan(
      0,
    );
    expect((await anon.get('/api/public/residential-areas/99999999')).statusCode).toBe(404);
  });

  it('submits without sign-in, stores the phone encrypted, tracks the report', async () => {
    const code = await submit();
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    const [row] = await t.db.select().from(feedback).where(eq(feedback.trackingCode, code));
    // The stored columns never hold the plain number (nor does any column of the row).
    expect(JSON.stringify(row)).not.toContain(PHONE);
    expect(row!.phoneEnc).toMatch(/^aes-256-gcm\$/);
    const raw = await t.db.execute(sql`select * from feedback where tracking_code = ${code}`);
    expect(JSON.stringify(raw)).not.toContain(PHONE);
    expect(JSON.stringify(raw)).not.toContain('王大妈');

    const tracked = await anon.get(`/api/public/feedback/${code.toLowerCase()}`);
    expect(tracked.statusCode).toBe(200);
    const tr = tracked.json<Tracking>();
    expect(tr).toMatchObject({ status: 'received', canRate: false });
    expect(tr.timeline[0]!.text).toContain('已收到');
    expect(tracked.body).not.toContain(PHONE);
    expect(tracked.body).not.toContain('王大妈');
    expect((await anon.get('/api/public/feedback/NOSUCHCODE')).statusCode).toBe(404);
  });

  it('bad input gets a Chinese 4xx, never a 5xx', async () => {
    const cases = [
      { residentialAreaId: areaId, category: 'elderly_care', description: '太短', consent: true },
      { residentialAreaId: areaId, category: 'nope', description: '有效的描述内容', consent: true },
      { residentialAreaId: areaId, category: 'elderly_care', description: '有效的描述内容' },
      {
        residentialAreaId: areaId,
        category: 'elderly_care',
        description: '有效的描述内容',
        phone: '12345',
        consent: true,
      },
      {
        residentialAreaId: 99999999,
        category: 'sports',
        description: '有效的描述内容',
        consent: true,
      },
      {
        residentialAreaId: areaId,
        category: 'sports',
        description: 'a\u0000b 控制字符',
        consent: true,
      },
    ];
    for (const body of cases) {
      const res = await anon.post('/api/public/feedback', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<ErrorBody>().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const text = await anon.post('/api/public/feedback', 'not json at all');
    expect(text.statusCode).toBe(415);
    expect(text.json<ErrorBody>().error.message).toMatch(/[\u4e00-\u9fa5]/);
    const notAPhoto = await anon.upload(
      '/api/public/photos',
      Buffer.from('%PDF-1.4 x'),
      'a.jpg',
      'image/jpeg',
    );
    expect(notAPhoto.statusCode).toBe(415);
    const tooBig = await anon.upload(
      '/api/public/photos',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(6 * 1_048_576)]),
      'big.jpg',
      'image/jpeg',
    );
    expect(tooBig.statusCode).toBe(413);
  });

  it('strips EXIF (GPS) from a JPEG photo and links it to the report for staff only', async () => {
    const exif = Buffer.from('Exif\u0000\u0000GPS 36.81N 118.06E', 'latin1');
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif]);
    const app0 = Buffer.from([0xff, 0xe0, 0, 4, 0x4a, 0x46]);
    const sos = Buffer.from([0xff, 0xda, 0, 4, 1, 2, 9, 9, 9, 0xff, 0xd9]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, sos]);
    expect(stripPhotoMetadata(jpeg).bytes.includes(Buffer.from('Exif'))).toBe(false);
    const up = await anon.upload('/api/public/photos', jpeg, 'p.jpg', 'image/jpeg');
    expect(up.statusCode, up.body).toBe(201);
    const photoId = up.json<{ id: number }>().id;
    const code = await submit({ attachmentIds: [photoId], category: 'sports' });
    const id = await staffIdOf(code);
    const file = await chezhan.get(`/api/attachments/${photoId}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.includes(Buffer.from('Exif'))).toBe(false);
    expect(file.rawPayload.includes(Buffer.from('GPS'))).toBe(false);
    expect((await zichuan.get(`/api/attachments/${photoId}`)).statusCode).toBe(404);
    // A photo belongs to one report only.
    const again = await anon.post('/api/public/feedback', {
      residentialAreaId: areaId,
      category: 'sports',
      description: '再次使用同一张照片',
      attachmentIds: [photoId],
      consent: true,
    });
    expect(again.statusCode).toBe(400);
    expect(id).toBeGreaterThan(0);
  });
});

describe('P13 residents: staff triage, masking and scope', () => {
  it('masks the phone in every staff answer; reveal is one audited action; another district gets 404', async () => {
    const code = await submit();
    const id = await staffIdOf(code);
    const list = await chezhan.get('/api/feedback?status=received');
    expect(list.statusCode).toBe(200);
    noPlainPhone(list.body);
    const item = list.json<{ items: Staff[] }>().items.find((i) => i.id === id)!;
    expect(item.phone).toBe('138****5678');
    const detail = await chezhan.get(`/api/feedback/${id}`);
    noPlainPhone(detail.body);
    expect(detail.json<Staff>().abilities).toMatchObject({ triage: true, reveal: true });
    noPlainPhone((await civil.get(`/api/feedback/${id}`)).body);
    noPlainPhone((await civil.get('/api/feedback')).body);

    expect((await zichuan.get(`/api/feedback/${id}`)).statusCode).toBe(404);
    expect((await zichuan.post(`/api/feedback/${id}/reveal-contact`)).statusCode).toBe(404);
    expect(
      (await zichuan.post(`/api/feedback/${id}/triage`, { action: 'answer', comment: '已知悉' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await zichuan.get('/api/feedback')).json<{ items: Staff[] }>().items.map((i) => i.id),
    ).not.toContain(id);
    // Civil affairs may read but has no reveal permission.
    expect((await civil.post(`/api/feedback/${id}/reveal-contact`)).statusCode).toBe(403);

    const revealed = await chezhan.post(`/api/feedback/${id}/reveal-contact`);
    expect(revealed.json()).toEqual({ contactName: '王大妈', phone: PHONE });
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'feedback.contact_reveal'));
    expect(audit.some((a) => a.entityId === String(id))).toBe(true);
    // The audit log itself never holds the number.
    const all = await t.db.select().from(auditEvents);
    expect(JSON.stringify(all)).not.toContain(PHONE);

    const answered = await chezhan.post(`/api/feedback/${id}/triage`, {
      action: 'answer',
      comment: '已纳入明年社区养老设施建设计划',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    noPlainPhone(answered.body);
    expect(answered.json<Staff>().status).toBe('answered');
    // Triage twice is an invalid transition.
    expect(
      (await chezhan.post(`/api/feedback/${id}/triage`, { action: 'answer', comment: '再答复' }))
        .statusCode,
    ).toBe(409);
    const tr = (await anon.get(`/api/public/feedback/${code}`)).json<Tracking>();
    expect(tr.canRate).toBe(true);
    expect(tr.timeline.map((e) => e.text).join()).toContain('已纳入明年社区养老设施建设计划');
    expect(JSON.stringify(tr)).not.toContain('车站街道（演示）');
  });

  it('triage into a new problem (source resident), then a second report linked to it; duplicates', async () => {
    const first = await submit();
    const id1 = await staffIdOf(first);
    const made = await chezhan.post(`/api/feedback/${id1}/triage`, {
      action: 'problem',
      comment: '确需补建日间照料中心',
      stage: 'use',
      facilityType: 'elderly_day_care',
    });
    expect(made.statusCode, made.body).toBe(200);
    const problemId = made.json<Staff>().problemId!;
    const [p] = await t.db.select().from(problems).where(eq(problems.id, problemId));
    expect(p).toMatchObject({
      source: 'resident',
      category: 'elderly_care',
      residentialAreaId: areaId,
    });

    // Before the next report the open problem of that category is shown ("已在整改，关注它").
    const open = await anon.get(
      `/api/public/residential-areas/${areaId}/open-problems?category=elderly_care`,
    );
    expect(open.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(problemId);
    const followed = await submit({ followProblemId: problemId, description: undefined });
    expect((await anon.get(`/api/public/feedback/${followed}`)).json<Tracking>().problem!.id).toBe(
      problemId,
    );

    const second = await submit({ description: '日间照料中心什么时候建？' });
    const id2 = await staffIdOf(second);
    const linked = await chezhan.post(`/api/feedback/${id2}/triage`, {
      action: 'problem',
      comment: '同一问题，合并办理',
      problemId,
    });
    expect(linked.json<Staff>().problemId).toBe(problemId);
    const third = await submit({ description: '还是没有照料中心啊' });
    const dup = await chezhan.post(`/api/feedback/${await staffIdOf(third)}/triage`, {
      action: 'duplicate',
      comment: '与已登记问题相同',
      problemId,
    });
    expect(dup.json<Staff>()).toMatchObject({ status: 'duplicate', problemId });
    // The problem's closure decision shows the residents' reports.
    const reports = await civil.get(`/api/feedback?problemId=${problemId}`);
    expect(reports.json<{ total: number }>().total).toBe(4);
  });

  it('回访: rating only once the problem is closed, once only, 不满意 needs a reason and reaches the lead department, who reopens', async () => {
    const code = await submit({ category: 'elderly_care', description: '养老服务站面积太小' });
    const id = await staffIdOf(code);
    const made = await chezhan.post(`/api/feedback/${id}/triage`, {
      action: 'problem',
      comment: '面积不达标',
      facilityType: 'elderly_service_station',
    });
    const problemId = made.json<Staff>().problemId!;
    const early = await anon.post(`/api/public/feedback/${code}/rating`, { rating: 'satisfied' });
    expect(early.statusCode).toBe(409);
    expect(early.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');

    await closeProblem(problemId);
    const tr = (await anon.get(`/api/public/feedback/${code}`)).json<Tracking>();
    expect(tr.canRate).toBe(true);
    expect(tr.problem).toMatchObject({
      status: 'closed',
      measures: '利用社区闲置用房改建日间照料中心',
    });
    const texts = tr.timeline.map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('已收到'),
        expect.stringContaining('已转为整改问题'),
        '整治方案已批准',
        '整改进展 80%',
        '核验销号',
      ]),
    );

    const noReason = await anon.post(`/api/public/feedback/${code}/rating`, {
      rating: 'dissatisfied',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<ErrorBody>().error.message).toContain('原因');
    const rated = await anon.post(`/api/public/feedback/${code}/rating`, {
      rating: 'dissatisfied',
      comment: '面积还是不够，活动室挤不下',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    const twice = await anon.post(`/api/public/feedback/${code}/rating`, { rating: 'satisfied' });
    expect(twice.statusCode).toBe(409);

    // The closure decision's view of the residents behind the problem: reports and ratings, no contact.
    const residents = await civil.get(`/api/feedback/for-problem/${problemId}`);
    expect(residents.statusCode).toBe(200);
    noPlainPhone(residents.body);
    expect(residents.body).not.toContain('5678');
    expect(residents.body).not.toContain('王');
    const rs = residents.json<{
      items: { trackingCode: string; ratingName: string; ratingComment: string }[];
      ratings: { dissatisfied: number; rated: number; satisfactionRate: number | null };
    }>();
    expect(rs.items).toHaveLength(1);
    expect(rs.items[0]).toMatchObject({
      trackingCode: code,
      ratingName: '不满意',
      ratingComment: '面积还是不够，活动室挤不下',
    });
    expect(rs.ratings).toMatchObject({ dissatisfied: 1, rated: 1, satisfactionRate: 0 });
    // Another district learns nothing, not even that the problem exists.
    const elsewhere = await zichuan.get(`/api/feedback/for-problem/${problemId}`);
    expect(elsewhere.statusCode).toBe(404);

    // Before the lead department (civil affairs), not the street.
    const pending = await civil.get('/api/feedback?review=pending');
    const item = pending.json<{ items: Staff[] }>().items.find((i) => i.id === id)!;
    expect(item.abilities.review).toBe(true);
    expect(
      (await chezhan.post(`/api/feedback/${id}/review`, { decision: 'reopen', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const inbox = await civil.get('/api/notifications');
    expect(inbox.body).toContain(`问题 #${problemId}`);

    const reopened = await civil.post(`/api/feedback/${id}/review`, {
      decision: 'reopen',
      reason: '按居民意见扩建活动室',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json<Staff>().reviewStatus).toBe('reopened');
    const [p] = await t.db.select().from(problems).where(eq(problems.id, problemId));
    expect(p!.status).toBe('in_progress');
    const after = (await anon.get(`/api/public/feedback/${code}`)).json<Tracking>();
    expect(after.review).toMatchObject({ status: 'reopened' });
    expect(after.timeline.map((e) => e.text).join()).toContain('重新打开问题');
    const audit = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'feedback.review_reopen'));
    expect(audit).toHaveLength(1);
    // A second review is refused.
    expect(
      (await civil.post(`/api/feedback/${id}/review`, { decision: 'uphold', reason: '再议' }))
        .statusCode,
    ).toBe(409);
  });

  it('回访: the lead department may uphold the closure with a written reason the resident sees', async () => {
    const code = await submit({ category: 'community_service', description: '社区用房被挪作他用' });
    const id = await staffIdOf(code);
    const made = await chezhan.post(`/api/feedback/${id}/triage`, {
      action: 'problem',
      comment: '核实属实',
    });
    const problemId = made.json<Staff>().problemId!;
    await closeProblem(problemId);
    await anon.post(`/api/public/feedback/${code}/rating`, {
      rating: 'dissatisfied',
      comment: '还是有人占用',
    });
    const upheld = await civil.post(`/api/feedback/${id}/review`, {
      decision: 'uphold',
      reason: '经现场核查，社区用房已恢复使用，占用为临时活动',
    });
    expect(upheld.json<Staff>().reviewStatus).toBe('upheld');
    const tr = (await anon.get(`/api/public/feedback/${code}`)).json<Tracking>();
    expect(tr.review).toEqual({
      status: 'upheld',
      reason: '经现场核查，社区用房已恢复使用，占用为临时活动',
    });
    const [p] = await t.db.select().from(problems).where(eq(problems.id, problemId));
    expect(p!.status).toBe('closed');
  });

  it('满意率 per community, street, district and department; late feedback; contact erasure', async () => {
    const okCode = await submit({ category: 'health', description: '卫生服务站开放时间太短' });
    const okId = await staffIdOf(okCode);
    await chezhan.post(`/api/feedback/${okId}/triage`, {
      action: 'answer',
      comment: '已延长开放时间',
    });
    await anon.post(`/api/public/feedback/${okCode}/rating`, { rating: 'basically_satisfied' });

    const s = await computeSatisfaction({ db: t.db, regionPrefix: '370303001' });
    // Rated so far in this file: one dissatisfied (elderly_care), one dissatisfied
    // (community_service), one basically satisfied (health).
    expect(s.overall).toMatchObject({ rated: 3, basicallySatisfied: 1, dissatisfied: 2 });
    expect(s.overall.rate).toBeCloseTo(1 / 3, 4);
    expect(s.byStreet).toHaveLength(1);
    expect(s.byDistrict[0]).toMatchObject({ code: '370303', rated: 3 });
    const civilDept = s.byDepartment.find((d) => d.code === '3703-civil_affairs')!;
    expect(civilDept).toMatchObject({ rated: 2, rate: 0 });
    expect(s.byDepartment.find((d) => d.code === '3703-health')!.rate).toBe(1);
    expect(
      (await computeSatisfaction({ db: t.db, regionPrefix: '370302' })).overall.rate,
    ).toBeNull();
    const api = await chezhan.get('/api/feedback/satisfaction');
    expect(api.json<{ overall: { rated: number } }>().overall.rated).toBe(3);

    const lateCode = await submit({ description: '无人处理的反映测试' });
    const lateId = await staffIdOf(lateCode);
    await t.db.update(feedback).set({ dueDate: '2020-01-06' }).where(eq(feedback.id, lateId));
    const late = await findLateFeedback({ db: t.db, regionPrefix: '370303' });
    expect(late.map((l) => l.id)).toContain(lateId);
    expect(
      (await chezhan.get('/api/feedback?late=true'))
        .json<{ items: Staff[] }>()
        .items.map((i) => i.id),
    ).toContain(lateId);

    // P11: the league table and its late list carry the same figures (张店区 holds 车站街道).
    const office = await t.login('office');
    const overview = (await office.get('/api/supervision/overview')).json<{
      regions: { regionCode: string; satisfactionRate: number | null }[];
      late: { kind: string; link: string; unit: string }[];
    }>();
    const zhangdianRow = overview.regions.find((r) => r.regionCode === '370303')!;
    expect(zhangdianRow.satisfactionRate).toBeCloseTo(1 / 3, 4);
    expect(overview.regions.find((r) => r.regionCode === '370302')!.satisfactionRate).toBeNull();
    expect(overview.late).toContainEqual(
      expect.objectContaining({
        kind: 'resident_feedback',
        link: `/feedback/${lateId}`,
        unit: '车站街道',
      }),
    );

    // The answered-and-rated feedback ended; 181 days later its contact details are erased.
    const erased = await eraseExpiredContacts(t.db, new Date(Date.now() + 181 * 86_400_000));
    expect(erased).toBeGreaterThan(0);
    const [row] = await t.db.select().from(feedback).where(eq(feedback.id, okId));
    expect(row).toMatchObject({ phoneEnc: null, phoneHash: null, contactNameEnc: null });
    expect((await chezhan.get(`/api/feedback/${okId}`)).json<Staff>().abilities.reveal).toBe(false);
    // Still open: kept.
    const [open] = await t.db.select().from(feedback).where(eq(feedback.id, lateId));
    expect(open!.phoneEnc).not.toBeNull();
  });
});

describe('P13 residents: phone and ID numbers written into free text', () => {
  const TYPED = '13987654321';
  const LANDLINE = '0533-3187654';
  /** The typed numbers in any spelling a staff or public answer could carry them. */
  const noTypedNumber = (body: string) => {
    noPlainPhone(body);
    expect(body.replace(/[\s-]/g, '')).not.toContain('98765432');
    expect(body).not.toContain('3187654');
    expect(body).not.toContain('19900101');
  };

  it('masks them in every staff answer and the tracking page, keeps a typed mobile as the contact phone', async () => {
    const code = await submit({
      category: 'elderly_care',
      description: `日间照料中心一直不开门，请打 139 8765 4321 或座机 ${LANDLINE} 找我（业主，身份证 370303199001011234）`,
      contactName: undefined,
      phone: undefined,
    });
    const id = await staffIdOf(code);
    // Stored masked (backups never hold it); the typed mobile is the encrypted contact phone.
    const [stored] = await t.db.select().from(feedback).where(eq(feedback.id, id));
    noTypedNumber(JSON.stringify(stored));
    expect(stored!.description).toContain('139****4321');
    expect(stored!.description).toContain('0533-****7654');
    expect(stored!.description).toContain('370303********1234');
    const followUp = await anon.post(`/api/public/feedback/${code}/follow-ups`, {
      text: `补充：白天打不通可以打 ${TYPED}`,
    });
    expect(followUp.statusCode, followUp.body).toBe(200);
    noTypedNumber(followUp.body);

    const list = await chezhan.get(`/api/feedback?q=${code}`);
    expect(list.json<{ items: Staff[] }>().items.map((i) => i.id)).toEqual([id]);
    noTypedNumber(list.body);
    const detail = await chezhan.get(`/api/feedback/${id}`);
    noTypedNumber(detail.body);
    expect(detail.json<Staff>().phone).toBe('139****4321');
    expect(detail.body).toContain('白天打不通可以打 139****4321');
    noTypedNumber((await anon.get(`/api/public/feedback/${code}`)).body);
    const revealed = await chezhan.post(`/api/feedback/${id}/reveal-contact`);
    expect(revealed.json()).toEqual({ contactName: null, phone: TYPED });

    // The problem made from it, the closure view and a rating comment with a number.
    const made = await chezhan.post(`/api/feedback/${id}/triage`, {
      action: 'problem',
      comment: '请社区联系居民，社区电话 0533-2180000',
      facilityType: 'elderly_day_care',
    });
    expect(made.statusCode, made.body).toBe(200);
    noTypedNumber(made.body);
    const problemId = made.json<Staff>().problemId!;
    noTypedNumber((await chezhan.get(`/api/problems/${problemId}`)).body);
    await closeProblem(problemId);
    const rated = await anon.post(`/api/public/feedback/${code}/rating`, {
      rating: 'dissatisfied',
      comment: `还是不开门，打${TYPED}问我`,
    });
    expect(rated.statusCode, rated.body).toBe(200);
    noTypedNumber(rated.body);
    for (const path of [
      `/api/feedback/${id}`,
      `/api/feedback?problemId=${problemId}`,
      `/api/feedback/for-problem/${problemId}`,
    ]) {
      const res = await civil.get(path);
      expect(res.statusCode, path).toBe(200);
      noTypedNumber(res.body);
    }
    // Staff text keeps the office number residents are meant to call.
    expect((await chezhan.get(`/api/feedback/${id}`)).body).toContain('0533-2180000');
  });

  it('masks numbers in rows stored before the rule, on the way out', async () => {
    const code = await submit({ category: 'elderly_care', description: '养老服务站太远了' });
    const id = await staffIdOf(code);
    await t.db
      .update(feedback)
      .set({ description: `养老服务站太远了，电话${TYPED}`, ratingComment: `座机${LANDLINE}` })
      .where(eq(feedback.id, id));
    await t.db.insert(feedbackEvents).values({
      feedbackId: id,
      action: 'follow_up',
      publicText: `您补充：${TYPED}`,
      comment: TYPED,
    });
    for (const res of [
      await chezhan.get(`/api/feedback/${id}`),
      await chezhan.get(`/api/feedback?q=${code}`),
      await anon.get(`/api/public/feedback/${code}`),
    ]) {
      expect(res.statusCode).toBe(200);
      noTypedNumber(res.body);
    }
    const made = await chezhan.post(`/api/feedback/${id}/triage`, {
      action: 'problem',
      comment: '纳入整改',
      facilityType: 'elderly_service_station',
    });
    noTypedNumber(made.body);
    const [p] = await t.db
      .select()
      .from(problems)
      .where(eq(problems.id, made.json<Staff>().problemId!));
    expect(p!.description).toContain('139****4321');
    noTypedNumber((await civil.get(`/api/feedback/for-problem/${p!.id}`)).body);
  });
});

describe('P13 residents: per-address limits and the proof-of-work challenge', () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ PUBLIC_WRITES_PER_HOUR: '5', PUBLIC_CHALLENGE_BITS: '8' });
  });
  afterAll(async () => {
    await s.close();
  });

  function solve(challenge: string, bits: number): string {
    for (let n = 0; ; n++) {
      const h = createHash('sha256').update(`${challenge}:${n}`).digest();
      if (leadingZeroBits(h) >= bits) return String(n);
    }
  }

  it('refuses a write without a solved challenge, accepts a solved one once, then limits the address', async () => {
    const c = s.anonymous();
    const chezhanS = await s.login('chezhan');
    const area = await buildArea(chezhanS);
    const body = {
      residentialAreaId: area.id,
      category: 'sports',
      description: '健身器材损坏多时无人维修',
      consent: true,
    };
    const none = await c.post('/api/public/feedback', body);
    expect(none.statusCode).toBe(400);
    expect(none.json<ErrorBody>().error.message).toContain('人机校验');

    const ch = (await c.get('/api/public/challenge')).json<{ challenge: string; bits: number }>();
    expect(ch.bits).toBe(8);
    const failing = (() => {
      for (let n = 0; ; n++) {
        const h = createHash('sha256').update(`${ch.challenge}:x${n}`).digest();
        if (leadingZeroBits(h) < ch.bits) return `x${n}`;
      }
    })();
    const wrong = await c.request('POST', '/api/public/feedback', body, {
      'x-challenge': ch.challenge,
      'x-challenge-nonce': failing,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ErrorBody>().error.message).toContain('未通过');
    const nonce = solve(ch.challenge, ch.bits);
    const ok = await c.request('POST', '/api/public/feedback', body, {
      'x-challenge': ch.challenge,
      'x-challenge-nonce': nonce,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const reused = await c.request('POST', '/api/public/feedback', body, {
      'x-challenge': ch.challenge,
      'x-challenge-nonce': nonce,
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json<ErrorBody>().error.message).toContain('已使用');
    const forged = await c.request('POST', '/api/public/feedback', body, {
      'x-challenge': ch.challenge.replace(/\.(\d+)\.8\./, '.1$1.8.'),
      'x-challenge-nonce': nonce,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json<ErrorBody>().error.message).toContain('无效');
    // The sixth write from this address this hour passes the limit (5), counted in the database.
    const limited = await c.post('/api/public/feedback', body);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<ErrorBody>().error.code).toBe('RATE_LIMITED');
    const counters = await s.db.execute(
      sql`select count from public_counters where key like 'write:%'`,
    );
    expect(JSON.stringify(counters)).toMatch(/"count":\s*6/);
  });
});
