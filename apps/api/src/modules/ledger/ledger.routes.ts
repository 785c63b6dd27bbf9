import { ledgerArchiveRoutes } from './ledger-archive.routes.ts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  areasQuery,
  facilitiesQuery,
  facility,
  facilityInput,
  facilityPatch,
  idParam,
  cursorPageOf,
  ledgerMap,
  ledgerMapFilter,
  pageOf,
  residentialArea,
  residentialAreaInput,
  residentialAreaPatch,
  regionCodeSchema,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { validationFailed } from '../../platform/http/errors.ts';
import { findLedgerMap, findLedgerMapView, type MapBox } from './ledger-map.service.ts';
import { summarisePlannedSites } from './planned-sites.service.ts';
import {
  createArea,
  createFacility,
  deleteArea,
  deleteFacility,
  findArea,
  findAreas,
  findFacilities,
  findFacility,
  updateArea,
  updateFacility,
} from './ledger.service.ts';
import { decodeAreaCursor, type AreaKey } from './ledger.repo.ts';
import { registerConstraintMessage } from '../../platform/http/error-handler.ts';

const regionFilter = regionCodeSchema;
/** `bbox=west,south,east,north` in WGS-84 degrees. */
const mapBox = z.string().transform((v, ctx): MapBox => {
  const n = v.split(',').map(Number);
  const [w, s, e, north] = n;
  if (
    n.length !== 4 ||
    n.some((x) => !Number.isFinite(x)) ||
    w! < -180 ||
    e! > 180 ||
    s! < -90 ||
    north! > 90 ||
    w! > e! ||
    s! > north!
  ) {
    ctx.addIssue({ code: 'custom', message: '地图范围无效（应为 西,南,东,北 经纬度）' });
    return z.NEVER;
  }
  return [w!, s!, e!, north!];
});
/** `after=`: the `nextCursor` of the previous page (keyset pagination). */
const areaCursor = z
  .string()
  .max(40)
  .transform((v, ctx): AreaKey => {
    const key = decodeAreaCursor(v);
    if (!key) {
      ctx.addIssue({ code: 'custom', message: '分页游标无效' });
      return z.NEVER;
    }
    return key;
  });

// Archived areas keep their names: the name then always points to one record in the history, the
// exports and the import's matching by name; the message says where to look.
registerConstraintMessage(
  'residential_areas_region_name_uq',
  '同一社区内已有同名小区（含已归档的小区，可在状态“已归档”中查看）',
);

export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(ledgerArchiveRoutes);

  app.get(
    '/residential-areas',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '小区台账列表（按数据范围）',
        querystring: areasQuery.extend({ after: areaCursor.optional() }),
        response: { 200: cursorPageOf(residentialArea) },
      },
    },
    async (request) => {
      const { region, q, kind, archived, page, pageSize, after } = request.query;
      return findAreas({
        db,
        actor: actorOf(request),
        filter: { region, q, kind, archived },
        page,
        pageSize,
        after,
      });
    },
  );

  app.post(
    '/residential-areas',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '新增小区',
        body: residentialAreaInput,
        response: { 201: residentialArea },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createArea({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/residential-areas/:id',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '小区详情',
        params: idParam,
        response: { 200: residentialArea },
      },
    },
    async (request) => findArea(db, actorOf(request), request.params.id),
  );

  app.patch(
    '/residential-areas/:id',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '修改小区',
        params: idParam,
        body: residentialAreaPatch,
        response: { 200: residentialArea },
      },
    },
    async (request) =>
      updateArea({ db, actor: actorOf(request), id: request.params.id, data: request.body }),
  );

  app.delete(
    '/residential-areas/:id',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '删除小区',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteArea({ db, actor: actorOf(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/facilities',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '配套设施台账列表（按数据范围：区划 × 类别）',
        querystring: facilitiesQuery,
        response: { 200: pageOf(facility) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return findFacilities({ db, actor: actorOf(request), filter, page, pageSize });
    },
  );

  app.post(
    '/facilities',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '新增配套设施',
        body: facilityInput,
        response: { 201: facility },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createFacility({ db, actor: actorOf(request), data: request.body })),
  );

  app.get(
    '/facilities/:id',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '配套设施详情',
        params: idParam,
        response: { 200: facility },
      },
    },
    async (request) => findFacility(db, actorOf(request), request.params.id),
  );

  app.patch(
    '/facilities/:id',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '修改配套设施',
        params: idParam,
        body: facilityPatch,
        response: { 200: facility },
      },
    },
    async (request) =>
      updateFacility({ db, actor: actorOf(request), id: request.params.id, data: request.body }),
  );

  app.delete(
    '/facilities/:id',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '删除配套设施',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteFacility({ db, actor: actorOf(request), id: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/ledger/map',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary:
          '台账地图：数据范围内有坐标的小区和设施（按状态着色）；给出 bbox 和 zoom 时只返回该视野，密集处聚合为点簇',
        description:
          'Without bbox/zoom: every located area and facility of the scope. With both: only the view — clusters (with counts) where points lie close at this zoom, single points elsewhere — and totals of the whole scope.',
        querystring: ledgerMapFilter.extend({
          bbox: mapBox.optional(),
          zoom: z.coerce
            .number()
            .min(0, { message: '缩放级别无效' })
            .max(22, { message: '缩放级别无效' })
            .optional(),
        }),
        response: { 200: ledgerMap },
      },
    },
    async (request) => {
      const { bbox, zoom, ...filter } = request.query;
      if ((bbox === undefined) !== (zoom === undefined)) {
        throw validationFailed(
          [{ path: bbox === undefined ? 'bbox' : 'zoom', message: 'bbox 和 zoom 须同时提供' }],
          'bbox 和 zoom 须同时提供',
        );
      }
      if (bbox !== undefined && zoom !== undefined) {
        return findLedgerMapView({ db, actor: actorOf(request), filter, bbox, zoom });
      }
      return findLedgerMap({ db, actor: actorOf(request), filter });
    },
  );

  app.get(
    '/ledger/planned-sites',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '规划落实（P6）：按区县或镇街、设施类型统计规划设施的建设情况',
        querystring: z.object({
          region: regionFilter.optional(),
          groupBy: z.enum(['district', 'street']).default('district'),
        }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                code: z.string(),
                name: z.string().nullable(),
                type: z.string(),
                planned: z.number().int(),
                planChanged: z.number().int(),
                notPlanned: z.number().int(),
                built: z.number().int(),
                builtShort: z.number().int(),
                underConstruction: z.number().int(),
                notStarted: z.number().int(),
                /** Planned sites with no construction status recorded yet. */
                unrecorded: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => summarisePlannedSites({ db, actor: actorOf(request), ...request.query }),
  );
};
