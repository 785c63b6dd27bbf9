import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { errorBody } from '@zibo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Health and the public client configuration (map tiles). */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database, config } = app.deps;

  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: '健康检查',
        response: {
          200: z.object({
            status: z.literal('ok'),
            db: z.enum(['pglite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      await db.execute(sql`select 1`);
      return { status: 'ok' as const, db: database.driver, version: config.version };
    },
  );

  app.get(
    '/health/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: '就绪检查（数据库不可达或正在停止时 503）',
        response: {
          200: z.object({
            status: z.literal('ready'),
            db: z.enum(['pglite', 'postgres']),
            inFlight: z.number().int(),
          }),
          503: errorBody,
        },
      },
    },
    async (_request, reply) => {
      const unavailable = (message: string) =>
        reply
          .status(503)
          .header('retry-after', '2')
          .send({ error: { code: 'SERVICE_UNAVAILABLE' as const, message } });
      if (app.lifecycle.draining) return unavailable('服务正在停止');
      try {
        await Promise.race([
          db.execute(sql`select 1`),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('database ping timed out')), 2_000).unref(),
          ),
        ]);
      } catch {
        return unavailable('数据库不可达');
      }
      return {
        status: 'ready' as const,
        db: database.driver,
        inFlight: app.lifecycle.inFlight,
      };
    },
  );

  app.get(
    '/client-config',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        summary: '前端配置（底图瓦片地址等）',
        response: {
          200: z.object({
            tileUrl: z.string().nullable(),
            tileAttribution: z.string().nullable(),
            sessionIdleMinutes: z.number().int(),
            version: z.string(),
          }),
        },
      },
    },
    async () => ({
      tileUrl: config.tileUrl,
      tileAttribution: config.tileAttribution,
      sessionIdleMinutes: config.sessionIdleMinutes,
      version: config.version,
    }),
  );
};
