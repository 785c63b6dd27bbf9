import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PROJECT_GATES,
  conditionAnswerInput,
  conditionDecisionInput,
  developerAccount,
  gateSubmissionInput,
  idParam,
  inspectionInput,
  opinionInput,
  pageOf,
  projectAwaitingItem,
  projectDetail,
  projectInput,
  projectMapItem,
  projectPatch,
  projectListItem,
  projectStats,
  requiredFacilitiesAdjustment,
  cityRegionCode,
  projectsQuery,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import {
  adjustRequiredFacilities,
  findDeveloperAccounts,
  findProject,
  findProjectMap,
  findProjects,
  findProjectStats,
  registerProject,
  updateProject,
} from './projects.service.ts';
import {
  answerCondition,
  decideCondition,
  giveOpinion,
  submitGate,
} from './project-gates.service.ts';
import { recordInspection } from './project-inspections.service.ts';
import { findAwaiting } from './project-awaiting.service.ts';

const region = cityRegionCode('\\d{0,8}').optional();
const gateParams = idParam.extend({ gate: z.enum(PROJECT_GATES) });
const conditionParams = idParam.extend({ conditionId: z.coerce.number().int().positive() });

export const projectsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const detail = { 200: projectDetail };
  const tags = ['projects'];

  app.get(
    '/projects',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '新建居住区项目列表（建设单位仅本单位项目，区县仅本辖区）',
        querystring: projectsQuery,
        response: { 200: pageOf(projectListItem) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return findProjects({ db, actor: actorOf(request), filter, page, pageSize });
    },
  );

  app.post(
    '/projects',
    {
      config: { permission: 'projects.register' },
      schema: {
        tags,
        summary: '登记新建居住区项目（自然资源部门或建设单位），按现行配建标准计算应配建设施',
        body: projectInput,
        response: { 201: projectDetail },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registerProject({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/projects/map',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '项目地图：数据范围内的项目及其所处关口',
        querystring: z.object({ region, gate: z.enum(PROJECT_GATES).optional() }),
        response: { 200: z.array(projectMapItem) },
      },
    },
    async (request) => findProjectMap({ db, actor: actorOf(request), filter: request.query }),
  );

  app.get(
    '/projects/stats',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '各关口滞留项目数（领导小组办公室督导）',
        querystring: z.object({ region }),
        response: { 200: projectStats },
      },
    },
    async (request) =>
      findProjectStats({ db, actor: actorOf(request), region: request.query.region }),
  );

  app.get(
    '/projects/awaiting-me',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '待我办理：待出具的意见、待确认的条件、待提交的材料、待答复的条件',
        response: { 200: pageOf(projectAwaitingItem) },
      },
    },
    async (request) => findAwaiting({ db, actor: actorOf(request) }),
  );

  app.get(
    '/projects/developer-accounts',
    {
      config: { permission: 'projects.register' },
      schema: {
        tags,
        summary: '可关联的建设单位账号（自然资源部门登记项目时选择）',
        response: { 200: z.array(developerAccount) },
      },
    },
    async (request) => findDeveloperAccounts({ db, actor: actorOf(request) }),
  );

  app.get(
    '/projects/:id',
    {
      config: { permission: 'projects.read' },
      schema: {
        tags,
        summary: '项目详情：关口时间线、各关口配建核对清单、材料、意见、附加条件、巡查',
        params: idParam,
        response: detail,
      },
    },
    async (request) => findProject({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.patch(
    '/projects/:id',
    {
      config: { permission: 'projects.register' },
      schema: {
        tags,
        summary: '修改项目信息（名称、建设单位、分期、位置、是否竣工验收前预售）',
        params: idParam,
        body: projectPatch,
        response: detail,
      },
    },
    async (request) =>
      updateProject({ db, actor: actorOf(request), id: request.params.id, patch: request.body }),
  );

  app.put(
    '/projects/:id/required-facilities',
    {
      config: { permission: 'projects.adjust' },
      schema: {
        tags,
        summary: '调整配建要求（自然资源部门，须书面说明理由，供地联合审查通过前）',
        params: idParam,
        body: requiredFacilitiesAdjustment,
        response: detail,
      },
    },
    async (request) =>
      adjustRequiredFacilities({
        db,
        actor: actorOf(request),
        id: request.params.id,
        data: request.body,
      }),
  );

  app.post(
    '/projects/:id/gates/:gate/submit',
    {
      config: { permission: 'projects.submit' },
      schema: {
        tags,
        summary:
          '提交关口材料：系统逐项核对配建设施，缺项、面积不足或与前序材料不一致时拒绝（422）',
        params: gateParams,
        body: gateSubmissionInput,
        response: detail,
      },
    },
    async (request) =>
      submitGate({
        db,
        actor: actorOf(request),
        id: request.params.id,
        gate: request.params.gate,
        data: request.body,
      }),
  );

  app.post(
    '/projects/:id/gates/:gate/opinions',
    {
      config: { permission: 'projects.opine' },
      schema: {
        tags,
        summary: '出具联合审查意见（仅该关口要求的部门；同意、附条件同意或不同意退回）',
        params: gateParams,
        body: opinionInput,
        response: detail,
      },
    },
    async (request) =>
      giveOpinion({
        db,
        actor: actorOf(request),
        id: request.params.id,
        gate: request.params.gate,
        data: request.body,
      }),
  );

  app.post(
    '/projects/:id/conditions/:conditionId/answer',
    {
      config: { permission: 'projects.submit' },
      schema: {
        tags,
        summary: '答复附加条件（附佐证材料）',
        params: conditionParams,
        body: conditionAnswerInput,
        response: detail,
      },
    },
    async (request) =>
      answerCondition({
        db,
        actor: actorOf(request),
        id: request.params.id,
        conditionId: request.params.conditionId,
        data: request.body,
      }),
  );

  app.post(
    '/projects/:id/conditions/:conditionId/decision',
    {
      config: { permission: 'projects.opine' },
      schema: {
        tags,
        summary: '确认附加条件是否落实（提出条件的部门）',
        params: conditionParams,
        body: conditionDecisionInput,
        response: detail,
      },
    },
    async (request) =>
      decideCondition({
        db,
        actor: actorOf(request),
        id: request.params.id,
        conditionId: request.params.conditionId,
        data: request.body,
      }),
  );

  app.post(
    '/projects/:id/inspections',
    {
      config: { permission: 'projects.inspect' },
      schema: {
        tags,
        summary: '使用监管巡查（闲置、挪作他用、被占用时登记问题）',
        params: idParam,
        body: inspectionInput,
        response: detail,
      },
    },
    async (request) =>
      recordInspection({ db, actor: actorOf(request), id: request.params.id, data: request.body }),
  );
};
