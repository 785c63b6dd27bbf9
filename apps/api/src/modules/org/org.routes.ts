import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { department, region, regionDetail, zone, zoneUpdateBody } from '@zibo/shared';
import { notFound } from '../../platform/http/errors.ts';
import { actorOf } from '../../platform/http/request.ts';
import {
  findDepartments,
  findDistrictOutlines,
  findRegion,
  findRegionChildren,
  findRegionsByCodes,
  findZones,
  findZonesOfStreet,
  searchRegions,
} from './org.repo.ts';
import { setZoneStreets } from './org.service.ts';
import { readSettings, updateSettings } from './settings.service.ts';
import { settingsGroupsRoutes } from './settings-groups.routes.ts';
import { currentCity } from '../../platform/city.ts';

function ancestorCodes(code: string): string[] {
  const lengths = [4, 6, 9, 12].filter((n) => n < code.length);
  return lengths.map((n) => code.slice(0, n));
}

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  await app.register(settingsGroupsRoutes);

  app.get(
    '/regions',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: '行政区划：某级的下级列表（parent 为市代码时即各区县）',
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{4,12}$/)
            .optional(),
          q: z.string().trim().min(1).max(30).optional(),
        }),
        response: { 200: z.array(region) },
      },
    },
    async (request) => {
      const { parent, q } = request.query;
      if (q) return searchRegions(db, q, parent ?? currentCity().code, 50);
      return findRegionChildren(db, parent ?? null);
    },
  );

  app.get(
    '/regions/outlines',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: '区县轮廓（GeoJSON，WGS-84；来源 Vonng/adcode，CC BY 4.0）',
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            attribution: z.string(),
            features: z.array(z.unknown()),
          }),
        },
      },
    },
    async () => {
      const rows = await findDistrictOutlines(db);
      return {
        type: 'FeatureCollection' as const,
        attribution: '行政区划轮廓 © Vonng/adcode (CC BY 4.0)',
        features: rows.map((r) => ({
          type: 'Feature',
          properties: { code: r.code, name: r.name, center: [r.lon, r.lat] },
          geometry: r.outline,
        })),
      };
    },
  );

  app.get(
    '/regions/:code',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: '单个行政区划，含上级路径和所属功能区',
        params: z.object({ code: z.string().regex(/^\d{4,12}$/, { message: '行政区划代码无效' }) }),
        response: { 200: regionDetail },
      },
    },
    async (request) => {
      const r = await findRegion(db, request.params.code);
      if (!r) throw notFound('行政区划');
      const path = await findRegionsByCodes(db, [...ancestorCodes(r.code), r.code]);
      const streetCode = r.code.length >= 9 ? r.code.slice(0, 9) : null;
      const zonesOf = streetCode ? await findZonesOfStreet(db, streetCode) : [];
      return { ...r, path, zones: zonesOf };
    },
  );

  app.get(
    '/zones',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: '功能区及其管辖的镇街',
        response: { 200: z.array(zone) },
      },
    },
    async () => findZones(db),
  );

  app.put(
    '/zones/:code',
    {
      config: { permission: 'zones.manage' },
      schema: {
        tags: ['reference'],
        summary: '设置功能区管辖的镇街（系统管理员）',
        params: z.object({ code: z.string().max(64) }),
        body: zoneUpdateBody,
        response: { 200: zone },
      },
    },
    async (request) =>
      setZoneStreets({
        db,
        actor: actorOf(request),
        zoneCode: request.params.code,
        streetCodes: request.body.streetCodes,
        version: request.body.version,
      }),
  );

  app.get(
    '/departments',
    {
      config: { permission: 'reference.read' },
      schema: {
        tags: ['reference'],
        summary: '部门（市级和各区县）及其主管类别',
        querystring: z.object({
          regionCode: z
            .string()
            .regex(/^\d{4,6}$/)
            .optional(),
          level: z.enum(['city', 'district']).optional(),
        }),
        response: { 200: z.array(department) },
      },
    },
    async (request) => {
      const rows = await findDepartments(db, request.query);
      return rows.map((d) => ({ ...d, categories: d.categories as never }));
    },
  );

  const settingsView = z.object({
    personsPerHousehold: z.number(),
    opinionDeadlineWorkdays: z.number().int(),
    feedbackTriageWorkdays: z.number().int(),
    feedbackContactRetentionDays: z.number().int(),
    passwordMaxAgeDays: z.number().int(),
    inactiveLockDays: z.number().int(),
    mfaRequiredForAll: z.boolean(),
    version: z.number().int(),
  });

  app.get(
    '/settings',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags: ['reference'],
        summary: '系统设置（业务参数）',
        response: { 200: settingsView },
      },
    },
    async () => readSettings(db),
  );

  app.put(
    '/settings',
    {
      config: { permission: 'settings.manage' },
      schema: {
        tags: ['reference'],
        summary: '修改系统设置（户均人口等）',
        body: z.strictObject({
          personsPerHousehold: z.number().min(1).max(10).optional(),
          opinionDeadlineWorkdays: z.number().int().min(1).max(60).optional(),
          feedbackTriageWorkdays: z.number().int().min(1).max(30).optional(),
          feedbackContactRetentionDays: z.number().int().min(1).max(3650).optional(),
          // 等保 asks for a regular change: at most a year; at least a week so it stays usable.
          passwordMaxAgeDays: z
            .number()
            .int()
            .min(7, '密码最长使用期限不能少于 7 天')
            .max(365, '密码最长使用期限不能超过 365 天')
            .optional(),
          inactiveLockDays: z
            .number()
            .int()
            .min(7, '长期未登录锁定期限不能少于 7 天')
            .max(365, '长期未登录锁定期限不能超过 365 天')
            .optional(),
          mfaRequiredForAll: z.boolean().optional(),
          version: z.number().int(),
        }),
        response: { 200: settingsView },
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return updateSettings({ db, actor: actorOf(request), patch, version });
    },
  );
};
