import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditEvent, auditQuery, auditVerifyResponse } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { findAuditEvents, verifyAuditChain } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志（审计管理员）',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEvent), total: z.number().int() }) },
      },
    },
    async (request) => findAuditEvents({ db, ...request.query }),
  );

  app.get(
    '/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '校验审计日志哈希链',
        response: { 200: auditVerifyResponse },
      },
    },
    async (request) => verifyAuditChain({ db, actor: actorOf(request) }),
  );
};
