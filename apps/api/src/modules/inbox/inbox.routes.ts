import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, markReadResult, noticePage, noticesQuery } from '@zibo/shared';
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
        querystring: noticesQuery,
        response: { 200: noticePage },
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
        response: { 200: markReadResult },
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
        response: { 200: markReadResult },
      },
    },
    async (request) => markRead({ db, actor: actorOf(request) }),
  );
};
