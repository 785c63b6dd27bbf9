import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditEvent, auditQuery, auditVerifyResponse } from '@zibo/shared';
import { todayInShanghai } from '../../platform/time.ts';
import { actorOf } from '../../platform/http/request.ts';
import { Readable } from 'node:stream';
import { exportAuditLog, findAuditEvents, verifyAuditChain } from './audit.service.ts';

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

  app.get(
    '/audit/export',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '导出审计日志（JSON Lines，末行为哈希链头，供异地保存）',
        querystring: z.object({
          fromSeq: z.coerce
            .number()
            .int()
            .min(1)
            .max(2 ** 52)
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const stamp = todayInShanghai();
      reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.jsonl"`);
      return reply.send(
        Readable.from(
          exportAuditLog({ db, actor: actorOf(request), fromSeq: request.query.fromSeq }),
        ),
      );
    },
  );
};
