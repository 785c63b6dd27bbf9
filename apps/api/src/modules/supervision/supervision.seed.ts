import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { leadingGroupMembers, taskReports, tasks } from './supervision.tables.ts';

const DISTRICTS = '各区县人民政府，高新区、经济开发区、文昌湖区管委会';

/**
 * The tasks of 淄政办字〔2020〕34号 as its text assigns them (二.一–二.三, 三.一–三.五, 四): lead
 * department, responsible units, and the dates the text gives (2020-04-10, 2020-04-20,
 * 2020-12-31, 2021-12-31; null where the text sets none).
 */
export const POLICY_TASKS: {
  name: string;
  description: string;
  lead: string;
  responsible: string[];
  deadline: string | null;
  done?: number;
}[] = [
  {
    name: '排查摸底：社区教育设施',
    description:
      '明确配建标准，指导各区县按规划、建设、移交、使用分类排查，建立台账报主管部门备案（二.一）',
    lead: '3703-education',
    responsible: [DISTRICTS],
    deadline: '2020-04-10',
    done: 100,
  },
  {
    name: '排查摸底：社区用房和养老服务设施',
    description: '同上（二.一）',
    lead: '3703-civil_affairs',
    responsible: [DISTRICTS],
    deadline: '2020-04-10',
    done: 100,
  },
  {
    name: '排查摸底：社区便民商业设施',
    description: '同上（二.一）',
    lead: '3703-commerce',
    responsible: [DISTRICTS],
    deadline: '2020-04-10',
    done: 100,
  },
  {
    name: '排查摸底：社区体育场地及健身设施',
    description: '同上（二.一）',
    lead: '3703-sports',
    responsible: [DISTRICTS],
    deadline: '2020-04-10',
    done: 100,
  },
  {
    name: '排查摸底：社区医疗卫生服务设施',
    description: '同上（二.一）',
    lead: '3703-health',
    responsible: [DISTRICTS],
    deadline: '2020-04-10',
    done: 100,
  },
  {
    name: '制定整治方案（含一事一案）',
    description:
      '按统一政策依据和配建标准指导各区县制定整治方案，明确牵头单位、责任单位和完成时限（二.二）',
    lead: '3703-natural_resources',
    responsible: ['市教育局', '市民政局', '市商务局', '市体育局', '市卫生健康委员会', DISTRICTS],
    deadline: '2020-04-20',
    done: 100,
  },
  {
    name: '城镇居住区幼儿园专项整治',
    description: '城镇居住区幼儿园专项整治工作2020年底完成（二.三）',
    lead: '3703-education',
    responsible: [DISTRICTS],
    deadline: '2020-12-31',
    done: 100,
  },
  {
    name: '全面实施整改，落实问题销号制度',
    description: '对照台账和整治方案推进整改，重点难点问题主要领导亲自调度（二.三）',
    lead: '3703-natural_resources',
    responsible: ['市教育局', '市民政局', '市商务局', '市体育局', '市卫生健康委员会', DISTRICTS],
    deadline: '2021-12-31',
    done: 85,
  },
  {
    name: '编制国土空间总体规划和控制性详细规划',
    description: '加快编制全市国土空间总体规划和控制性详细规划（三.一）',
    lead: '3703-natural_resources',
    responsible: [],
    deadline: null,
    done: 60,
  },
  {
    name: '编制社区配套设施专项规划',
    description:
      '各主管部门在国土空间总体规划指导下编制或完善专项规划，2021年底前完成（一.三、三.一）',
    lead: '3703-natural_resources',
    responsible: ['市教育局', '市民政局', '市商务局', '市体育局', '市卫生健康委员会'],
    deadline: '2021-12-31',
    done: 70,
  },
  {
    name: '建立规划及供地联合审查机制',
    description: '自然资源部门牵头，会同住建、教育、民政、卫健、商务、体育联合审查（三.二）',
    lead: '3703-natural_resources',
    responsible: [
      '市住房和城乡建设局',
      '市教育局',
      '市民政局',
      '市卫生健康委员会',
      '市商务局',
      '市体育局',
    ],
    deadline: null,
    done: 100,
  },
  {
    name: '强化建设过程监管',
    description:
      '按供地合同核发施工许可；同步建设、同步验收、同步交付；预售前征求主管部门意见（三.三）',
    lead: '3703-housing',
    responsible: ['各设施主管部门'],
    deadline: null,
    done: 50,
  },
  {
    name: '建立竣工验收联合审核机制',
    description:
      '住建部门牵头，会同自然资源、教育、民政、卫健、商务、体育联合审核竣工备案结果（三.四）',
    lead: '3703-housing',
    responsible: [
      '市自然资源和规划局',
      '市教育局',
      '市民政局',
      '市卫生健康委员会',
      '市商务局',
      '市体育局',
    ],
    deadline: null,
    done: 100,
  },
  {
    name: '加强配套设施使用监管',
    description: '产权移交及登记，政府资产管理机构加强监管，建立交付、使用、管理制度（三.五）',
    lead: '3703-state_assets',
    responsible: ['各设施主管部门'],
    deadline: null,
    done: 40,
  },
  {
    name: '领导小组办公室调度督导和定期通报',
    description: '按总牵头部门—专项牵头部门—区县三个层级督导调度，定期通报（四）',
    lead: '3703-natural_resources',
    responsible: ['各牵头部门', DISTRICTS],
    deadline: null,
    done: 0,
  },
];

/** Attachment 1: positions and units (names are the city's to fill in). */
export const LEADING_GROUP: { position: string; title: string; unit: string }[] = [
  { position: '组长', title: '市长', unit: '淄博市人民政府' },
  { position: '副组长', title: '分管副市长', unit: '淄博市人民政府' },
  { position: '成员', title: '主任', unit: '淄博市发展和改革委员会' },
  { position: '成员', title: '局长', unit: '淄博市教育局' },
  { position: '成员', title: '局长', unit: '淄博市民政局' },
  { position: '成员', title: '局长', unit: '淄博市财政局' },
  { position: '成员', title: '局长', unit: '淄博市自然资源和规划局' },
  { position: '成员', title: '局长', unit: '淄博市住房和城乡建设局' },
  { position: '成员', title: '局长', unit: '淄博市商务局' },
  { position: '成员', title: '主任', unit: '淄博市卫生健康委员会' },
  { position: '成员', title: '局长', unit: '淄博市体育局' },
  {
    position: '办公室',
    title: '办公室设在市自然资源局，负责调度、协调和督导',
    unit: '淄博市自然资源和规划局',
  },
];

/** Loads the policy's tasks and roster on an empty table (demo seed: progress figures are illustrative). */
export async function seedSupervision(db: Db): Promise<void> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(tasks);
  if (n > 0) return;
  await db.transaction(async (tx) => {
    for (const [i, t] of POLICY_TASKS.entries()) {
      const [row] = await tx
        .insert(tasks)
        .values({
          seq: i + 1,
          name: t.name,
          description: t.description,
          leadDepartmentCode: t.lead,
          responsibleUnits: t.responsible,
          deadline: t.deadline,
          progressPercent: t.done ?? 0,
        })
        .returning({ id: tasks.id });
      if (t.done)
        await tx.insert(taskReports).values({
          taskId: row!.id,
          note: '（演示）阶段进展',
          percent: t.done,
          actorName: '系统（演示数据）',
        });
    }
    await tx
      .insert(leadingGroupMembers)
      .values(LEADING_GROUP.map((m, i) => ({ ...m, sortOrder: i + 1 })));
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'demo.seed_tasks',
      entity: 'task',
      after: { tasks: POLICY_TASKS.length, members: LEADING_GROUP.length },
    });
  });
}
