import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '@zibo/shared';
import { checkDocumentSignatures } from '../../platform/crypto/signatures.ts';
import { actorOf } from '../../platform/http/request.ts';
import { bulletinFile } from './bulletins.service.ts';

const check = z.union([
  z.object({ part: z.string(), signed: z.literal(false) }),
  z.object({
    part: z.string(),
    signed: z.literal(true),
    valid: z.boolean(),
    algorithm: z.string(),
    userId: z.string(),
    publicKey: z.string(),
    currentKey: z.boolean(),
    signature: z.string(),
    signedAt: z.string(),
  }),
]);

/** 密评 8.4 h: anyone who may read an issued bulletin may check its SM2 signatures. */
export const bulletinSignatureRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/bulletins/:id/signature',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '核验已印发通报正文与统计表的 SM2 签名（CRYPTO_SUITE=gm）',
        params: idParam,
        response: { 200: z.object({ parts: z.array(check) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const [document, annex] = await Promise.all([
        bulletinFile({ db, actor, id, kind: 'document' }),
        bulletinFile({ db, actor, id, kind: 'annex' }),
      ]);
      const parts = await checkDocumentSignatures(db, 'bulletin', id, {
        document: document.bytes,
        annex: annex.bytes,
      });
      return { parts };
    },
  );
};
