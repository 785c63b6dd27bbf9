import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { DEPARTMENT_KIND_NAMES, type DepartmentKind } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSeeRegion, regionInScope } from '../../platform/auth/scope.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { invalidTransition, notFound, forbidden } from '../../platform/http/errors.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { departments, regions } from '../org/index.ts';
import { countLedgerUnder, lockLedger, selectSurveyLocks, unlockLedger } from '../ledger/index.ts';
import { surveySubmissionEvents, surveySubmissions, surveys } from './survey.tables.ts';
import {
  FILING_KINDS,
  TRANSITIONS,
  transition,
  type Filings,
  type SubmissionAction,
} from './survey.workflow.ts';

type SurveyRow = typeof surveys.$inferSelect;
type SubmissionRow = typeof surveySubmissions.$inferSelect;

function isOverdue(survey: SurveyRow, s: { status: string }, today: string): boolean {
  return (
    survey.status === 'open' &&
    survey.deadline < today &&
    (s.status === 'pending' || s.status === 'returned')
  );
}

function surveyAbilities(actor: Actor, s: SurveyRow) {
  return { close: actor.permissions.has('survey.manage') && s.status === 'open' };
}

/** What the actor may do to one district's submission now (sent to the UI). */
function submissionAbilities(
  actor: Actor,
  survey: SurveyRow,
  s: SubmissionRow,
  kind: DepartmentKind | null,
) {
  const can = (action: SubmissionAction) =>
    actor.permissions.has(TRANSITIONS[action].permission) &&
    canSeeRegion(actor, s.districtCode) &&
    transition({
      status: s.status,
      action,
      surveyOpen: survey.status === 'open',
      filings: s.filings as Filings,
      departmentKind: kind,
    }).ok;
  return { submit: can('submit'), file: can('file'), return: can('return') };
}

async function actorDepartmentKind(db: Db, actor: Actor): Promise<DepartmentKind | null> {
  if (!actor.departmentCode || !actor.roles.includes('department')) return null;
  const [d] = await db
    .select({ kind: departments.kind })
    .from(departments)
    .where(eq(departments.code, actor.departmentCode));
  return (d?.kind as DepartmentKind | undefined) ?? null;
}

export async function findSurveys(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const rows = await db.select().from(surveys).orderBy(desc(surveys.id));
  const subs = rows.length
    ? await db
        .select()
        .from(surveySubmissions)
        .where(
          and(
            inArray(
              surveySubmissions.surveyId,
              rows.map((r) => r.id),
            ),
            regionInScope(surveySubmissions.districtCode, actor),
          ),
        )
    : [];
  const today = todayInShanghai();
  const items = rows.map((s) => {
    const mine = subs.filter((x) => x.surveyId === s.id);
    const counts: Record<string, number> = { pending: 0, submitted: 0, filed: 0, returned: 0 };
    for (const x of mine) counts[x.status] = (counts[x.status] ?? 0) + 1;
    return {
      id: s.id,
      name: s.name,
      deadline: s.deadline,
      status: s.status,
      createdAt: s.createdAt.toISOString(),
      counts,
      overdueCount: mine.filter((x) => isOverdue(s, x, today)).length,
      abilities: surveyAbilities(actor, s),
    };
  });
  return { items, total: items.length };
}

export async function findSurvey(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  const [s] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!s) throw notFound('排查');
  const subs = await db
    .select({ sub: surveySubmissions, districtName: regions.name })
    .from(surveySubmissions)
    .innerJoin(regions, eq(regions.code, surveySubmissions.districtCode))
    .where(
      and(eq(surveySubmissions.surveyId, id), regionInScope(surveySubmissions.districtCode, actor)),
    )
    .orderBy(asc(surveySubmissions.districtCode));
  const events = subs.length
    ? await db
        .select()
        .from(surveySubmissionEvents)
        .where(
          inArray(
            surveySubmissionEvents.submissionId,
            subs.map((x) => x.sub.id),
          ),
        )
        .orderBy(asc(surveySubmissionEvents.id))
    : [];
  const locks = await selectSurveyLocks(db, id);
  const kind = await actorDepartmentKind(db, actor);
  const today = todayInShanghai();
  const summary = (await findSurveys({ db, actor })).items.find((x) => x.id === id)!;
  return {
    ...summary,
    submissions: subs.map(({ sub, districtName }) => {
      const filings = sub.filings as Filings;
      return {
        id: sub.id,
        districtCode: sub.districtCode,
        districtName,
        status: sub.status,
        filings: FILING_KINDS.map((k) => ({
          departmentKind: k,
          departmentName: DEPARTMENT_KIND_NAMES[k],
          filed: !!filings[k],
          at: filings[k]?.at ?? null,
          by: filings[k]?.by ?? null,
        })),
        snapshot: (sub.snapshot as { areas: number; facilities: number } | null) ?? null,
        submittedAt: sub.submittedAt?.toISOString() ?? null,
        returnComment: sub.returnComment,
        overdue: isOverdue(s, sub, today),
        locked: locks.some((l) => l.districtCode === sub.districtCode),
        events: events
          .filter((e) => e.submissionId === sub.id)
          .map((e) => ({
            action: e.action,
            actorName: e.actorName,
            departmentCode: e.departmentCode,
            comment: e.comment,
            at: e.at.toISOString(),
          })),
        abilities: submissionAbilities(actor, s, sub, kind),
      };
    }),
  };
}

/** Starts a survey campaign: every district gets a pending submission. */
export async function createSurvey(input: {
  db: Db;
  actor: Actor;
  name: string;
  deadline: string;
}) {
  const { db, actor } = input;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(surveys)
      .values({ name: input.name, deadline: input.deadline, createdBy: actor.id })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    const districts = await tx
      .select({ code: regions.code })
      .from(regions)
      .where(eq(regions.level, 'district'));
    await tx
      .insert(surveySubmissions)
      .values(districts.map((d) => ({ surveyId: row.id, districtCode: d.code })));
    await recordAudit(tx, {
      actor,
      action: 'survey.create',
      entity: 'survey',
      entityId: row.id,
      after: { name: row.name, deadline: row.deadline },
    });
    return row.id;
  });
  return findSurvey({ db, actor, id });
}

/** Ends a campaign: no more transitions, and its ledger locks are released. */
export async function closeSurvey(input: { db: Db; actor: Actor; id: number }) {
  const { db, actor, id } = input;
  await db.transaction(async (tx) => {
    const [s] = await tx.select().from(surveys).where(eq(surveys.id, id)).for('update');
    if (!s) throw notFound('排查');
    if (s.status === 'closed') throw invalidTransition('本次排查已结束');
    await tx
      .update(surveys)
      .set({ status: 'closed', version: s.version + 1 })
      .where(eq(surveys.id, id));
    await unlockLedger(tx, { surveyId: id });
    await recordAudit(tx, { actor, action: 'survey.close', entity: 'survey', entityId: id });
  });
  return findSurvey({ db, actor, id });
}

/** submit | file | return one district's submission (P3), with its lock, timeline and audit. */
export async function actOnSubmission(input: {
  db: Db;
  actor: Actor;
  surveyId: number;
  districtCode: string;
  action: SubmissionAction;
  comment?: string | undefined;
}) {
  const { db, actor, surveyId, districtCode, action } = input;
  if (!canSeeRegion(actor, districtCode)) throw notFound('区县报送');
  const kind = await actorDepartmentKind(db, actor);
  await db.transaction(async (tx) => {
    const [s] = await tx.select().from(surveys).where(eq(surveys.id, surveyId));
    if (!s) throw notFound('排查');
    const [sub] = await tx
      .select()
      .from(surveySubmissions)
      .where(
        and(
          eq(surveySubmissions.surveyId, surveyId),
          eq(surveySubmissions.districtCode, districtCode),
        ),
      )
      .for('update');
    if (!sub) throw notFound('区县报送');
    if (action !== 'submit' && !kind) throw forbidden('只有主管部门可以备案或退回');
    const result = transition({
      status: sub.status,
      action,
      surveyOpen: s.status === 'open',
      filings: sub.filings as Filings,
      departmentKind: kind,
      departmentCode: actor.departmentCode,
      by: actor.displayName,
      at: new Date().toISOString(),
    });
    if (!result.ok) throw invalidTransition(result.message, { status: sub.status, action });
    const now = new Date();
    const patch: Partial<typeof surveySubmissions.$inferInsert> = {
      status: result.status,
      filings: result.filings,
      updatedAt: now,
      version: sub.version + 1,
    };
    if (action === 'submit') {
      const counts = await countLedgerUnder(tx, districtCode);
      Object.assign(patch, {
        submittedAt: now,
        submittedBy: actor.id,
        returnComment: null,
        snapshot: counts,
      });
      // P3: what is with the departments must not change under them.
      await lockLedger(tx, { districtCode, surveyId, reason: `${s.name}：已报送` });
    }
    if (action === 'return') {
      Object.assign(patch, {
        returnedAt: now,
        returnedBy: actor.id,
        returnComment: input.comment ?? null,
      });
      await unlockLedger(tx, { surveyId, districtCode });
    }
    await tx.update(surveySubmissions).set(patch).where(eq(surveySubmissions.id, sub.id));
    await tx.insert(surveySubmissionEvents).values({
      submissionId: sub.id,
      action,
      actorId: actor.id,
      actorName: actor.displayName,
      departmentCode: action === 'submit' ? null : actor.departmentCode,
      comment: input.comment ?? null,
    });
    await recordAudit(tx, {
      actor,
      action: `survey.${action}`,
      entity: 'survey_submission',
      entityId: sub.id,
      before: { status: sub.status, filings: sub.filings },
      after: { status: result.status, filings: result.filings, comment: input.comment ?? null },
    });
  });
  return findSurvey({ db, actor, id: surveyId });
}
