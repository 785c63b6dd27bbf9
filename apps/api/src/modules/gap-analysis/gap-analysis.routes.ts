import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CATEGORY_CODES,
  FACILITY_TYPE_CODES,
  FINDING_STATUSES,
  finding,
  idParam,
  residentialArea,
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
const filterQuery = {
  region: regionFilter.optional(),
  category: z.enum(CATEGORY_CODES).optional(),
  residentialAreaId: z.coerce.number().int().positive().optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  /** `true` leaves out findings resting on 待核实 rules. */
  verifiedOnly: z
    .enum(['true', 'false'], { message: '只能是 true 或 false' })
    .transform((v) => v === 'true')
    .optional(),
};
const findingItem = finding.extend({ areaName: z.string(), regionCode: z.string() });
const counts = z.object({
  met: z.number().int(),
  short: z.number().int(),
  missing: z.number().int(),
});
/** Counts, with how many of them rest on 待核实 rules. */
const countsWithUnverified = counts.extend({ unverified: counts });

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
        querystring: z.object({
          ...filterQuery,
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({
            summary: z.object({
              areas: z.number().int(),
              findings: z.number().int(),
              byCategory: z.record(z.string(), countsWithUnverified),
              byStatus: counts,
              unverifiedFindings: z.number().int(),
              /** byStatus, counting only findings that rest on 待核实 rules. */
              unverified: counts,
              evaluatedAt: z.string(),
              distance: z.literal('straight_line'),
            }),
            items: z.array(findingItem),
            total: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return findGapAnalysis({ cache, actor: actorOf(request), filter, page, pageSize });
    },
  );

  app.get(
    '/gap-analysis/summary',
    {
      config: { permission: 'gap.read' },
      schema: {
        tags: ['gap-analysis'],
        summary: '缺口汇总：按区县、镇街、社区或类别',
        querystring: z.object({
          ...filterQuery,
          groupBy: z.enum(['district', 'street', 'community', 'category']).default('district'),
        }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                areas: z.number().int(),
                areasWithGaps: z.number().int(),
                met: z.number().int(),
                short: z.number().int(),
                missing: z.number().int(),
                /** How many of met + short + missing rest on 待核实 rules. */
                unverified: z.number().int(),
              }),
            ),
          }),
        },
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
        querystring: z.object(filterQuery),
        response: {
          200: z.object({
            areas: z.array(
              z.object({
                id: z.number().int(),
                name: z.string(),
                lon: z.number(),
                lat: z.number(),
                worst: z.enum(FINDING_STATUSES),
                missingTypes: z.array(z.string()),
                shortTypes: z.array(z.string()),
              }),
            ),
          }),
        },
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
        response: { 200: z.object({ area: residentialArea, findings: z.array(findingItem) }) },
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
              status: z.enum(['short', 'missing']).optional(),
              verifiedOnly: z.boolean().optional(),
            })
            .default({}),
          offset: z.number().int().min(0).default(0),
          limit: z.number().int().min(1).max(BULK_CHUNK).default(BULK_CHUNK),
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            processed: z.number().int(),
            created: z.number().int(),
            existing: z.number().int(),
            done: z.boolean(),
          }),
        },
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
        querystring: z.object(filterQuery),
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
        body: z.strictObject({
          items: z
            .array(
              z.strictObject({
                residentialAreaId: z.number().int().positive(),
                facilityType: z.enum(FACILITY_TYPE_CODES),
                ruleId: z.string().min(1).max(64),
              }),
            )
            .min(1)
            .max(500),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                residentialAreaId: z.number().int(),
                facilityType: z.string(),
                ruleId: z.string(),
                problemId: z.number().int(),
                created: z.boolean(),
              }),
            ),
            created: z.number().int(),
          }),
        },
      },
    },
    async (request) =>
      createProblemsFromFindings({ db, cache, actor: actorOf(request), items: request.body.items }),
  );
};
