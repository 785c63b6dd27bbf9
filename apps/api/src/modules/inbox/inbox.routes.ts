import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { findNotifications, markRead } from './inbox.service.ts';

export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: '我的消息（提醒、督办、批示），含未读数',
        querystring: z.object({
          unread: z.enum(['true', 'false']).default('false'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                kind: z.string(),
                title: z.string(),
                body: z.string(),
                entity: z.string().nullable(),
                entityId: z.string().nullable(),
                read: z.boolean(),
                createdAt: z.string(),
              }),
            ),
            total: z.number().int(),
            unread: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const { unread, page, pageSize } = request.query;
      return findNotifications({
        db,
        actor: actorOf(request),
        unreadOnly: unread === 'true',
        page,
        pageSize,
      });
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: '标记一条消息已读',
        params: idParam,
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (request) => markRead({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: '全部标记已读',
        response: { 200: z.object({ updated: z.number().int() }) },
      },
    },
    async (request) => markRead({ db, actor: actorOf(request) }),
  );
};
