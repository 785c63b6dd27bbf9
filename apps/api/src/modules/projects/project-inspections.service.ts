import type { z } from 'zod';
import {
  FACILITY_TYPE_NAMES,
  STAGE_STATUS_NAMES,
  type GateFacility,
  type ProjectRequiredFacility,
  type inspectionInput,
} from '@zibo/shared';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { forbidden, invalidTransition, validationFailed } from '../../platform/http/errors.ts';
import { notifyUsers } from '../inbox/index.ts';
import { raiseProblem } from '../problems/index.ts';
import { mayInspect } from './project.policy.ts';
import {
  assertOwnAttachments,
  loadFacts,
  lockProject,
  officeUserIds,
  recordEvent,
} from './projects.repo.ts';
import { findProject } from './projects.service.ts';
import { projectInspections, projectSubmissions } from './projects.tables.ts';

export type InspectionData = z.output<typeof inspectionInput>;

/**
 * P10 使用监管: the facility's department records whether it serves its purpose. Idle,
 * repurposed or occupied use raises a problem in the problem ledger (stage use, source
 * inspection) — one open problem per project facility type, however often it is found again.
 */
export async function recordInspection(input: {
  db: Db;
  actor: Actor;
  id: number;
  data: InspectionData;
}) {
  const { db, actor, id, data } = input;
  await db.transaction(async (tx) => {
    const p = await lockProject(tx, actor, id);
    const { gates, facts } = await loadFacts(tx, p);
    const us = gates.find((g) => g.gate === 'use_supervision');
    if (us?.status !== 'open') {
      throw invalidTransition('项目配套设施尚未移交，未进入使用监管');
    }
    if (!mayInspect(actor, facts, data.facilityType)) {
      throw forbidden('只有该类设施的主管部门可以开展使用监管巡查');
    }
    const [handover] = await tx
      .select({ facilities: projectSubmissions.facilities })
      .from(projectSubmissions)
      .where(
        and(
          eq(projectSubmissions.projectId, id),
          eq(projectSubmissions.gate, 'handover_registration'),
        ),
      )
      .orderBy(desc(projectSubmissions.round))
      .limit(1);
    const delivered = new Set([
      ...(p.requiredFacilities as ProjectRequiredFacility[]).map((r) => r.facilityType),
      ...((handover?.facilities ?? []) as GateFacility[]).map((f) => f.facilityType),
    ]);
    if (!delivered.has(data.facilityType)) {
      throw validationFailed(
        [{ path: 'facilityType', message: '本项目没有该类配套设施' }],
        '本项目没有该类配套设施',
      );
    }
    await assertOwnAttachments(tx, actor, data.attachmentIds, 'attachmentIds');
    const typeName = FACILITY_TYPE_NAMES[data.facilityType];
    const useName = STAGE_STATUS_NAMES[data.useStatus] ?? data.useStatus;
    let problemId: number | null = null;
    if (data.useStatus !== 'in_use') {
      const raised = await raiseProblem(tx, actor, {
        regionCode: p.regionCode,
        facilityType: data.facilityType,
        stage: 'use',
        source: 'inspection',
        projectId: p.id,
        title: `${p.name}${typeName}${useName}`,
        description: `使用监管巡查发现${p.name}的${typeName}${useName}：${data.note}`,
        findingKey: `project:${p.id}:use:${data.facilityType}`,
      });
      problemId = raised.id;
    }
    const [row] = await tx
      .insert(projectInspections)
      .values({
        projectId: id,
        facilityType: data.facilityType,
        useStatus: data.useStatus,
        note: data.note,
        attachmentIds: data.attachmentIds,
        departmentCode: actor.departmentCode,
        inspectedBy: actor.id,
        inspectorName: actor.displayName,
        problemId,
      })
      .returning();
    const eventId = await recordEvent(tx, actor, {
      projectId: id,
      gate: 'use_supervision',
      action: 'inspection',
      comment: `${typeName}：${useName}。${data.note}`,
      attachmentIds: data.attachmentIds,
      data: {
        inspectionId: row!.id,
        facilityType: data.facilityType,
        useStatus: data.useStatus,
        problemId,
      },
    });
    await recordAudit(tx, {
      actor,
      action: 'project.inspection',
      entity: 'project',
      entityId: id,
      after: row,
    });
    if (problemId !== null) {
      await notifyUsers(
        tx,
        (await officeUserIds(tx)).filter((u) => u !== actor.id),
        {
          kind: 'project.use_problem',
          title: `“${p.name}”${typeName}${useName}`,
          body: `使用监管巡查发现问题，已登记问题 #${problemId}`,
          entity: 'problem',
          entityId: problemId,
          eventKey: `project:${id}:event:${eventId}`,
        },
      );
    }
  });
  return findProject({ db, actor, id });
}
