import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { PROJECT_GATE_NAMES, type ProjectGate } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { todayInShanghai } from '../../platform/time.ts';
import { isSubmitterOf, mayAnswerCondition } from './project.policy.ts';
import { factsOf, loadGates, loadOpinedThisRound, projectWhere } from './projects.repo.ts';
import { projectConditions, projectGates, projectOpinions, projects } from './projects.tables.ts';

type AwaitingItem = {
  kind: 'opinion' | 'condition_decision' | 'submission' | 'condition_answer';
  projectId: number;
  projectName: string;
  gate: ProjectGate;
  gateName: string;
  gateStatus: 'pending' | 'open' | 'returned' | 'passed' | 'skipped';
  deadline: string | null;
  overdue: boolean;
  conditionId: number | null;
  text: string | null;
};

/**
 * What awaits the actor: for a department, the opinions its department owes (with deadlines) and
 * the condition answers it must confirm; for natural resources and developers, the documents to
 * submit and the conditions to answer. Oldest deadline first.
 */
export async function findAwaiting(input: { db: Db; actor: Actor }) {
  const { db, actor } = input;
  const today = todayInShanghai();
  const scope = projectWhere(actor);
  const items: AwaitingItem[] = [];
  const dept = actor.roles.includes('department') ? actor.departmentCode : null;

  if (dept && actor.permissions.has('projects.opine')) {
    const owed = await db
      .select({
        projectId: projects.id,
        projectName: projects.name,
        gate: projectGates.gate,
        deadline: projectGates.opinionDeadline,
      })
      .from(projectGates)
      .innerJoin(projects, eq(projects.id, projectGates.projectId))
      .where(
        and(
          scope,
          eq(projectGates.status, 'open'),
          sql`${dept} = any(${projectGates.requiredDepartments})`,
          sql`${projectGates.gate} <> 'use_supervision'`,
          sql`not exists (select 1 from ${projectOpinions} o where o.project_id = ${projectGates.projectId}
                and o.gate = ${projectGates.gate} and o.round = ${projectGates.round} and o.department_code = ${dept})`,
        ),
      )
      .orderBy(sql`${projectGates.opinionDeadline} asc nulls last`, asc(projects.id));
    for (const o of owed) {
      items.push({
        kind: 'opinion',
        projectId: o.projectId,
        projectName: o.projectName,
        gate: o.gate,
        gateName: PROJECT_GATE_NAMES[o.gate],
        gateStatus: 'open',
        deadline: o.deadline,
        overdue: o.deadline !== null && o.deadline < today,
        conditionId: null,
        text: null,
      });
    }
    const answered = await db
      .select({
        projectId: projects.id,
        projectName: projects.name,
        id: projectConditions.id,
        gate: projectConditions.gate,
        text: projectConditions.text,
      })
      .from(projectConditions)
      .innerJoin(projects, eq(projects.id, projectConditions.projectId))
      .where(
        and(
          scope,
          eq(projectConditions.departmentCode, dept),
          eq(projectConditions.status, 'answered'),
        ),
      )
      .orderBy(asc(projectConditions.id));
    for (const c of answered) {
      items.push({
        kind: 'condition_decision',
        projectId: c.projectId,
        projectName: c.projectName,
        gate: c.gate,
        gateName: PROJECT_GATE_NAMES[c.gate],
        gateStatus: 'passed',
        deadline: null,
        overdue: false,
        conditionId: c.id,
        text: c.text,
      });
    }
  }

  if (actor.permissions.has('projects.submit')) {
    const rows = await db.select().from(projects).where(scope).orderBy(asc(projects.id));
    const gates = await loadGates(
      db,
      rows.map((r) => r.id),
    );
    const opined = await loadOpinedThisRound(db, gates);
    const open = rows.length
      ? await db
          .select()
          .from(projectConditions)
          .where(
            and(
              inArray(
                projectConditions.projectId,
                rows.map((r) => r.id),
              ),
              eq(projectConditions.status, 'open'),
            ),
          )
          .orderBy(asc(projectConditions.id))
      : [];
    for (const p of rows) {
      const facts = factsOf(p, gates, opined);
      const current = facts.gates.find((g) => g.gate === p.currentGate);
      if (
        current &&
        (current.status === 'pending' || current.status === 'returned') &&
        isSubmitterOf(actor, facts, p.currentGate)
      ) {
        items.push({
          kind: 'submission',
          projectId: p.id,
          projectName: p.name,
          gate: p.currentGate,
          gateName: PROJECT_GATE_NAMES[p.currentGate],
          gateStatus: current.status,
          deadline: null,
          overdue: false,
          conditionId: null,
          text: null,
        });
      }
      for (const c of open.filter((x) => x.projectId === p.id)) {
        if (!mayAnswerCondition(actor, facts, c)) continue;
        items.push({
          kind: 'condition_answer',
          projectId: p.id,
          projectName: p.name,
          gate: c.dueGate,
          gateName: PROJECT_GATE_NAMES[c.dueGate],
          gateStatus: facts.gates.find((g) => g.gate === c.dueGate)?.status ?? 'pending',
          deadline: null,
          overdue: false,
          conditionId: c.id,
          text: c.text,
        });
      }
    }
  }
  return { items, total: items.length };
}
