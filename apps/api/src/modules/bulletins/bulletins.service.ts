import { signIssuedDocument } from '../../platform/crypto/signatures.ts';
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  CATEGORY_CODES,
  DEFAULT_BULLETIN_SETTINGS,
  bulletinSettings,
  type BulletinNarrative,
  type BulletinSettings,
  type BulletinSnapshot,
  type SupervisionOverview,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { canonicalJson, recordAudit } from '../../platform/audit/record.ts';
import { conflict, forbidden, invalidTransition, notFound } from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { departments, regions, settings, CITY } from '../org/index.ts';
import { notifyUsers } from '../inbox/index.ts';
import { computeSupervisionOverview } from '../supervision/index.ts';
import { bulletinRecipients, bulletins } from './bulletins.tables.ts';
import { draftNarrative } from './bulletin-narrative.ts';
import {
  buildBulletinAnnex,
  buildBulletinDocx,
  issueLine,
  type BulletinForDocument,
} from './bulletin-document.ts';
import { currentCity } from '../../platform/city.ts';

type BulletinRow = typeof bulletins.$inferSelect;

export const DEFAULT_TITLE = '关于全市社区配套设施整治工作进展情况的通报';
const SETTINGS_KEY = 'bulletins';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------- settings

export async function readBulletinSettings(
  db: Db,
): Promise<BulletinSettings & { version: number }> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTINGS_KEY));
  const stored = bulletinSettings.partial().safeParse(row?.value ?? {});
  return {
    ...DEFAULT_BULLETIN_SETTINGS,
    ...currentCity().bulletin,
    ...(stored.success ? stored.data : {}),
    version: row?.version ?? 0,
  };
}

export async function updateBulletinSettings(input: {
  db: Db;
  actor: Actor;
  patch: Partial<BulletinSettings>;
  version: number;
}) {
  const { db, actor } = input;
  await db.transaction(async (tx) => {
    const before = await readBulletinSettings(tx);
    if (before.version !== input.version) throw conflict();
    const { version: _v, ...values } = before;
    const after = { ...values, ...input.patch };
    if (before.version === 0) await tx.insert(settings).values({ key: SETTINGS_KEY, value: after });
    else
      await tx
        .update(settings)
        .set({ value: after, version: before.version + 1, updatedAt: new Date() })
        .where(eq(settings.key, SETTINGS_KEY));
    await recordAudit(tx, {
      actor,
      action: 'bulletin_settings.update',
      entity: 'settings',
      entityId: SETTINGS_KEY,
      before: values,
      after,
    });
  });
  return readBulletinSettings(db);
}

// ---------------------------------------------------------------- snapshot

/** The city's view: a bulletin reports on the whole city whoever drafts it. */
const CITY_ACTOR: Actor = {
  ...SYSTEM_ACTOR,
  regionCode: CITY.code,
  departmentCode: null,
  categories: [...CATEGORY_CODES],
};

/** The rows of an issued bulletin, as the "previous" the supervision overview compares with. */
function previousRows(snapshot: BulletinSnapshot) {
  return {
    regions: snapshot.regions.map((r) => ({
      regionCode: r.regionCode,
      category: r.category,
      closureRate: r.closureRate,
      rank: r.rank,
    })),
    departments: snapshot.departments.map((d) => ({
      departmentCode: d.departmentCode,
      closureRate: d.closureRate,
      rank: d.rank,
    })),
  };
}

/**
 * The last issued bulletin's rows, for the supervision overview's "change since the last
 * bulletin" (bulletins report on the city, so other views have no previous).
 */
export async function previousBulletinOverview(db: Db, regionCode: string) {
  if (regionCode !== CITY.code) return null;
  const last = await latestIssued(db);
  return last ? previousRows(last.snapshot as BulletinSnapshot) : null;
}

/**
 * Freezes the supervision overview of the city now, with the change since the previous issued
 * bulletin computed from that bulletin's own frozen rows (not from today's view of then).
 */
export async function takeSnapshot(
  db: Db,
  previous: BulletinRow | null,
  asOf?: string,
): Promise<BulletinSnapshot> {
  const prev = previous ? (previous.snapshot as BulletinSnapshot) : null;
  const overview: SupervisionOverview = await computeSupervisionOverview({
    db,
    actor: CITY_ACTOR,
    regionCode: CITY.code,
    asOf,
    previous: prev ? previousRows(prev) : null,
    // The whole late list, frozen: 附件2 sums it by unit, the .xlsx lists it item by item.
    lateLimit: 5000,
  });
  // Districts partition the city (zones overlap them), so they give the city's totals.
  const districts = overview.regions.filter((r) => r.kind === 'district');
  const sum = (k: 'problems' | 'closed' | 'overdue') => districts.reduce((s, r) => s + r[k], 0);
  const totals = { problems: sum('problems'), closed: sum('closed'), overdue: sum('overdue') };
  return {
    asOf: overview.asOf,
    regionCode: overview.regionCode,
    regionName: overview.regionName,
    totals: { ...totals, closureRate: totals.problems ? totals.closed / totals.problems : 0 },
    regions: overview.regions,
    departments: overview.departments,
    late: overview.late,
    lateTotal: overview.lateTotal,
    previous:
      previous && prev
        ? {
            id: previous.id,
            issueNo: previous.issueNo,
            docNumber: previous.docNumber,
            closureRate: prev.totals.closureRate,
            closed: prev.totals.closed,
          }
        : null,
  };
}

// ---------------------------------------------------------------- drafting

function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

export function docNumberOf(prefix: string, year: number, issueNo: number): string {
  return `${prefix}〔${year}〕${issueNo}号`;
}

async function latestIssued(db: Db): Promise<BulletinRow | null> {
  const [row] = await db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.cityCode, CITY.code), eq(bulletins.status, 'issued')))
    .orderBy(desc(bulletins.issuedAt), desc(bulletins.id))
    .limit(1);
  return row ?? null;
}

/**
 * Makes a draft for a period, or returns the one that exists: the unique period index plus an
 * insert that does nothing on conflict make two racing callers (two job runners) produce one.
 */
export async function draftBulletin(input: {
  db: Db;
  actor: Actor;
  periodStart: string;
  periodEnd: string;
  scheduled?: boolean;
  /** The demo seed dates its bulletins in the past: figures as of, and the drafting day. */
  asOf?: string;
  today?: string;
}): Promise<{ id: number; created: boolean }> {
  const { db, actor, periodStart, periodEnd } = input;
  if (periodEnd < periodStart)
    throw invalidTransition('统计时段的结束日期不能早于开始日期', { periodStart, periodEnd });
  const existing = async () => {
    const [row] = await db
      .select({ id: bulletins.id })
      .from(bulletins)
      .where(
        and(
          eq(bulletins.cityCode, CITY.code),
          eq(bulletins.periodStart, periodStart),
          eq(bulletins.periodEnd, periodEnd),
        ),
      );
    return row ?? null;
  };
  const found = await existing();
  if (found) return { id: found.id, created: false };

  const config = await readBulletinSettings(db);
  const previous = await latestIssued(db);
  const snapshot = await takeSnapshot(db, previous, input.asOf);
  const narrative = draftNarrative(snapshot, { start: periodStart, end: periodEnd });
  const year = yearOf(input.today ?? todayInShanghai());
  const letterhead = {
    issuer: config.issuer,
    addressees: config.addressees,
    copyTo: config.copyTo,
    docNumberPrefix: config.docNumberPrefix,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await db.transaction(async (tx) => {
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`coalesce(max(${bulletins.issueNo}), 0)::int` })
        .from(bulletins)
        .where(and(eq(bulletins.cityCode, CITY.code), eq(bulletins.year, year)));
      const issueNo = n + 1;
      const [row] = await tx
        .insert(bulletins)
        .values({
          cityCode: CITY.code,
          year,
          issueNo,
          docNumber: docNumberOf(config.docNumberPrefix, year, issueNo),
          title: DEFAULT_TITLE,
          periodStart,
          periodEnd,
          snapshot,
          snapshotHash: sha256(canonicalJson(snapshot)),
          narrative,
          letterhead,
          scheduled: input.scheduled ?? false,
          createdById: actor.id || null,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return null;
      await recordAudit(tx, {
        actor,
        action: 'bulletin.draft',
        entity: 'bulletin',
        entityId: row.id,
        after: {
          issueNo: row.issueNo,
          docNumber: row.docNumber,
          periodStart,
          periodEnd,
          snapshotHash: row.snapshotHash,
          scheduled: row.scheduled,
        },
      });
      return row.id;
    });
    if (result !== null) return { id: result, created: true };
    // Lost a race: either another draft took this period (done) or this number (try the next).
    const other = await existing();
    if (other) return { id: other.id, created: false };
  }
  throw conflict('通报编号分配冲突，请重试');
}

// ---------------------------------------------------------------- reading

function mayManage(actor: Actor): boolean {
  return actor.permissions.has('bulletins.manage');
}

/** The recipient unit the actor signs for, if any. */
function unitOf(actor: Actor): { unitKind: 'region' | 'department'; unitCode: string } | null {
  if (!actor.permissions.has('bulletins.sign')) return null;
  if (actor.roles.includes('department') && actor.departmentCode)
    return { unitKind: 'department', unitCode: actor.departmentCode };
  if (actor.roles.includes('district') && actor.regionCode)
    return { unitKind: 'region', unitCode: actor.regionCode };
  return null;
}

async function loadVisible(db: Db, actor: Actor, id: number): Promise<BulletinRow> {
  const [row] = await db.select().from(bulletins).where(eq(bulletins.id, id));
  // Drafts exist only for the office; to anyone else they are not there.
  if (!row || (row.status === 'draft' && !mayManage(actor))) throw notFound('通报');
  return row;
}

export async function findBulletins(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const rows = await db
    .select()
    .from(bulletins)
    .where(
      and(
        eq(bulletins.cityCode, CITY.code),
        mayManage(actor) ? undefined : isNotNull(bulletins.issuedAt),
      ),
    )
    .orderBy(desc(bulletins.year), desc(bulletins.issueNo));
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db
        .select({
          bulletinId: bulletinRecipients.bulletinId,
          total: count(),
          signed: sql<number>`count(${bulletinRecipients.signedAt})::int`,
        })
        .from(bulletinRecipients)
        .where(inArray(bulletinRecipients.bulletinId, ids))
        .groupBy(bulletinRecipients.bulletinId)
    : [];
  const byId = new Map(counts.map((c) => [c.bulletinId, c]));
  const unit = unitOf(actor);
  const mine =
    unit && ids.length
      ? await db
          .select()
          .from(bulletinRecipients)
          .where(
            and(
              inArray(bulletinRecipients.bulletinId, ids),
              eq(bulletinRecipients.unitKind, unit.unitKind),
              eq(bulletinRecipients.unitCode, unit.unitCode),
            ),
          )
      : [];
  const mineById = new Map(mine.map((m) => [m.bulletinId, m]));
  const items = rows.map((r) => summary(r, byId.get(r.id), mineById.get(r.id) ?? null, !!unit));
  return { items, total: items.length };
}

function summary(
  r: BulletinRow,
  counts: { total: number; signed: number } | undefined,
  mine: typeof bulletinRecipients.$inferSelect | null,
  isRecipientRole: boolean,
) {
  return {
    id: r.id,
    issueNo: r.issueNo,
    year: r.year,
    docNumber: r.docNumber,
    title: r.title,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    status: r.status,
    issuedAt: r.issuedAt?.toISOString() ?? null,
    signed: isRecipientRole && mine ? mine.signedAt !== null : null,
    signedCount: counts?.signed ?? 0,
    recipientCount: counts?.total ?? 0,
  };
}

export async function findBulletin(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  const r = await loadVisible(db, actor, id);
  const recipients = await db
    .select()
    .from(bulletinRecipients)
    .where(eq(bulletinRecipients.bulletinId, id))
    .orderBy(desc(bulletinRecipients.unitKind), asc(bulletinRecipients.sortOrder));
  const unit = unitOf(actor);
  const mine =
    unit &&
    (recipients.find((x) => x.unitKind === unit.unitKind && x.unitCode === unit.unitCode) ?? null);
  const signedCount = recipients.filter((x) => x.signedAt).length;
  return {
    ...summary(r, { total: recipients.length, signed: signedCount }, mine ?? null, !!unit),
    snapshot: r.snapshot as BulletinSnapshot,
    narrative: r.narrative as BulletinNarrative,
    // The office sees every unit and who has not signed; a recipient sees its own line.
    recipients: recipients
      .filter((x) => mayManage(actor) || (mine && x === mine))
      .map((x) => ({
        unitKind: x.unitKind,
        unitCode: x.unitCode,
        unitName: x.unitName,
        signedAt: x.signedAt?.toISOString() ?? null,
        signedBy: x.signedByName,
      })),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    snapshotHash: r.snapshotHash,
    documentHash: r.documentHash,
    abilities: {
      edit: mayManage(actor) && r.status === 'draft',
      issue: mayManage(actor) && r.status === 'draft',
      sign: !!mine && mine.signedAt === null,
    },
  };
}

// ---------------------------------------------------------------- editing and issuing

export type NarrativePatch = Partial<BulletinNarrative> & { title?: string | undefined };

export async function updateBulletin(input: {
  db: Db;
  actor: Actor;
  id: number;
  version: number;
  patch: NarrativePatch;
}) {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(bulletins).where(eq(bulletins.id, id)).for('update');
    if (!before) throw notFound('通报');
    if (before.status !== 'draft')
      throw invalidTransition('通报已印发，不能再修改', { status: before.status });
    if (before.version !== input.version) throw conflict();
    const { title, ...sections } = input.patch;
    const narrative = { ...(before.narrative as BulletinNarrative) };
    for (const [k, v] of Object.entries(sections))
      if (v !== undefined) narrative[k as keyof BulletinNarrative] = v;
    await tx
      .update(bulletins)
      .set({ narrative, title: title ?? before.title, version: before.version + 1 })
      .where(eq(bulletins.id, id));
    await recordAudit(tx, {
      actor,
      action: 'bulletin.update',
      entity: 'bulletin',
      entityId: id,
      before: { title: before.title, narrative: before.narrative },
      after: { title: title ?? before.title, narrative },
    });
  });
  return findBulletin({ db, actor, id });
}

function forDocument(r: BulletinRow, date: string): BulletinForDocument {
  return {
    issueNo: r.issueNo,
    year: r.year,
    docNumber: r.docNumber,
    title: r.title,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    date,
    narrative: r.narrative as BulletinNarrative,
    snapshot: r.snapshot as BulletinSnapshot,
  };
}

function letterheadOf(r: BulletinRow): BulletinSettings {
  return { ...DEFAULT_BULLETIN_SETTINGS, ...(r.letterhead as Partial<BulletinSettings>) };
}

/** The units that receive a bulletin: the districts of the city and the lead departments. */
async function recipientUnits(db: Db) {
  const districts = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.level, 'district'), eq(regions.parentCode, CITY.code)))
    .orderBy(asc(regions.code));
  const deps = await db
    .select({ code: departments.code, name: departments.name, categories: departments.categories })
    .from(departments)
    .where(and(eq(departments.level, 'city'), eq(departments.regionCode, CITY.code)))
    .orderBy(asc(departments.code));
  return [
    ...districts.map((d, i) => ({
      unitKind: 'region' as const,
      unitCode: d.code,
      unitName: d.name,
      sortOrder: i,
    })),
    ...deps
      .filter((d) => d.categories.length > 0)
      .map((d, i) => ({
        unitKind: 'department' as const,
        unitCode: d.code,
        unitName: d.name,
        sortOrder: i,
      })),
  ];
}

/**
 * Issues a draft: renders the .docx and .xlsx once and keeps their bytes, writes the hashes of
 * the snapshot and both files to the audit chain, and sends it to every recipient's inbox.
 */
export async function issueBulletin(input: { db: Db; actor: Actor; id: number; at?: Date }) {
  const { db, actor, id } = input;
  const [draft] = await db.select().from(bulletins).where(eq(bulletins.id, id));
  if (!draft) throw notFound('通报');
  if (draft.status !== 'draft') throw invalidTransition('通报已印发', { status: draft.status });
  const issuedAt = input.at ?? new Date();
  const doc = forDocument(draft, todayInShanghai(issuedAt));
  const [docx, xlsx] = await Promise.all([
    buildBulletinDocx(doc, letterheadOf(draft)),
    buildBulletinAnnex(doc),
  ]);
  const units = await recipientUnits(db);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(bulletins).where(eq(bulletins.id, id)).for('update');
    if (!before) throw notFound('通报');
    if (before.status !== 'draft') throw invalidTransition('通报已印发', { status: before.status });
    // An edit between rendering and here would make the stored document stale.
    if (before.version !== draft.version) throw conflict();
    const documentHash = sha256(docx);
    const annexHash = sha256(xlsx);
    await tx
      .update(bulletins)
      .set({
        status: 'issued',
        issuedAt,
        issuedById: actor.id,
        documentBase64: docx.toString('base64'),
        documentHash,
        annexBase64: xlsx.toString('base64'),
        annexHash,
        version: before.version + 1,
      })
      .where(eq(bulletins.id, id));
    // 密评 8.4 h: under CRYPTO_SUITE=gm the issued files carry an SM2 signature.
    await signIssuedDocument(tx, 'bulletin', id, { document: docx, annex: xlsx });
    if (units.length)
      await tx.insert(bulletinRecipients).values(units.map((u) => ({ ...u, bulletinId: id })));
    await recordAudit(tx, {
      actor,
      action: 'bulletin.issue',
      entity: 'bulletin',
      entityId: id,
      before: { status: 'draft' },
      after: {
        status: 'issued',
        docNumber: before.docNumber,
        issueNo: before.issueNo,
        snapshotHash: before.snapshotHash,
        documentHash,
        annexHash,
        recipients: units.map((u) => u.unitCode),
      },
    });
    const regionCodes = units.filter((u) => u.unitKind === 'region').map((u) => u.unitCode);
    const depCodes = units.filter((u) => u.unitKind === 'department').map((u) => u.unitCode);
    const receivers = await tx
      .select({
        id: users.id,
        roles: users.roles,
        regionCode: users.regionCode,
        dep: users.departmentCode,
      })
      .from(users)
      .where(eq(users.disabled, false));
    const ids = receivers
      .filter(
        (u) =>
          (u.roles.includes('district') && u.regionCode && regionCodes.includes(u.regionCode)) ||
          (u.roles.includes('department') && u.dep && depCodes.includes(u.dep)),
      )
      .map((u) => u.id);
    await notifyUsers(tx, ids, {
      kind: 'bulletin',
      title: `定期通报：${before.docNumber}`,
      body: `${before.title}${issueLine(before)}已印发，请及时签收。`,
      entity: 'bulletin',
      entityId: id,
      eventKey: `bulletin:${id}:issued`,
    });
  });
  return findBulletin({ db, actor, id });
}

/** 签收: the actor's unit acknowledges receipt, once. */
export async function signBulletin(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  const r = await loadVisible(db, actor, id);
  if (r.status !== 'issued') throw invalidTransition('通报尚未印发');
  const unit = unitOf(actor);
  if (!unit) throw forbidden('您所在单位不是该通报的接收单位');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(bulletinRecipients)
      .where(
        and(
          eq(bulletinRecipients.bulletinId, id),
          eq(bulletinRecipients.unitKind, unit.unitKind),
          eq(bulletinRecipients.unitCode, unit.unitCode),
        ),
      )
      .for('update');
    if (!row) throw forbidden('您所在单位不是该通报的接收单位');
    if (row.signedAt) throw invalidTransition('本单位已签收该通报');
    await tx
      .update(bulletinRecipients)
      .set({ signedAt: new Date(), signedById: actor.id, signedByName: actor.displayName })
      .where(
        and(
          eq(bulletinRecipients.bulletinId, id),
          eq(bulletinRecipients.unitKind, unit.unitKind),
          eq(bulletinRecipients.unitCode, unit.unitCode),
        ),
      );
    await recordAudit(tx, {
      actor,
      action: 'bulletin.sign',
      entity: 'bulletin',
      entityId: id,
      after: { unitKind: unit.unitKind, unitCode: unit.unitCode },
    });
  });
  return findBulletin({ db, actor, id });
}

// ---------------------------------------------------------------- files

export async function bulletinFile(input: {
  db: Db;
  actor: Actor;
  id: number;
  kind: 'document' | 'annex';
}): Promise<{ fileName: string; bytes: Buffer }> {
  const r = await loadVisible(input.db, input.actor, input.id);
  const base = `${r.docNumber}${r.title}`;
  if (r.status === 'issued') {
    const stored = input.kind === 'document' ? r.documentBase64 : r.annexBase64;
    if (!stored) throw notFound('通报文件');
    return {
      fileName: `${base}${input.kind === 'document' ? '.docx' : '（统计表）.xlsx'}`,
      bytes: Buffer.from(stored, 'base64'),
    };
  }
  // A draft renders afresh (dated today) so the office can proof it before issuing.
  const doc = forDocument(r, todayInShanghai());
  return input.kind === 'document'
    ? { fileName: `${base}（草稿）.docx`, bytes: await buildBulletinDocx(doc, letterheadOf(r)) }
    : { fileName: `${base}（草稿统计表）.xlsx`, bytes: await buildBulletinAnnex(doc) };
}
