import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  idParam,
  survey,
  surveyDetail,
  surveyInput,
  surveyReturnBody,
  cityRegionCode,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import {
  actOnSubmission,
  closeSurvey,
  createSurvey,
  findSurvey,
  findSurveys,
} from './survey.service.ts';

const submissionParams = z.object({
  id: z.coerce.number().int().positive(),
  districtCode: cityRegionCode('\\d{2}', '应为 6 位区县代码'),
});

export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/surveys',
    {
      config: { permission: 'survey.read' },
      schema: {
        tags: ['survey'],
        summary: '排查摸底列表',
        response: { 200: z.object({ items: z.array(survey), total: z.number().int() }) },
      },
    },
    async (request) => findSurveys({ db, actor: actorOf(request) }),
  );

  app.post(
    '/surveys',
    {
      config: { permission: 'survey.manage' },
      schema: {
        tags: ['survey'],
        summary: '发起排查摸底（各区县生成待报送记录）',
        body: surveyInput,
        response: { 201: surveyDetail },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSurvey({ db, actor: actorOf(request), ...request.body })),
  );

  app.get(
    '/surveys/:id',
    {
      config: { permission: 'survey.read' },
      schema: {
        tags: ['survey'],
        summary: '排查详情：各区县报送和备案状态',
        params: idParam,
        response: { 200: surveyDetail },
      },
    },
    async (request) => findSurvey({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/surveys/:id/close',
    {
      config: { permission: 'survey.manage' },
      schema: {
        tags: ['survey'],
        summary: '结束排查（解除台账锁定）',
        params: idParam,
        response: { 200: surveyDetail },
      },
    },
    async (request) => closeSurvey({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/surveys/:id/submissions/:districtCode/submit',
    {
      config: { permission: 'survey.submit' },
      schema: {
        tags: ['survey'],
        summary: '区县报送台账',
        params: submissionParams,
        response: { 200: surveyDetail },
      },
    },
    async (request) =>
      actOnSubmission({
        db,
        actor: actorOf(request),
        surveyId: request.params.id,
        districtCode: request.params.districtCode,
        action: 'submit',
      }),
  );

  app.post(
    '/surveys/:id/submissions/:districtCode/file',
    {
      config: { permission: 'survey.file' },
      schema: {
        tags: ['survey'],
        summary: '主管部门备案',
        params: submissionParams,
        response: { 200: surveyDetail },
      },
    },
    async (request) =>
      actOnSubmission({
        db,
        actor: actorOf(request),
        surveyId: request.params.id,
        districtCode: request.params.districtCode,
        action: 'file',
      }),
  );

  app.post(
    '/surveys/:id/submissions/:districtCode/return',
    {
      config: { permission: 'survey.file' },
      schema: {
        tags: ['survey'],
        summary: '主管部门退回（须填写意见）',
        params: submissionParams,
        body: surveyReturnBody,
        response: { 200: surveyDetail },
      },
    },
    async (request) =>
      actOnSubmission({
        db,
        actor: actorOf(request),
        surveyId: request.params.id,
        districtCode: request.params.districtCode,
        action: 'return',
        comment: request.body.comment,
      }),
  );
};
