import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  approvePlansInput,
  approvePlansResult,
  campaignRecord,
  closureDecisionInput,
  closureRequestInput,
  commentInput,
  decisionInput,
  extensionInput,
  flagKeyInput,
  idParam,
  instructionInput,
  cursorPageOf,
  planInput,
  problemDetail,
  problemInput,
  problemRecord,
  problemsQuery,
  progressImportReport,
  progressInput,
  reasonInput,
  cityRegionCode,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { sendWorkbook, withUploadedWorkbook } from '../../platform/excel/upload.ts';
import { importProblemProgress, writeOpenProblems } from './problems-workbook.ts';
import {
  createProblem,
  decodeProblemCursor,
  findCampaigns,
  findProblem,
  findProblems,
  type ProblemKey,
} from './problems.service.ts';
import {
  approvePlan,
  approvePlans,
  decideClosure,
  decideExtension,
  flagKey,
  instruct,
  rejectPlan,
  reopenProblem,
  reportProgress,
  requestClosure,
  requestExtension,
  submitPlan,
} from './problem-actions.service.ts';

export const problemsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const detail = { 200: problemDetail };

  app.get(
    '/problems',
    {
      config: { permission: 'problems.read' },
      schema: {
        tags: ['problems'],
        summary: '问题台账（按数据范围：办公室全部、主管部门本类别、区县本辖区）',
        querystring: problemsQuery.extend({
          /** Keyset: the `nextCursor` of the previous page, in the same order. */
          after: z
            .string()
            .max(40)
            .transform((v, ctx): ProblemKey => {
              const key = decodeProblemCursor(v);
              if (!key) {
                ctx.addIssue({ code: 'custom', message: '分页游标无效' });
                return z.NEVER;
              }
              return key;
            })
            .optional(),
        }),
        response: { 200: cursorPageOf(problemRecord) },
      },
    },
    async (request) => {
      const { page, pageSize, order, campaign, after, ...filter } = request.query;
      return findProblems({
        db,
        actor: actorOf(request),
        filter: { ...filter, campaignId: campaign },
        page,
        pageSize,
        order,
        after,
      });
    },
  );

  app.post(
    '/problems',
    {
      config: { permission: 'problems.create' },
      schema: {
        tags: ['problems'],
        summary: '登记问题（排查、巡查、居民反映、人工）',
        body: problemInput,
        response: { 201: problemDetail },
      },
    },
    async (request, reply) => {
      const { campaign, ...data } = request.body;
      return reply.status(201).send(
        await createProblem({
          db,
          actor: actorOf(request),
          data: { ...data, campaignId: campaign },
        }),
      );
    },
  );

  app.get(
    '/problems/:id',
    {
      config: { permission: 'problems.read' },
      schema: {
        tags: ['problems'],
        summary: '问题详情：方案、进展时间线、延期',
        params: idParam,
        response: detail,
      },
    },
    async (request) => findProblem({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/problems/:id/plan',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary: '报送（或修订）整治方案',
        params: idParam,
        body: planInput,
        response: detail,
      },
    },
    async (request) =>
      submitPlan({ db, actor: actorOf(request), id: request.params.id, plan: request.body }),
  );

  app.post(
    '/problems/:id/plan/approve',
    {
      config: { permission: 'problems.approve' },
      schema: {
        tags: ['problems'],
        summary: '审批通过整治方案（主管部门；重点一事一案另需领导小组办公室）',
        params: idParam,
        body: commentInput.optional(),
        response: detail,
      },
    },
    async (request) =>
      approvePlan({
        db,
        actor: actorOf(request),
        id: request.params.id,
        comment: request.body?.comment,
      }),
  );

  app.post(
    '/problems/:id/plan/reject',
    {
      config: { permission: 'problems.approve' },
      schema: {
        tags: ['problems'],
        summary: '退回整治方案（须说明理由）',
        params: idParam,
        body: reasonInput,
        response: detail,
      },
    },
    async (request) =>
      rejectPlan({
        db,
        actor: actorOf(request),
        id: request.params.id,
        reason: request.body.reason,
      }),
  );

  app.post(
    '/problems/plans/approve',
    {
      config: { permission: 'problems.review' },
      schema: {
        tags: ['problems'],
        summary: '批量审批整治方案（全部通过或全部不通过）',
        body: approvePlansInput,
        response: { 200: approvePlansResult },
      },
    },
    async (request) => approvePlans({ db, actor: actorOf(request), ids: request.body.ids }),
  );

  app.post(
    '/problems/:id/progress',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary: '报告整改进展（百分比、说明、照片）',
        params: idParam,
        body: progressInput,
        response: detail,
      },
    },
    async (request) =>
      reportProgress({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/problems/:id/closure-request',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary: '申请销号（附佐证）',
        params: idParam,
        body: closureRequestInput,
        response: detail,
      },
    },
    async (request) =>
      requestClosure({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/problems/:id/closure-decision',
    {
      config: { permission: 'problems.review' },
      schema: {
        tags: ['problems'],
        summary: '核验销号（仅该类设施主管部门；不予销号须说明理由）',
        params: idParam,
        body: closureDecisionInput,
        response: detail,
      },
    },
    async (request) =>
      decideClosure({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/problems/:id/reopen',
    {
      config: { permission: 'problems.approve' },
      schema: {
        tags: ['problems'],
        summary: '重新打开已销号问题（主管部门或领导小组办公室）',
        params: idParam,
        body: reasonInput,
        response: detail,
      },
    },
    async (request) =>
      reopenProblem({
        db,
        actor: actorOf(request),
        id: request.params.id,
        reason: request.body.reason,
      }),
  );

  app.post(
    '/problems/:id/key',
    {
      config: { permission: 'problems.supervise' },
      schema: {
        tags: ['problems'],
        summary: '标记或取消重点难点问题（领导小组办公室）',
        params: idParam,
        body: flagKeyInput,
        response: detail,
      },
    },
    async (request) =>
      flagKey({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/problems/:id/instructions',
    {
      config: { permission: 'problems.instruct' },
      schema: {
        tags: ['problems'],
        summary: '领导批示（重点难点问题）',
        params: idParam,
        body: instructionInput,
        response: detail,
      },
    },
    async (request) =>
      instruct({
        db,
        actor: actorOf(request),
        id: request.params.id,
        instruction: request.body.instruction,
      }),
  );

  app.post(
    '/problems/:id/extension-request',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary: '申请延期（须说明理由）',
        params: idParam,
        body: extensionInput,
        response: detail,
      },
    },
    async (request) =>
      requestExtension({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/problems/:id/extension-decision',
    {
      config: { permission: 'problems.review' },
      schema: {
        tags: ['problems'],
        summary: '审批延期（主管部门）',
        params: idParam,
        body: decisionInput,
        response: detail,
      },
    },
    async (request) =>
      decideExtension({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.get(
    '/campaigns',
    {
      config: { permission: 'problems.read' },
      schema: {
        tags: ['problems'],
        summary: '专项整治及其进度',
        response: { 200: z.array(campaignRecord) },
      },
    },
    async (request) => findCampaigns({ db, actor: actorOf(request) }),
  );

  app.get(
    '/exports/problems.xlsx',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary: '导出整改中的问题清单（填写本次进度和进展说明后可批量导入）',
        querystring: z.object({
          region: cityRegionCode('\\d{0,8}').optional(),
        }),
      },
    },
    async (request, reply) =>
      sendWorkbook(reply, '整改问题清单.xlsx', (out) =>
        writeOpenProblems(out, db, actorOf(request), request.query.region),
      ),
  );

  app.post(
    '/imports/problem-progress',
    {
      config: { permission: 'problems.work' },
      schema: {
        tags: ['problems'],
        summary:
          '批量导入整改进展（multipart 字段 file；dryRun=true 只预检；有任何错误则全部不导入）',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
        response: { 200: progressImportReport },
      },
    },
    async (request) =>
      withUploadedWorkbook(request, (file) =>
        importProblemProgress({
          db,
          actor: actorOf(request),
          file: file.path,
          dryRun: request.query.dryRun === 'true',
        }),
      ),
  );
};
