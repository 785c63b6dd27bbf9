import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cityRegionCode,
  feedbackQuery,
  feedbackReviewBody,
  feedbackTriageBody,
  idParam,
  revealedContact,
} from '@zibo/shared';
import { fieldCrypto } from '../../platform/crypto/field.ts';
import { actorOf } from '../../platform/http/request.ts';
import { narrowRegion } from '../../platform/auth/scope.ts';
import { computeSatisfaction } from './feedback-satisfaction.ts';
import {
  findFeedback,
  findFeedbackList,
  findProblemResidents,
  revealContact,
  reviewDissatisfaction,
  triageFeedback,
} from './feedback.service.ts';

/** P13 staff routes: triage queue, detail, reveal (audited), triage, 回访 review, 满意率. */
export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const crypto = fieldCrypto(config.fieldKey, config.cryptoSuite);

  app.get(
    '/feedback',
    {
      config: { permission: 'feedback.read' },
      schema: {
        tags: ['feedback'],
        summary: '居民反映（按小区所在区域和设施类别的数据范围；电话脱敏）',
        querystring: feedbackQuery,
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return findFeedbackList({ db, crypto, actor: actorOf(request), filter, page, pageSize });
    },
  );

  app.get(
    '/feedback/satisfaction',
    {
      config: { permission: 'feedback.read' },
      schema: {
        tags: ['feedback'],
        summary: '满意率 =（满意 + 基本满意）/ 已评价，按社区、镇街、区县、主管部门',
        querystring: z.object({
          region: cityRegionCode('\\d{0,8}', '行政区划代码无效').optional(),
        }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const region = narrowRegion(actor, request.query.region);
      return computeSatisfaction({ db, regionPrefix: region ?? 'none' });
    },
  );

  app.get(
    '/feedback/for-problem/:id',
    {
      config: { permission: 'feedback.read' },
      schema: {
        tags: ['feedback'],
        summary: '某问题关联的居民反映和回访评价（核验销号时查看；不含联系方式）',
        params: idParam,
      },
    },
    async (request) =>
      findProblemResidents({ db, actor: actorOf(request), problemId: request.params.id }),
  );

  app.get(
    '/feedback/:id',
    {
      config: { permission: 'feedback.read' },
      schema: { tags: ['feedback'], summary: '居民反映详情（电话脱敏）', params: idParam },
    },
    async (request) => findFeedback({ db, crypto, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/feedback/:id/reveal-contact',
    {
      config: { permission: 'feedback.reveal' },
      schema: {
        tags: ['feedback'],
        summary: '查看完整联系方式（敏感操作，记入审计）',
        params: idParam,
        response: { 200: revealedContact },
      },
    },
    async (request) =>
      revealContact({ db, crypto, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/feedback/:id/triage',
    {
      config: { permission: 'feedback.triage' },
      schema: {
        tags: ['feedback'],
        summary: '处理居民反映：转为问题（新建或关联未销号问题）、答复、标记重复',
        params: idParam,
        body: feedbackTriageBody,
      },
    },
    async (request) =>
      triageFeedback({
        db,
        crypto,
        actor: actorOf(request),
        id: request.params.id,
        data: request.body,
      }),
  );

  app.post(
    '/feedback/:id/review',
    {
      config: { permission: 'problems.review' },
      schema: {
        tags: ['feedback'],
        summary: '复核居民不满意评价：重新打开问题，或书面说明理由维持销号',
        params: idParam,
        body: feedbackReviewBody,
      },
    },
    async (request) =>
      reviewDissatisfaction({
        db,
        crypto,
        actor: actorOf(request),
        id: request.params.id,
        decision: request.body.decision,
        reason: request.body.reason,
      }),
  );
};
