import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, requiredText, text } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { supervisionOverviewRoutes } from './overview.routes.ts';
import {
  createTask,
  findLeadingGroup,
  findTask,
  findTasks,
  replaceLeadingGroup,
  reportTask,
  updateTask,
} from './supervision.service.ts';

const task = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  leadDepartmentCode: z.string(),
  leadDepartmentName: z.string().nullable(),
  responsibleUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  progressPercent: z.number(),
  status: z.enum(['not_started', 'in_progress', 'done']),
  overdue: z.boolean(),
  version: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});
const taskDetail = task.extend({
  reports: z.array(
    z.object({
      id: z.number().int(),
      note: z.string(),
      percent: z.number(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
const taskFields = {
  name: requiredText(200),
  description: text(1000).nullish(),
  leadDepartmentCode: z.string().min(1).max(64),
  responsibleUnits: z.array(requiredText(100)).max(30),
  deadline: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }).nullish(),
};
const roster = z.object({
  members: z.array(
    z.object({
      position: z.string(),
      title: z.string(),
      unit: z.string(),
      name: z.string().nullable(),
    }),
  ),
  version: z.number(),
});

export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(supervisionOverviewRoutes);

  app.get(
    '/tasks',
    {
      config: { permission: 'tasks.read' },
      schema: {
        tags: ['supervision'],
        summary: '任务分解表（附件2）',
        response: { 200: z.object({ items: z.array(task), total: z.number().int() }) },
      },
    },
    async (request) => findTasks({ db, actor: actorOf(request) }),
  );

  app.post(
    '/tasks',
    {
      config: { permission: 'tasks.manage' },
      schema: {
        tags: ['supervision'],
        summary: '新增任务',
        body: z.strictObject(taskFields),
        response: { 201: taskDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createTask({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/tasks/:id',
    {
      config: { permission: 'tasks.read' },
      schema: {
        tags: ['supervision'],
        summary: '任务详情和进展',
        params: idParam,
        response: { 200: taskDetail },
      },
    },
    async (request) => findTask({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.patch(
    '/tasks/:id',
    {
      config: { permission: 'tasks.manage' },
      schema: {
        tags: ['supervision'],
        summary: '修改任务',
        params: idParam,
        body: z
          .strictObject({ ...taskFields, version: z.number().int() })
          .partial({ name: true, leadDepartmentCode: true, responsibleUnits: true }),
        response: { 200: taskDetail },
      },
    },
    async (request) =>
      updateTask({ db, actor: actorOf(request), id: request.params.id, data: request.body }),
  );

  app.post(
    '/tasks/:id/reports',
    {
      config: { permission: 'tasks.report' },
      schema: {
        tags: ['supervision'],
        summary: '报告任务进展（牵头部门或领导小组办公室）',
        params: idParam,
        body: z.strictObject({ note: requiredText(1000), percent: z.number().min(0).max(100) }),
        response: { 200: taskDetail },
      },
    },
    async (request) =>
      reportTask({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.get(
    '/leading-group',
    {
      config: { permission: 'tasks.read' },
      schema: {
        tags: ['supervision'],
        summary: '领导小组组成人员名单（附件1）',
        response: { 200: roster },
      },
    },
    async () => findLeadingGroup(db),
  );

  app.put(
    '/leading-group',
    {
      config: { permission: 'tasks.manage' },
      schema: {
        tags: ['supervision'],
        summary: '修改领导小组名单',
        body: z.strictObject({
          members: z
            .array(
              z.strictObject({
                position: requiredText(20),
                title: requiredText(100),
                unit: requiredText(100),
                name: text(50).nullish(),
              }),
            )
            .max(60),
          version: z.number(),
        }),
        response: { 200: roster },
      },
    },
    async (request) => replaceLeadingGroup({ db, actor: actorOf(request), ...request.body }),
  );
};
