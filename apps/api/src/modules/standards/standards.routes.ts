import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  standardRuleInput,
  standardRuleUpdate,
  standardRuleView,
  standardsCatalogue,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { createRule, findRuleVersions, findStandards, updateRule } from './standards.service.ts';

const ruleView = standardRuleView;
const ruleIdParam = z.object({
  id: z.string().regex(/^[A-Za-z0-9+\-_/]{1,64}$/, { message: '标准编号无效' }),
});

export const standardsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/standards',
    {
      config: { permission: 'standards.read' },
      schema: {
        tags: ['standards'],
        summary: '配建标准：类别、设施类型和现行规则（含来源、条款、是否核实）',
        response: { 200: standardsCatalogue },
      },
    },
    async (request) => findStandards({ db, actor: actorOf(request) }),
  );

  app.get(
    '/standards/rules/:id/versions',
    {
      config: { permission: 'standards.read' },
      schema: {
        tags: ['standards'],
        summary: '一条标准的全部版本（新版本在前）',
        params: ruleIdParam,
        response: { 200: z.array(ruleView) },
      },
    },
    async (request) => findRuleVersions({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/standards/rules',
    {
      config: { permission: 'standards.manage' },
      schema: {
        tags: ['standards'],
        summary: '新增本部门主管类别的标准',
        body: standardRuleInput,
        response: { 201: ruleView },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createRule({ db, actor: actorOf(request), data: request.body })),
  );

  app.put(
    '/standards/rules/:id',
    {
      config: { permission: 'standards.manage' },
      schema: {
        tags: ['standards'],
        summary: '修改标准（生成新版本）',
        params: ruleIdParam,
        body: standardRuleUpdate,
        response: { 200: ruleView },
      },
    },
    async (request) =>
      updateRule({ db, actor: actorOf(request), id: request.params.id, data: request.body }),
  );
};
