import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ORDER_COLORS,
  ORDER_STATUSES,
  cockpitView,
  idParam,
  orderDecisionInput,
  orderInput,
  orderReplyInput,
  supervisionOrder,
  supervisionOrderDetail,
  supervisionOverview,
  supervisionSettings,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { computeSupervisionOverview, defaultPreviousOverview } from './overview.service.ts';
import { computeCockpit } from './cockpit.service.ts';
import { actOnOrder, findOrder, findOrders, raiseOrder } from './orders.service.ts';
import { readSupervisionSettings, updateSupervisionSettings } from './supervision-settings.ts';
import type { OrderAction } from './orders.workflow.ts';

const regionQuery = z.strictObject({
  region: z
    .string()
    .regex(/^\d{4,12}$/, { message: '区域代码应为 4–12 位数字' })
    .optional(),
  asOf: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }).optional(),
});
const settingsView = supervisionSettings.and(z.object({ version: z.number().int() }));

export const supervisionOverviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/supervision/overview',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: ['supervision'],
        summary: '督导调度：下级排名、主管部门排名、落后清单（P11）',
        querystring: regionQuery,
        response: { 200: supervisionOverview },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const regionCode = request.query.region ?? actor.regionCode ?? '';
      return computeSupervisionOverview({
        db,
        actor,
        regionCode,
        asOf: request.query.asOf,
        previous: await defaultPreviousOverview(db, regionCode),
      });
    },
  );

  app.get(
    '/supervision/cockpit',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: ['supervision'],
        summary: '领导驾驶舱（P11）',
        querystring: regionQuery,
        response: { 200: cockpitView },
      },
    },
    async (request) =>
      computeCockpit({ db, actor: actorOf(request), regionCode: request.query.region }),
  );

  app.get(
    '/supervision/settings',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: ['supervision'],
        summary: '督导评分权重、亮灯分数线、自动督办规则',
        response: { 200: settingsView },
      },
    },
    async () => readSupervisionSettings(db),
  );

  app.put(
    '/supervision/settings',
    {
      config: { permission: 'supervision.manage' },
      schema: {
        tags: ['supervision'],
        summary: '修改督导设置（领导小组办公室）',
        body: z.strictObject({ ...supervisionSettings.shape, version: z.number().int() }),
        response: { 200: settingsView },
      },
    },
    async (request) => {
      const { version, ...value } = request.body;
      const parsed = supervisionSettings.parse(value);
      return updateSupervisionSettings({ db, actor: actorOf(request), value: parsed, version });
    },
  );

  app.get(
    '/supervision/orders',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: ['supervision'],
        summary: '督办单列表',
        querystring: z.strictObject({
          status: z.enum(ORDER_STATUSES).optional(),
          color: z.enum(ORDER_COLORS).optional(),
          mine: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: {
          200: z.object({ items: z.array(supervisionOrder), total: z.number().int() }),
        },
      },
    },
    async (request) =>
      findOrders({
        db,
        actor: actorOf(request),
        ...request.query,
        mine: request.query.mine === 'true',
      }),
  );

  app.post(
    '/supervision/orders',
    {
      config: { permission: 'supervision.order' },
      schema: {
        tags: ['supervision'],
        summary: '下发督办单（领导小组办公室、主管部门）',
        body: orderInput,
        response: { 201: supervisionOrderDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await raiseOrder({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/supervision/orders/:id',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags: ['supervision'],
        summary: '督办单详情',
        params: idParam,
        response: { 200: supervisionOrderDetail },
      },
    },
    async (request) => findOrder({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/supervision/orders/:id/sign',
    {
      config: { permission: 'supervision.answer' },
      schema: {
        tags: ['supervision'],
        summary: '签收督办单',
        params: idParam,
        body: orderDecisionInput,
        response: { 200: supervisionOrderDetail },
      },
    },
    async (request) =>
      actOnOrder({
        db,
        actor: actorOf(request),
        id: request.params.id,
        action: 'sign',
        ...request.body,
      }),
  );

  app.post(
    '/supervision/orders/:id/reply',
    {
      config: { permission: 'supervision.answer' },
      schema: {
        tags: ['supervision'],
        summary: '答复督办单',
        params: idParam,
        body: orderReplyInput,
        response: { 200: supervisionOrderDetail },
      },
    },
    async (request) =>
      actOnOrder({
        db,
        actor: actorOf(request),
        id: request.params.id,
        action: 'reply',
        ...request.body,
      }),
  );

  for (const [action, summary] of [
    ['close', '办结督办单'],
    ['return', '退回督办单答复'],
    ['cancel', '撤销督办单'],
  ] as [OrderAction, string][]) {
    app.post(
      `/supervision/orders/:id/${action}`,
      {
        config: { permission: 'supervision.order' },
        schema: {
          tags: ['supervision'],
          summary,
          params: idParam,
          body: orderDecisionInput,
          response: { 200: supervisionOrderDetail },
        },
      },
      async (request) =>
        actOnOrder({ db, actor: actorOf(request), id: request.params.id, action, ...request.body }),
    );
  }
};
