import path from 'node:path';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  CATEGORY_CODES,
  QUESTIONNAIRE_CHOICES,
  RATINGS,
  STAGES,
  cityRegionCode,
  idParam,
  requiredText,
  text,
} from '@zibo/shared';
import { fieldCrypto } from '../../platform/crypto/field.ts';
import { localStorage } from '../../platform/files/storage.ts';
import { AppError, validationFailed } from '../../platform/http/errors.ts';
import { sharedGapCache, findAreaGaps } from '../gap-analysis/index.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { issueChallenge, limitPublicWrite, verifyChallenge } from './feedback-abuse.ts';
import { PUBLIC_PHOTO_LIMIT_BYTES, storePublicPhoto } from './feedback-photos.ts';
import {
  addFollowUp,
  findOpenPublicProblems,
  findPublicArea,
  rateFeedback,
  searchPublicAreas,
  submitFeedback,
  trackFeedback,
} from './feedback.public.service.ts';
import {
  answerQuestionnaire,
  findAreaQuestionnaires,
  findPublicQuestionnaireResults,
} from './questionnaires/questionnaires.service.ts';

const code = z.object({
  trackingCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{6,16}$/, { message: '查询码格式不正确' }),
});
const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, { message: '请填写 11 位手机号码' });

/**
 * P13 public routes: no sign-in, phone first. Every write is limited per address and carries a
 * solved proof-of-work challenge in the headers `x-challenge` and `x-challenge-nonce`.
 */
export const feedbackPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const crypto = fieldCrypto(config.fieldKey, config.cryptoSuite);
  const storage = localStorage(path.join(config.dataDir, 'files'));
  const cache = sharedGapCache(db);
  const pub = { permission: 'public' as const };

  async function guardWrite(request: FastifyRequest): Promise<void> {
    await limitPublicWrite(db, config, request.ip);
    const h = request.headers;
    await verifyChallenge(db, config, {
      challenge: typeof h['x-challenge'] === 'string' ? h['x-challenge'] : undefined,
      nonce: typeof h['x-challenge-nonce'] === 'string' ? h['x-challenge-nonce'] : undefined,
    });
  }

  app.get(
    '/public/challenge',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '公众提交前的工作量证明题目（无需登录）',
        response: {
          200: z.object({ challenge: z.string(), bits: z.number().int(), enabled: z.boolean() }),
        },
      },
    },
    async () => ({ ...issueChallenge(config), enabled: config.publicChallenge }),
  );

  app.get(
    '/public/residential-areas',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '按名称查找小区、社区，或按位置查找最近的小区（无需登录）',
        querystring: z.object({
          q: text(50).optional(),
          lon: z.coerce.number().min(73).max(136).optional(),
          lat: z.coerce.number().min(3).max(54).optional(),
        }),
      },
    },
    async (request) => searchPublicAreas({ db, ...request.query }),
  );

  app.get(
    '/public/residential-areas/:id',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary:
          '小区的六类配套设施：已有、缺少、正在整改及时限（公开进展，不含个人信息）；正在进行的满意度调查和已公布的结果',
        params: idParam,
      },
    },
    async (request) => {
      // One answer for the whole community page (P13 speed: one round trip on a slow network).
      const [area, questionnaires] = await Promise.all([
        findPublicArea({
          db,
          id: request.params.id,
          findings: async (areaId) =>
            (await findAreaGaps({ db, cache, actor: SYSTEM_ACTOR, id: areaId })).findings,
        }),
        findAreaQuestionnaires(db, request.params.id),
      ]);
      return { ...area, questionnaires };
    },
  );

  app.get(
    '/public/questionnaires/:id/results',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '已结束的满意度调查在某个社区的结果（各选项人数、占比和满意率）',
        params: idParam,
        querystring: z.object({
          community: cityRegionCode('\\d{8}', '社区代码应为 12 位'),
        }),
      },
    },
    async (request) =>
      findPublicQuestionnaireResults({
        db,
        id: request.params.id,
        communityCode: request.query.community,
      }),
  );

  app.post(
    '/public/questionnaires/:id/answers',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '居民参加满意度调查（无需登录；每部手机、每个手机号一次）',
        params: idParam,
        body: z.strictObject({
          residentialAreaId: z.number().int().positive(),
          deviceToken: z
            .string()
            .regex(/^[A-Za-z0-9_-]{16,64}$/, { message: '设备标识无效，请刷新页面后重试' }),
          phone: phone.optional().or(z.literal('')),
          replies: z
            .array(
              z.strictObject({
                category: z.enum(CATEGORY_CODES, { message: '设施类别无效' }),
                choice: z.enum(QUESTIONNAIRE_CHOICES, {
                  message: '请选择满意、基本满意、不满意或不了解',
                }),
                comment: text(300).optional(),
              }),
            )
            .min(1, { message: '请回答每一个问题' })
            .max(6),
          consent: z.literal(true, { message: '请先阅读并同意个人信息收集说明' }),
        }),
        response: { 201: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      await guardWrite(request);
      const body = request.body;
      const saved = await answerQuestionnaire({
        db,
        crypto,
        ip: request.ip,
        id: request.params.id,
        data: { ...body, phone: body.phone || undefined },
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/public/residential-areas/:id/open-problems',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '小区某类设施正在整改的问题（提交前先看，可直接关注）',
        params: idParam,
        querystring: z.object({ category: z.enum(CATEGORY_CODES).optional() }),
      },
    },
    async (request) =>
      findOpenPublicProblems({
        db,
        areaId: request.params.id,
        category: request.query.category,
      }),
  );

  app.post(
    '/public/photos',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '上传反映照片（multipart 字段 file；JPG/PNG，≤ 5 MB；去除位置等元数据）',
        response: {
          201: z.object({ id: z.number().int(), size: z.number().int(), contentType: z.string() }),
        },
      },
    },
    async (request, reply) => {
      await guardWrite(request);
      const part = await request.file({ limits: { fileSize: PUBLIC_PHOTO_LIMIT_BYTES, files: 1 } });
      if (!part) throw validationFailed([{ path: 'file', message: '请选择照片' }], '请选择照片');
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch {
        throw new AppError('PAYLOAD_TOO_LARGE', '照片不能超过 5 MB');
      }
      const saved = await storePublicPhoto({ db, storage, ip: request.ip, bytes });
      return reply.status(201).send(saved);
    },
  );

  app.post(
    '/public/feedback',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '居民反映（随手拍）：提交后返回查询码',
        body: z.strictObject({
          residentialAreaId: z.number().int().positive(),
          category: z.enum(CATEGORY_CODES, { message: '请选择设施类别' }),
          stage: z.enum(STAGES).optional(),
          description: text(1000).optional(),
          contactName: text(30).optional(),
          phone: phone.optional().or(z.literal('')),
          attachmentIds: z
            .array(z.number().int().positive())
            .max(3, { message: '最多 3 张照片' })
            .optional(),
          lon: z.number().min(73).max(136).optional(),
          lat: z.number().min(3).max(54).optional(),
          followProblemId: z.number().int().positive().optional(),
          consent: z.literal(true, { message: '请先阅读并同意个人信息收集说明' }),
        }),
        response: { 201: z.object({ trackingCode: z.string() }) },
      },
    },
    async (request, reply) => {
      await guardWrite(request);
      const body = request.body;
      const saved = await submitFeedback({
        db,
        crypto,
        ip: request.ip,
        data: { ...body, phone: body.phone || undefined },
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/public/feedback/:trackingCode',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '按查询码查看反映的办理进度（像查快递一样）',
        params: code,
      },
    },
    async (request) => trackFeedback({ db, code: request.params.trackingCode }),
  );

  app.post(
    '/public/feedback/:trackingCode/follow-ups',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '补充说明',
        params: code,
        body: z.strictObject({ text: requiredText(500) }),
      },
    },
    async (request) => {
      await guardWrite(request);
      return addFollowUp({
        db,
        crypto,
        ip: request.ip,
        code: request.params.trackingCode,
        text: request.body.text,
      });
    },
  );

  app.post(
    '/public/feedback/:trackingCode/rating',
    {
      config: pub,
      schema: {
        tags: ['public'],
        summary: '回访评价：满意、基本满意、不满意（不满意须说明原因；仅一次）',
        params: code,
        body: z.strictObject({
          rating: z.enum(RATINGS, {
            message: '请选择满意、基本满意或不满意',
          }),
          comment: text(500).optional(),
        }),
      },
    },
    async (request) => {
      await guardWrite(request);
      return rateFeedback({
        db,
        ip: request.ip,
        code: request.params.trackingCode,
        rating: request.body.rating,
        comment: request.body.comment,
      });
    },
  );
};
