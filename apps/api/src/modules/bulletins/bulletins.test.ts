import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { BulletinDetail } from '@zibo/shared';
import { startTestApp, type Client, type TestApp } from '../../../test/harness.ts';
import { buildArea } from '../../../test/factories.ts';
import { todayInShanghai, shanghaiDateIn } from '../../platform/time.ts';
import { readPackageParts } from '../../platform/documents/inspect.ts';
import { runOneJob } from '../../platform/jobs/jobs.ts';
import { jobs } from '../../platform/jobs/jobs.tables.ts';
import { JOB_HANDLERS } from '../../jobs.ts';
import { BULLETIN_DRAFT_JOB, previousMonth, scheduleBulletinDraft } from './bulletins.jobs.ts';
import { draftScheduledBulletin } from './bulletins.jobs.ts';
import { bulletins } from './bulletins.tables.ts';

type ErrorBody = { error: { code: string } };
type Listed = { items: { id: number; status: string; signed: boolean | null }[] };

const inDays = shanghaiDateIn;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const year = Number(todayInShanghai().slice(0, 4));

let t: TestApp;
let office: Client;
let zhangdian: Client;
let zichuan: Client;
let edu: Client;
beforeAll(async () => {
  t = await startTestApp();
  office = await t.login('office');
  zhangdian = await t.login('zhangdian');
  zichuan = await t.login('zichuan');
  edu = await t.login('edu');
});
afterAll(async () => {
  await t.close();
});

async function kindergartenProblem(): Promise<number> {
  const area = await buildArea(zhangdian, {
    kind: 'existing',
    households: 2000,
    lon: 118.05,
    lat: 36.8,
  });
  const res = await zhangdian.post('/api/gap-analysis/problems', {
    items: [{ residentialAreaId: area.id, facilityType: 'kindergarten', ruleId: 'EDU-020' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { problemId: number }[] }>().items[0]!.problemId;
}

async function closeProblem(id: number) {
  await zhangdian.post(`/api/problems/${id}/plan`, {
    measures: '利用社区闲置用房改建幼儿园',
    leadUnit: '张店区教育和体育局',
    responsibleUnits: ['车站街道办事处'],
    deadline: inDays(90),
    oneCaseOnePlan: false,
  });
  await edu.post(`/api/problems/${id}/plan/approve`, {});
  await zhangdian.post(`/api/problems/${id}/closure-request`, {
    evidence: '幼儿园已开园',
    attachmentIds: [],
    noEvidenceReason: '测试中不上传照片',
  });
  const closed = await edu.post(`/api/problems/${id}/closure-decision`, { approve: true });
  expect(closed.json<{ status: string }>().status).toBe('closed');
}

const zhangdianRow = (b: BulletinDetail) =>
  b.snapshot.regions.find((r) => r.regionCode === '370303')!;

describe('P11 bulletins: draft, edit, issue, sign', () => {
  let first: BulletinDetail;
  let problemIds: number[];

  it('a draft freezes the city figures, is numbered per year and is pre-filled by name', async () => {
    problemIds = [await kindergartenProblem(), await kindergartenProblem()];
    const res = await office.post('/api/bulletins', {
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-01-31`,
    });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json<BulletinDetail>();
    expect(first).toMatchObject({
      status: 'draft',
      issueNo: 1,
      year,
      docNumber: `淄社配办〔${year}〕1号`,
    });
    expect(zhangdianRow(first)).toMatchObject({ problems: 2, closed: 0 });
    expect(first.snapshot.regions.length).toBeGreaterThanOrEqual(8);
    expect(first.snapshot.previous).toBeNull();
    expect(first.narrative.overall).toContain('登记社区配套设施问题2个');
    expect(first.narrative.ranking).toContain('张店区');

    // Same period again → conflict; a draft is the office's alone.
    const again = await office.post('/api/bulletins', {
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-01-31`,
    });
    expect(again.statusCode).toBe(409);
    expect((await zhangdian.get(`/api/bulletins/${first.id}`)).statusCode).toBe(404);
    expect((await zhangdian.get('/api/bulletins')).json<Listed>().items).toEqual([]);
    expect(
      (
        await zhangdian.post('/api/bulletins', {
          periodStart: `${year}-02-01`,
          periodEnd: `${year}-02-28`,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the office edits the narrative while a draft, with the version guarding concurrent edits', async () => {
    const edited = await office.patch(`/api/bulletins/${first.id}`, {
      version: first.version,
      problems: '（一）工作进展不平衡。张店区需加快进度。',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<BulletinDetail>().narrative.problems).toBe(
      '（一）工作进展不平衡。张店区需加快进度。',
    );
    const stale = await office.patch(`/api/bulletins/${first.id}`, {
      version: first.version,
      overall: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().error.code).toBe('CONFLICT');
    first = edited.json<BulletinDetail>();
  });

  it('the snapshot stays as drafted after a later closure', async () => {
    await closeProblem(problemIds[0]!);
    const after = (await office.get(`/api/bulletins/${first.id}`)).json<BulletinDetail>();
    expect(zhangdianRow(after)).toMatchObject({ problems: 2, closed: 0 });
    expect(after.snapshotHash).toBe(first.snapshotHash);
  });

  it('issuing freezes it for good, hashes it into the audit chain and sends it to the recipients', async () => {
    const issued = await office.post(`/api/bulletins/${first.id}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    const b = issued.json<BulletinDetail>();
    expect(b.status).toBe('issued');
    expect(b.recipients.map((r) => r.unitName)).toEqual(
      expect.arrayContaining(['张店区', '淄川区', '淄博市教育局']),
    );
    expect(b.recipients.every((r) => r.signedAt === null)).toBe(true);

    // Any change to an issued bulletin → 409 INVALID_TRANSITION.
    for (const res of [
      await office.patch(`/api/bulletins/${first.id}`, { version: b.version, overall: '改' }),
      await office.post(`/api/bulletins/${first.id}/issue`),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(res.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    }

    // The stored document is what the hash in the audit chain names, download after download.
    const doc1 = await zhangdian.get(`/api/bulletins/${first.id}/document`);
    expect(doc1.statusCode).toBe(200);
    expect(doc1.headers['content-type']).toContain('wordprocessingml');
    const doc2 = await office.get(`/api/bulletins/${first.id}/document`);
    expect(sha256(doc1.rawPayload)).toBe(b.documentHash);
    expect(sha256(doc2.rawPayload)).toBe(b.documentHash);
    const xml = (await readPackageParts(doc1.rawPayload)).get('word/document.xml')!;
    expect(xml).toContain(`淄社配办〔${year}〕1号`);
    expect(xml).toContain('（一）工作进展不平衡。');
    const annex = await office.get(`/api/bulletins/${first.id}/annex`);
    expect(annex.statusCode).toBe(200);
    expect((await readPackageParts(annex.rawPayload)).get('xl/sharedStrings.xml')).toContain(
      '张店区',
    );

    const auditor = await t.login('auditor');
    const audit = await auditor.get(`/api/audit?entity=bulletin`);
    const issueEvent = audit
      .json<{ items: { action: string; entityId: string; after: Record<string, unknown> }[] }>()
      .items.find((e) => e.action === 'bulletin.issue' && e.entityId === String(first.id))!;
    expect(issueEvent.after).toMatchObject({
      snapshotHash: b.snapshotHash,
      documentHash: b.documentHash,
    });
    expect((await auditor.get('/api/audit/verify')).json<{ ok: boolean }>().ok).toBe(true);

    // The district finds it in its inbox.
    const inbox = await zhangdian.get('/api/notifications');
    expect(
      inbox
        .json<{ items: { kind: string; entityId: string }[] }>()
        .items.some((n) => n.kind === 'bulletin' && n.entityId === String(first.id)),
    ).toBe(true);
  });

  it('a district signs for it once; the office sees who has not', async () => {
    const listed = (await zhangdian.get('/api/bulletins')).json<Listed>();
    expect(listed.items.find((i) => i.id === first.id)).toMatchObject({ signed: false });
    const signed = await zhangdian.post(`/api/bulletins/${first.id}/sign`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json<BulletinDetail>().recipients).toEqual([
      expect.objectContaining({ unitCode: '370303', signedBy: '张店区（演示）' }),
    ]);
    const twice = await zhangdian.post(`/api/bulletins/${first.id}/sign`);
    expect(twice.json<ErrorBody>().error.code).toBe('INVALID_TRANSITION');
    // The office signs for nothing.
    expect((await office.post(`/api/bulletins/${first.id}/sign`)).statusCode).toBe(403);

    const seen = (await office.get(`/api/bulletins/${first.id}`)).json<BulletinDetail>();
    const unsigned = seen.recipients.filter((r) => !r.signedAt).map((r) => r.unitName);
    expect(unsigned).toContain('淄川区');
    expect(unsigned).not.toContain('张店区');
    expect(seen.signedCount).toBe(1);
    expect(
      (await zichuan.get(`/api/bulletins/${first.id}`)).json<BulletinDetail>().abilities.sign,
    ).toBe(true);
  });

  it('the next draft is number 2 and compares with the issued one', async () => {
    const res = await office.post('/api/bulletins', {
      periodStart: `${year}-02-01`,
      periodEnd: `${year}-02-28`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json<BulletinDetail>();
    expect(second).toMatchObject({ issueNo: 2, docNumber: `淄社配办〔${year}〕2号` });
    expect(second.snapshot.previous).toMatchObject({ id: first.id, issueNo: 1 });
    expect(zhangdianRow(second)).toMatchObject({ problems: 2, closed: 1 });
    expect(zhangdianRow(second).change?.closureRatePoints).toBe(50);
    expect(second.narrative.overall).toContain('较上期（第1期）提高50.0个百分点，新增销号1个');
    // The issued one still shows its own figures.
    const firstAgain = (await office.get(`/api/bulletins/${first.id}`)).json<BulletinDetail>();
    expect(zhangdianRow(firstAgain)).toMatchObject({ problems: 2, closed: 0 });
  });
});

describe('P11 scheduled bulletin drafts', () => {
  it('makes exactly one draft per period with two racing runners', async () => {
    const settings = await office.get('/api/bulletins/settings');
    const version = settings.json<{ version: number }>().version;
    const put = await office.put('/api/bulletins/settings', {
      version,
      schedule: 'monthly',
      scheduleDay: 1,
    });
    expect(put.statusCode, put.body).toBe(200);
    // Two processes schedule: one job.
    const queued = await Promise.all([scheduleBulletinDraft(t.db), scheduleBulletinDraft(t.db)]);
    expect(queued.filter(Boolean)).toHaveLength(1);
    const period = previousMonth(todayInShanghai());
    // A second job for the same period slipped in anyway (e.g. a different dedupe key): both
    // runners run at once, and the period's unique index still leaves one draft.
    await t.db.insert(jobs).values({ kind: BULLETIN_DRAFT_JOB, payload: period });
    const ran = await Promise.all([
      runOneJob(t.db, JOB_HANDLERS, 'runner-a'),
      runOneJob(t.db, JOB_HANDLERS, 'runner-b'),
      draftScheduledBulletin(t.db, period),
    ]);
    expect(ran.slice(0, 2)).toEqual([true, true]);
    const drafts = await t.db
      .select()
      .from(bulletins)
      .where(
        and(
          eq(bulletins.periodStart, period.periodStart),
          eq(bulletins.periodEnd, period.periodEnd),
        ),
      );
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ status: 'draft', scheduled: true });
    const done = await t.db.select().from(jobs).where(eq(jobs.kind, BULLETIN_DRAFT_JOB));
    expect(done.map((j) => j.status)).toEqual(['done', 'done']);
  });
});

describe('P12 the policy attachments as documents', () => {
  it('downloads 附件1 and 附件2 as .docx and .xlsx, with the seeded roster and tasks', async () => {
    const district = zhangdian;
    for (const [path, expected] of [
      ['/api/documents/leading-group.docx', '附件1'],
      ['/api/documents/tasks.docx', '排查摸底：社区教育设施'],
    ] as const) {
      const res = await district.get(path);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      const xml = (await readPackageParts(res.rawPayload)).get('word/document.xml')!;
      expect(xml).toContain(expected);
      expect(xml).toContain('<w:tblHeader/>');
    }
    const tasksBook = await district.get('/api/documents/tasks.xlsx');
    expect(tasksBook.statusCode).toBe(200);
    expect((await readPackageParts(tasksBook.rawPayload)).get('xl/sharedStrings.xml')).toContain(
      '淄博市教育局',
    );
    const roster = await district.get('/api/documents/leading-group.xlsx');
    expect(roster.statusCode).toBe(200);
    // Not for those who may not read the task breakdown.
    expect((await (await t.login('developer1')).get('/api/documents/tasks.docx')).statusCode).toBe(
      403,
    );
  });
});
