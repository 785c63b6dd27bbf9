import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CATEGORY_CODES,
  gapAnalysisPage,
  gapArea,
  gapBulkResult,
  gapFilterQuery,
  gapListQuery,
  gapMap,
  gapProblemsBody,
  gapProblemsResult,
  gapSummaryQuery,
  gapSummaryRows,
  idParam,
  regionCodeSchema,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { sharedGapCache } from './gap-analysis.cache.ts';
import {
  createProblemsFromFindings,
  findAreaGaps,
  findGapAnalysis,
  exportGapList,
  mapGaps,
  promoteFindingsInBulk,
  summariseGaps,
  BULK_CHUNK,
} from './gap-analysis.service.ts';
import { sendWorkbook } from '../../platform/excel/upload.ts';

const regionFilter = regionCodeSchema;

export const gapAnalysisRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const cache = sharedGapCache(db);
  app.addHook('onClose', async () => cache.close());

  app.get(
    '/gap-analysis',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '缺口分析（缺什么补什么）：每个小区对照现行配建标准的核算结果',
        querystring: gapListQuery,
        response: { 200: gapAnalysisPage },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return findGapAnalysis({ db, cache, actor: actorOf(request), filter, page, pageSize });
    },
  );

  app.get(
    '/gap-analysis/summary',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '缺口汇总：按区县、镇街、社区或类别',
        querystring: gapSummaryQuery,
        response: { 200: gapSummaryRows },
      },
    },
    async (request) => {
      const { groupBy, ...filter } = request.query;
      return summariseGaps({ db, cache, actor: actorOf(request), filter, groupBy });
    },
  );

  app.get(
    '/gap-analysis/map',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '缺口地图：小区按最严重的核算结果着色',
        querystring: gapFilterQuery,
        response: { 200: gapMap },
      },
    },
    async (request) => mapGaps({ cache, actor: actorOf(request), filter: request.query }),
  );

  app.get(
    '/gap-analysis/engine',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '缺口分析引擎状态：本进程全量重算与增量更新的次数（运维与测试观察用）',
        response: {
          200: z.object({
            evaluatedAt: z.string(),
            areas: z.number().int(),
            rebuilds: z.number().int(),
            patches: z.number().int(),
            areasPatched: z.number().int(),
            facilitiesPatched: z.number().int(),
            lastSyncMs: z.number(),
          }),
        },
      },
    },
    async () => {
      const state = await cache.current();
      return {
        evaluatedAt: state.evaluatedAt.toISOString(),
        areas: state.kept.areaCount,
        ...cache.stats,
      };
    },
  );

  app.get(
    '/gap-analysis/areas/:id',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '单个小区的缺口核算',
        params: idParam,
        response: { 200: gapArea },
      },
    },
    async (request) => findAreaGaps({ db, cache, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/gap-analysis/problems/bulk',
    {
      config: { permission: 'problems.create' },
      schema: {
        tags: ['gap-analysis'],
        summary:
          '按筛选条件把全部不足、缺失的缺口立为问题（分批：每次处理一批，带回已处理数；重复执行不重复立项）',
        body: z.strictObject({
          filter: z
            .strictObject({
              region: regionFilter.optional(),
              category: z.enum(CATEGORY_CODES).optional(),
              residentialAreaId: z.number().int().positive().optional(),
              status: z.enum(['short', 'missing', 'gap']).optional(),
              verifiedOnly: z.boolean().optional(),
            })
            .default({}),
          offset: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(BULK_CHUNK).default(BULK_CHUNK),
        }),
        response: { 200: gapBulkResult },
      },
    },
    async (request) =>
      promoteFindingsInBulk({
        db,
        cache,
        actor: actorOf(request),
        filter: request.body.filter,
        offset: request.body.offset,
        limit: request.body.limit,
      }),
  );

  app.get(
    '/exports/gap-analysis.xlsx',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '导出缺口清单（.xlsx，筛选条件同缺口分析，全部页）',
        querystring: gapFilterQuery,
      },
    },
    async (request, reply) => {
      const { fileName, write } = await exportGapList({
        db,
        cache,
        actor: actorOf(request),
        filter: request.query,
      });
      return sendWorkbook(reply, fileName, write);
    },
  );

  app.post(
    '/gap-analysis/problems',
    {
      config: { permission: 'problems.create' },
      schema: {
        tags: ['gap-analysis'],
        summary: '把缺口立为问题（同一缺口已有未销号问题时直接返回该问题）',
        body: gapProblemsBody,
        response: { 200: gapProblemsResult },
      },
    },
    async (request) =>
      createProblemsFromFindings({ db, cache, actor: actorOf(request), items: request.body.items }),
  );
};
