import { z } from 'zod';
import { sql } from 'drizzle-orm';
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
