import { eq, inArray, sql } from 'drizzle-orm';
import {
  CATEGORIES,
  describeFinding,
  FACILITY_TYPE_NAMES,
  FINDING_STATUS_NAMES,
  type CategoryCode,
  type Finding,
} from '@zibo/shared';
import type { Db } from '../../../platform/db/client.ts';
import { recordAudit } from '../../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../../platform/auth/actor.ts';
import { todayInShanghai } from '../../../platform/time.ts';
import { GapEngine } from '../../gap-analysis/index.ts';
import { loadLedgerForEvaluation } from '../../ledger/index.ts';
import { departmentCode, readSettings, regions } from '../../org/index.ts';
import { currentCity } from '../../../platform/city.ts';
import {
  campaigns,
  findingKeyOf,
  problemEvents,
  problemExtensions,
  problemPlans,
  problems,
} from '../../problems/index.ts';
import { currentRules } from '../../standards/index.ts';
import { surveySubmissions, surveys } from '../../survey/index.ts';
import { applyOrderRules } from '../orders.service.ts';
import { seedDemoFeedback } from './feedback.ts';

/** Marks every demo record's title, as the demo ledger marks its names. */
export const DEMO_SUFFIX = '（演示）';
const BATCH = 500;
const DAY = 86_400_000;

/** mulberry32: a small deterministic generator, seeded per district. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
  };
}

/**
 * Each district's temperament: how much of its gap list it has raised, how fast it writes
 * plans and closes, how often it misses deadlines — given to the city's districts in code order
 * (the second slow, the first ahead, the sixth far behind; any further district 0.5).
 * Deterministic, so ranks and lights differ between districts and stay the same from one start to
 * the next.
 */
const TEMPERAMENTS = [0.35, 0.9, 0.55, 0.75, 0.45, 0.25, 0.65, 0.5];

/** The city's districts' paces (district code → 0..1). */
async function districtPaces(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.level, 'district'))
    .orderBy(regions.code);
  return Object.fromEntries(rows.map((r, i) => [r.code, TEMPERAMENTS[i] ?? 0.5]));
}

const leadKind = (category: string) =>
  CATEGORIES.find((c) => c.code === (category as CategoryCode))?.leadDepartmentKind ?? 'education';

type Ev = typeof problemEvents.$inferInsert;

/**
 * A city in the middle of the campaign (P11 demo): a share of the real gap findings raised as
 * problems in every district and category, at every status, with plans, progress, closures,
 * returns, reopenings, extensions, key problems with leaders' instructions, survey submissions on
 * time and late, late review opinions and supervision orders — spread over the twelve months
 * before today. Every record is marked （演示）. Runs once, on a database with no demo problems.
 */
export async function seedSupervisionDemo(
  db: Db,
  now = new Date(),
): Promise<{ problems: number; orders: number }> {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(problems)
    .where(
      sql`${problems.title} like ${`%${DEMO_SUFFIX}`} and ${problems.source} = 'gap_analysis'`,
    );
  const paces = await districtPaces(db);
  if (n > 0) {
    // A demo city seeded before the residents' ratings existed gets them now (once).
    await seedDemoFeedback(db, paces, DEMO_SUFFIX, now);
    return { problems: 0, orders: 0 };
  }

  const [ledger, rules, settings] = await Promise.all([
    loadLedgerForEvaluation(db),
    currentRules(db),
    readSettings(db),
  ]);
  if (ledger.areas.length === 0) return { problems: 0, orders: 0 };
  const engine = new GapEngine({
    rules,
    settings: { personsPerHousehold: settings.personsPerHousehold },
  });
  engine.load(ledger.areas, ledger.facilities);
  const areaById = new Map(ledger.areas.map((a) => [a.id, a]));
  // One finding per area and type (the strictest rule), gaps only.
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of engine.evaluateAll()) {
    if (f.status === 'met') continue;
    const key = `${f.residentialAreaId}:${f.facilityType}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(f);
  }
  findings.sort(
    (a, b) =>
      a.residentialAreaId - b.residentialAreaId || a.facilityType.localeCompare(b.facilityType),
  );
  // P5: the city is in the middle of both campaigns, so the kindergarten problems belong to the
  // kindergarten campaign and the rest to the general one (a problem raised today, after their
  // deadlines, would join none: problems.service's defaultCampaignFor).
  const campaignIds = new Map(
    (
      await db
        .select({ id: campaigns.id, code: campaigns.code })
        .from(campaigns)
        .where(inArray(campaigns.code, ['kindergarten-2020', 'rectification-2021']))
    ).map((c) => [c.code, c.id]),
  );
  const deptNames = new Map(
    (
      await db
        .execute(sql`select code, name from departments`)
        .then((r) => (r as { rows: { code: string; name: string }[] }).rows)
    ).map((d) => [d.code, d.name]),
  );

  const today = todayInShanghai(now);
  const rnds = new Map<string, ReturnType<typeof prng>>();
  const rndOf = (district: string) => {
    let r = rnds.get(district);
    if (!r) {
      r = prng(Number(district) * 7919);
      rnds.set(district, r);
    }
    return r;
  };
  const at = (daysAgo: number, hour = 10) =>
    new Date(Date.parse(`${today}T00:00:00+08:00`) - daysAgo * DAY + hour * 3_600_000);
  const dateOf = (d: Date) => todayInShanghai(d);

  type Plan = {
    revision: number;
    deadline: string;
    status: 'submitted' | 'approved' | 'rejected' | 'superseded';
    submittedAt: Date;
    approvedAt: Date | null;
  };
  const rows: {
    problem: typeof problems.$inferInsert;
    plans: Plan[];
    events: Omit<Ev, 'problemId'>[];
    extension: { requested: string; at: Date } | null;
  }[] = [];

  for (const f of findings) {
    const area = areaById.get(f.residentialAreaId);
    if (!area) continue;
    const district = area.regionCode.slice(0, 6);
    const pace = paces[district] ?? 0.5;
    const r = rndOf(district);
    // A realistic share of the gap list is on the problem ledger: more where work is ahead.
    if (!r.chance(0.12 + 0.18 * pace)) continue;
    const kind = leadKind(f.category);
    const dept = `${district}-${kind}`;
    const deptName = deptNames.get(dept) ?? dept;
    const typeName = FACILITY_TYPE_NAMES[f.facilityType];
    const age = r.int(3, 365);
    const created = at(age, 9);
    const events: Omit<Ev, 'problemId'>[] = [
      {
        action: 'create',
        toStatus: 'open',
        actorName: '区县联络员（演示）',
        comment: '由缺口分析立为问题',
        at: created,
      },
    ];
    const plans: Plan[] = [];
    let status: 'open' | 'planned' | 'in_progress' | 'closure_requested' | 'closed' = 'open';
    let deadline: string | null = null;
    let progress = 0;
    let closedAt: Date | null = null;
    let extension: { requested: string; at: Date } | null = null;
    // Plan written after a delay: quick districts within the 30 days, slow ones often later.
    const planDelay = Math.round(r.int(3, 25) + (1 - pace) * r.int(0, 45));
    const t0 = age - planDelay;
    if (t0 > 0) {
      const submitted = at(t0, 10);
      const decideDelay = r.int(1, 6) + Math.round((1 - pace) * r.int(0, 12));
      const t1 = t0 - decideDelay;
      const planDeadline = dateOf(at(Math.max(t1, 0) - r.int(60, 150) - Math.round(pace * 90)));
      events.push({
        action: 'submit_plan',
        fromStatus: 'open',
        toStatus: 'planned',
        actorName: '区县联络员（演示）',
        comment: `报送整治方案（第 1 版），完成时限 ${planDeadline}`,
        at: submitted,
      });
      status = 'planned';
      if (t1 > 0) {
        const approvedAt = at(t1, 15);
        plans.push({
          revision: 1,
          deadline: planDeadline,
          status: 'approved',
          submittedAt: submitted,
          approvedAt,
        });
        events.push({
          action: 'approve_plan',
          fromStatus: 'planned',
          toStatus: 'in_progress',
          actorName: `${deptName}（演示）`,
          actorDepartment: dept,
          comment: '整治方案第 1 版审批通过',
          at: approvedAt,
        });
        status = 'in_progress';
        deadline = planDeadline;
        // Progress reports month by month, at the district's pace.
        const span = Math.max(1, Date.parse(planDeadline) - approvedAt.getTime());
        let t = t1;
        while (t > 20) {
          t -= r.int(15, 40);
          if (t <= 0) break;
          const elapsed = (at(t).getTime() - approvedAt.getTime()) / span;
          progress = Math.min(100, Math.round(100 * elapsed * (0.6 + pace * 0.7)));
          events.push({
            action: 'report_progress',
            actorName: '区县联络员（演示）',
            comment: `完成 ${progress}%`,
            percent: progress,
            at: at(t, 16),
          });
          if (progress >= 100) break;
        }
        if (progress >= 100 && t > 2) {
          const tr = t - r.int(1, 5);
          if (tr > 0) {
            events.push({
              action: 'request_closure',
              fromStatus: 'in_progress',
              toStatus: 'closure_requested',
              actorName: '区县联络员（演示）',
              comment: '已建成投用，申请销号',
              at: at(tr, 11),
            });
            status = 'closure_requested';
            const td = tr - r.int(2, 8) - Math.round((1 - pace) * r.int(0, 10));
            if (td > 0) {
              if (r.chance(0.15)) {
                // Returned: closure refused, work resumes.
                events.push({
                  action: 'returned',
                  fromStatus: 'closure_requested',
                  toStatus: 'in_progress',
                  actorName: `${deptName}（演示）`,
                  actorDepartment: dept,
                  comment: '现场核验面积不足，不予销号',
                  at: at(td, 15),
                });
                status = 'in_progress';
                progress = 90;
              } else {
                closedAt = at(td, 15);
                events.push({
                  action: 'approve_closure',
                  fromStatus: 'closure_requested',
                  toStatus: 'closed',
                  actorName: `${deptName}（演示）`,
                  actorDepartment: dept,
                  comment: '核验通过，予以销号',
                  at: closedAt,
                });
                status = 'closed';
                if (td > 10 && r.chance(0.06)) {
                  events.push({
                    action: 'reopen',
                    fromStatus: 'closed',
                    toStatus: 'in_progress',
                    actorName: '市社区配套办（演示）',
                    comment: '群众反映设施未投入使用，重新打开',
                    at: at(td - r.int(3, 9), 10),
                  });
                  status = 'in_progress';
                  closedAt = null;
                  progress = 80;
                }
              }
            }
          }
        } else if (status === 'in_progress' && deadline < today && r.chance(0.25)) {
          extension = { requested: dateOf(at(-r.int(30, 90))), at: at(r.int(1, 20), 10) };
          events.push({
            action: 'request_extension',
            actorName: '区县联络员（演示）',
            comment: `申请延期至 ${extension.requested}：施工受季节影响`,
            at: extension.at,
          });
        }
      } else {
        plans.push({
          revision: 1,
          deadline: planDeadline,
          status: 'submitted',
          submittedAt: submitted,
          approvedAt: null,
        });
      }
    }
    const isKey = f.facilityType === 'kindergarten' ? r.chance(0.12) : r.chance(0.025);
    if (isKey) {
      const tk = Math.max(1, Math.round(age / 2));
      events.push({
        action: 'flag_key',
        actorName: '市社区配套办（演示）',
        comment: '列为重点难点问题',
        at: at(tk, 9),
      });
      events.push({
        action: 'instruct',
        actorName: '分管副市长（演示）',
        comment: `请${deptName}牵头，会同街道限期解决${typeName}缺口，每两周报告一次进展。`,
        at: at(Math.max(0, tk - 1), 17),
      });
      // What followed: the lead department acts on the instruction within days (most of them).
      const tf = tk - 1 - r.int(2, 9);
      if (tf > 0 && r.chance(0.8)) {
        events.push({
          action: 'report_progress',
          actorName: `${deptName}（演示）`,
          actorDepartment: dept,
          comment: `落实领导批示：已召开专题调度会，明确${typeName}选址、建设主体和完成时限${DEMO_SUFFIX}`,
          at: at(tf, 16),
        });
      }
    }
    events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    rows.push({
      problem: {
        regionCode: area.regionCode,
        residentialAreaId: area.id,
        facilityType: f.facilityType,
        category: f.category,
        stage: f.status === 'missing' ? 'planning' : 'construction',
        title: `${area.name}${typeName}${FINDING_STATUS_NAMES[f.status]}${DEMO_SUFFIX}`,
        description: describeFinding(f),
        source: 'gap_analysis',
        findingKey: findingKeyOf(f),
        ruleId: f.ruleId,
        ruleVersion: f.ruleVersion,
        campaignId:
          campaignIds.get(
            f.facilityType === 'kindergarten' ? 'kindergarten-2020' : 'rectification-2021',
          ) ?? null,
        isKey,
        status,
        deadline,
        progressPercent: status === 'closed' ? 100 : progress,
        createdAt: created,
        updatedAt: events[events.length - 1]!.at ?? created,
        closedAt,
      },
      plans,
      events,
      extension,
    });
  }

  let orders = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const inserted = await tx
        .insert(problems)
        .values(batch.map((b) => b.problem))
        .onConflictDoNothing()
        .returning({ id: problems.id, findingKey: problems.findingKey });
      const idOf = new Map(inserted.map((x) => [x.findingKey, x.id]));
      const plans: (typeof problemPlans.$inferInsert)[] = [];
      const events: Ev[] = [];
      const extensions: (typeof problemExtensions.$inferInsert)[] = [];
      for (const b of batch) {
        const id = idOf.get(b.problem.findingKey!);
        if (!id) continue;
        for (const p of b.plans)
          plans.push({
            problemId: id,
            revision: p.revision,
            measures: '利用闲置用房改建或新建，补足配套面积（演示）',
            leadUnit: '区县人民政府',
            responsibleUnits: ['街道办事处', '区住房和城乡建设局'],
            deadline: p.deadline,
            status: p.status,
            approvals: p.approvedAt
              ? { department: { by: '主管部门（演示）', at: p.approvedAt.toISOString() } }
              : {},
            submittedAt: p.submittedAt,
          });
        for (const e of b.events) events.push({ ...e, problemId: id });
        if (b.extension)
          extensions.push({
            problemId: id,
            requestedDeadline: b.extension.requested,
            reason: '施工受季节影响（演示）',
            requestedAt: b.extension.at,
          });
      }
      if (plans.length) await tx.insert(problemPlans).values(plans);
      for (let j = 0; j < events.length; j += BATCH * 2)
        await tx.insert(problemEvents).values(events.slice(j, j + BATCH * 2));
      if (extensions.length) await tx.insert(problemExtensions).values(extensions);
    }

    // Survey ledgers: submitted on time, late, or still missing, by district.
    const districts = await tx
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.level, 'district'));
    const deadline = dateOf(at(300));
    const [survey] = await tx
      .insert(surveys)
      .values({ name: `2026年度社区配套设施排查摸底${DEMO_SUFFIX}`, deadline, createdAt: at(330) })
      .returning({ id: surveys.id });
    await tx.insert(surveySubmissions).values(
      districts.map((d) => {
        const pace = paces[d.code] ?? 0.5;
        const late = Math.round((0.6 - pace) * 40);
        const submitted = pace >= 0.3 ? at(300 - late, 11) : null;
        return {
          surveyId: survey!.id,
          districtCode: d.code,
          status: submitted
            ? pace >= 0.6
              ? ('filed' as const)
              : ('submitted' as const)
            : ('pending' as const),
          filings:
            pace >= 0.6
              ? Object.fromEntries(
                  (['education', 'civil_affairs', 'commerce', 'sports', 'health'] as const).map(
                    (k) => [
                      k,
                      {
                        at: at(290 - late).toISOString(),
                        by: '主管部门（演示）',
                        departmentCode: departmentCode(currentCity().code, k),
                      },
                    ],
                  ),
                )
              : {},
          submittedAt: submitted,
          snapshot: submitted ? { areas: 0, facilities: 0 } : null,
        };
      }),
    );

    // Review opinions: the demo projects' open joint reviews, every other one past its deadline.
    await tx.execute(sql`update project_gates set opinion_deadline = ${dateOf(at(4))}::date
      where status = 'open' and opinion_deadline is not null and id % 2 = 0`);

    // Supervision orders by the office's rules, then signed and answered at each district's pace.
    await tx.execute(sql`select setval('problems_id_seq', (select max(id) from problems))`);
  });

  const { raised } = await applyOrderRules(db, today);
  orders = raised;
  // Spread them over the last month; the slow districts sign and answer late or not at all.
  // One statement, with per-order draws from a hash of the id (deterministic).
  const paceRows = sql.join(
    Object.entries(paces).map(([code, pace]) => sql`(${code}, ${pace}::float8)`),
    sql`, `,
  );
  const base = sql`${today}::date`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      with x as (
        select o.id, coalesce(p.pace, 0.5) as pace,
          (1 + (o.id::bigint * 7919) % 30)::int as ago,
          ((o.id::bigint * 104729) % 1000) / 1000.0 as u1,
          ((o.id::bigint * 15485863) % 1000) / 1000.0 as u2,
          ((o.id::bigint * 32452843) % 1000) / 1000.0 as u3
        from supervision_orders o left join (values ${paceRows}) as p(code, pace) on p.code = o.target_code
        where o.source = 'auto'
      ), y as (
        select x.*, ago - floor(u1 * (2 + (1 - pace) * 6))::int as sign_ago,
          u2 < 0.4 + pace * 0.6 as signed, u3 < 0.3 + pace * 0.6 as replied
        from x
      )
      update supervision_orders o set demo = true,
        raised_at = (${base} - y.ago) + interval '8 hours',
        sign_due_date = ${base} - y.ago + 2,
        reply_due_date = ${base} - y.ago + 7,
        status = case when y.signed and y.sign_ago >= 0 and y.replied and y.sign_ago - 2 >= 0
            then (case when y.u1 < 0.5 then 'closed' else 'replied' end)
          when y.signed and y.sign_ago >= 0 then 'signed' else 'issued' end,
        signed_at = case when y.signed and y.sign_ago >= 0
          then (${base} - y.sign_ago) + interval '14 hours' end,
        signed_by_name = case when y.signed and y.sign_ago >= 0 then '区县联络员（演示）' end,
        reply = case when y.signed and y.sign_ago >= 0 and y.replied and y.sign_ago - 2 >= 0
          then '已制定整改计划，正在加快推进（演示）' end,
        replied_at = case when y.signed and y.sign_ago >= 0 and y.replied and y.sign_ago - 2 >= 0
          then least(${base} - y.sign_ago + 2 + floor(y.u3 * (1 - y.pace) * 8)::int, ${base}) + interval '16 hours' end
      from y where y.id = o.id`);
    await tx.execute(sql`update supervision_orders set title = title || ${DEMO_SUFFIX}
      where demo and title not like ${`%${DEMO_SUFFIX}`}`);
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'demo.seed_supervision',
      entity: 'problem',
      after: { problems: rows.length, orders },
    });
  });
  // Residents' 回访 ratings of the closed problems: 满意率 in the overview, cockpit and bulletins.
  await seedDemoFeedback(db, paces, DEMO_SUFFIX, now);
  return { problems: rows.length, orders };
}
