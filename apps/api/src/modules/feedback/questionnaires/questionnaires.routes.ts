import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, questionnaireBody, questionnaireQuery } from '@zibo/shared';
import { actorOf } from '../../../platform/http/request.ts';
import {
  createQuestionnaire,
  findQuestionnaire,
  findQuestionnaireResults,
  findQuestionnaires,
  moveQuestionnaire,
  updateQuestionnaire,
} from './questionnaires.service.ts';

/** P13 满意度调查, staff side: the office or a district opens one for its communities. */
export const questionnairesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/feedback/questionnaires',
    {
      config: { permission: 'questionnaires.read' },
      schema: {
        tags: ['feedback'],
        summary: '满意度调查（有本辖区社区参加的）',
        querystring: questionnaireQuery,
      },
    },
    async (request) => {
      const { page, pageSize, status } = request.query;
      return findQuestionnaires({ db, actor: actorOf(request), status, page, pageSize });
    },
  );

  app.post(
    '/feedback/questionnaires',
    {
      config: { permission: 'questionnaires.manage' },
      schema: {
        tags: ['feedback'],
        summary: '发起满意度调查（草稿）：选择本辖区社区、调查时间和各类设施的问题',
        body: questionnaireBody,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createQuestionnaire({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/feedback/questionnaires/:id',
    {
      config: { permission: 'questionnaires.read' },
      schema: { tags: ['feedback'], summary: '满意度调查详情', params: idParam },
    },
    async (request) => findQuestionnaire({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.patch(
    '/feedback/questionnaires/:id',
    {
      config: { permission: 'questionnaires.manage' },
      schema: {
        tags: ['feedback'],
        summary: '修改草稿（已开始的调查不能修改：409）',
        params: idParam,
        body: questionnaireBody.extend({ version: z.number().int().positive() }),
      },
    },
    async (request) => {
      const { version, ...data } = request.body;
      return updateQuestionnaire({
        db,
        actor: actorOf(request),
        id: request.params.id,
        version,
        data,
      });
    },
  );

  for (const action of ['open', 'close'] as const)
    app.post(
      `/feedback/questionnaires/:id/${action}`,
      {
        config: { permission: 'questionnaires.manage' },
        schema: {
          tags: ['feedback'],
          summary:
            action === 'open'
              ? '开始调查（草稿 → 进行中），居民可在调查时间内作答'
              : '结束调查（进行中 → 已结束），结果按社区公开',
          params: idParam,
        },
      },
      async (request) =>
        moveQuestionnaire({ db, actor: actorOf(request), id: request.params.id, action }),
    );

  app.get(
    '/feedback/questionnaires/:id/results',
    {
      config: { permission: 'questionnaires.read' },
      schema: {
        tags: ['feedback'],
        summary: '调查结果：每个问题各选项的人数和占比、满意率，合计及按社区',
        params: idParam,
      },
    },
    async (request) =>
      findQuestionnaireResults({ db, actor: actorOf(request), id: request.params.id }),
  );
};
