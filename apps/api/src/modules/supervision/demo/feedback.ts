import { and, asc, eq, isNotNull, like, sql } from 'drizzle-orm';
import {
  FACILITY_TYPE_NAMES,
  RATING_NAMES,
  type FacilityTypeCode,
  type Rating,
} from '@zibo/shared';
import type { Db } from '../../../platform/db/client.ts';
import { todayInShanghai } from '../../../platform/time.ts';
import { problems } from '../../problems/index.ts';

/** Demo tracking codes: `DEMO` + six digits. Real codes never hold an O or a 0, so never clash. */
const DEMO_CODE_PREFIX = 'DEMO';
const DAY = 86_400_000;
const BATCH = 500;

/** A hash of the problem id in 0..1 (deterministic draws, one per `salt`). */
function draw(id: number, salt: number): number {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/**
 * 回访 ratings in the demo city (P13 → P11): residents who followed a demo problem rate it once it
 * is closed — 满意, 基本满意 or 不满意, more satisfied where a district works faster — so that 满意率
 * shows in the supervision overview, the cockpit and the bulletins. About half of the closed demo
 * problems get one follower; every record is marked （演示） and carries a `DEMO` tracking code.
 * Deterministic (draws from the problem id); runs once, when no demo feedback exists yet.
 */
export async function seedDemoFeedback(
  db: Db,
  pace: Readonly<Record<string, number>>,
  demoSuffix: string,
  now = new Date(),
): Promise<{ feedback: number; rated: number }> {
  // Dynamic: the feedback module's face registers itself with supervision's (a static import
  // from here would be a cycle through supervision/index.ts).
  const { feedback, feedbackEvents } = await import('../../feedback/index.ts');
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(feedback)
    .where(like(feedback.trackingCode, `${DEMO_CODE_PREFIX}%`));
  if (n > 0) return { feedback: 0, rated: 0 };

  const closed = await db
    .select({
      id: problems.id,
      regionCode: problems.regionCode,
      residentialAreaId: problems.residentialAreaId,
      category: problems.category,
      facilityType: problems.facilityType,
      title: problems.title,
      createdAt: problems.createdAt,
      closedAt: problems.closedAt,
    })
    .from(problems)
    .where(
      and(
        eq(problems.status, 'closed'),
        isNotNull(problems.closedAt),
        isNotNull(problems.residentialAreaId),
        like(problems.title, `%${demoSuffix}`),
      ),
    )
    .orderBy(asc(problems.id));

  const latest = now.getTime() - 3_600_000;
  type Row = typeof feedback.$inferInsert;
  type Ev = Omit<typeof feedbackEvents.$inferInsert, 'feedbackId'>;
  const rows: { row: Row; events: Ev[] }[] = [];
  let rated = 0;
  for (const p of closed) {
    if (draw(p.id, 1) >= 0.5) continue;
    const districtPace = pace[p.regionCode.slice(0, 6)] ?? 0.5;
    const closedAt = p.closedAt!.getTime();
    // The resident followed the problem some days after it was raised (before it was closed).
    const followAt = new Date(
      Math.min(p.createdAt.getTime() + Math.floor(draw(p.id, 2) * 20) * DAY, closedAt - DAY),
    );
    const ratedAt = new Date(closedAt + (1 + Math.floor(draw(p.id, 3) * 14)) * DAY);
    const typeName = FACILITY_TYPE_NAMES[p.facilityType as FacilityTypeCode] ?? p.facilityType;
    const events: Ev[] = [
      { action: 'follow', publicText: `已关注整改问题：${p.title}`, at: followAt },
    ];
    let rating: Rating | null = null;
    let comment: string | null = null;
    if (ratedAt.getTime() <= latest) {
      // Slower districts leave more residents dissatisfied: 不满意 5–22 %, 基本满意 25 %.
      const u = draw(p.id, 4);
      const dissatisfied = 0.03 + 0.25 * (1 - districtPace);
      rating =
        u < dissatisfied
          ? 'dissatisfied'
          : u < dissatisfied + 0.25
            ? 'basically_satisfied'
            : 'satisfied';
      comment = rating === 'dissatisfied' ? `${typeName}建成后尚未正常开放${demoSuffix}` : null;
      rated++;
      events.push({
        action: 'rate',
        publicText: `您的评价：${RATING_NAMES[rating]}${comment ? `（${comment}）` : ''}${
          rating === 'dissatisfied' ? '，已转主管部门复核' : ''
        }`,
        comment,
        at: ratedAt,
      });
    }
    // 不满意 on a closed problem goes to the lead department, which has decided: upheld.
    const reviewedAt =
      rating === 'dissatisfied' ? new Date(Math.min(ratedAt.getTime() + 3 * DAY, latest)) : null;
    const endedAt = rating ? (reviewedAt ?? ratedAt) : null;
    rows.push({
      row: {
        trackingCode: `${DEMO_CODE_PREFIX}${String(p.id).padStart(6, '0')}`,
        residentialAreaId: p.residentialAreaId!,
        regionCode: p.regionCode,
        category: p.category,
        stage: 'use',
        kind: 'follow',
        description: `关注问题：${p.title}`,
        consentAt: followAt,
        status: 'problem',
        dueDate: todayInShanghai(new Date(followAt.getTime() + 5 * DAY)),
        problemId: p.id,
        triagedAt: followAt,
        rating,
        ratingComment: comment,
        ratedAt: rating ? ratedAt : null,
        reviewStatus: reviewedAt ? 'upheld' : null,
        reviewReason: reviewedAt
          ? `经现场复核，设施已按标准建成并移交使用，维持销号${demoSuffix}`
          : null,
        reviewedAt,
        endedAt,
        createdAt: followAt,
        updatedAt: endedAt ?? followAt,
      },
      events,
    });
  }

  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const inserted = await tx
        .insert(feedback)
        .values(batch.map((b) => b.row))
        .returning({ id: feedback.id, trackingCode: feedback.trackingCode });
      const idOf = new Map(inserted.map((x) => [x.trackingCode, x.id]));
      const events = batch.flatMap((b) =>
        b.events.map((e) => ({ ...e, feedbackId: idOf.get(b.row.trackingCode)! })),
      );
      if (events.length) await tx.insert(feedbackEvents).values(events);
    }
  });
  return { feedback: rows.length, rated };
}
