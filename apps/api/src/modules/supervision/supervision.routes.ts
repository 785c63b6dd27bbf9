import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParam,
  pageOf,
  roster,
  rosterInput,
  taskDetail,
  taskInput,
  taskPatch,
  taskRecord,
  taskReportInput,
} from '@zibo/shared';
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
        response: { 200: pageOf(taskRecord) },
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
        body: taskInput,
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
        body: taskPatch,
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
        body: taskReportInput,
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
        body: rosterInput,
        response: { 200: roster },
      },
    },
    async (request) => replaceLeadingGroup({ db, actor: actorOf(request), ...request.body }),
  );
};
