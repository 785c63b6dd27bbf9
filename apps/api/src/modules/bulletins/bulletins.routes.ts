import { bulletinSignatureRoutes } from './bulletin-signature.routes.ts';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bulletinCreateBody,
  bulletinDetail,
  bulletinPatchBody,
  bulletinSettings,
  bulletinSummary,
  idParam,
} from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import {
  bulletinFile,
  draftBulletin,
  findBulletin,
  findBulletins,
  issueBulletin,
  readBulletinSettings,
  signBulletin,
  updateBulletin,
  updateBulletinSettings,
  previousBulletinOverview,
} from './bulletins.service.ts';
import { registerPreviousOverviewSource } from '../supervision/index.ts';
import { conflict } from '../../platform/http/errors.ts';
import { policyAttachmentsRoutes } from './policy-attachments.routes.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const settingsView = bulletinSettings.extend({ version: z.number().int() });

export const bulletinsRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(bulletinSignatureRoutes);
  const { db } = app.deps;
  // The supervision overview's "change since the last bulletin" reads the last issued one.
  registerPreviousOverviewSource(previousBulletinOverview);
  await app.register(policyAttachmentsRoutes);

  app.get(
    '/bulletins',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '定期通报列表（草稿仅领导小组办公室可见）',
        response: {
          200: z.object({ items: z.array(bulletinSummary), total: z.number().int() }),
        },
      },
    },
    async (request) => findBulletins({ db, actor: actorOf(request) }),
  );

  app.post(
    '/bulletins',
    {
      config: { permission: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '起草通报：冻结当前全市督导数据，按数据预填四部分正文',
        body: bulletinCreateBody,
        response: { 201: bulletinDetail },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id, created } = await draftBulletin({ db, actor, ...request.body });
      if (!created) throw conflict('该统计时段已有通报');
      return reply.status(201).send(await findBulletin({ db, actor, id }));
    },
  );

  app.get(
    '/bulletins/settings',
    {
      config: { permission: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '通报设置：发文机关、机关代字、主送、抄送、定期起草',
        response: { 200: settingsView },
      },
    },
    async () => readBulletinSettings(db),
  );

  app.put(
    '/bulletins/settings',
    {
      config: { permission: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '修改通报设置',
        body: bulletinSettings.partial().extend({ version: z.number().int() }).strict(),
        response: { 200: settingsView },
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return updateBulletinSettings({ db, actor: actorOf(request), patch, version });
    },
  );

  app.get(
    '/bulletins/:id',
    {
      config: { permission: 'bulletins.read' },
      schema: {
        tags: ['bulletins'],
        summary: '通报详情：冻结的数据、正文、签收情况',
        params: idParam,
        response: { 200: bulletinDetail },
      },
    },
    async (request) => findBulletin({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.patch(
    '/bulletins/:id',
    {
      config: { permission: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '修改草稿的标题和正文（印发后不能修改）',
        params: idParam,
        body: bulletinPatchBody,
        response: { 200: bulletinDetail },
      },
    },
    async (request) => {
      const { version, ...patch } = request.body;
      return updateBulletin({ db, actor: actorOf(request), id: request.params.id, version, patch });
    },
  );

  app.post(
    '/bulletins/:id/issue',
    {
      config: { permission: 'bulletins.manage' },
      schema: {
        tags: ['bulletins'],
        summary: '印发通报：定稿、写入审计链、发送至各接收单位',
        params: idParam,
        response: { 200: bulletinDetail },
      },
    },
    async (request) => issueBulletin({ db, actor: actorOf(request), id: request.params.id }),
  );

  app.post(
    '/bulletins/:id/sign',
    {
      config: { permission: 'bulletins.sign' },
      schema: {
        tags: ['bulletins'],
        summary: '签收通报（区县、牵头部门）',
        params: idParam,
        response: { 200: bulletinDetail },
      },
    },
    async (request) => signBulletin({ db, actor: actorOf(request), id: request.params.id }),
  );

  for (const kind of ['document', 'annex'] as const) {
    app.get(
      `/bulletins/:id/${kind}`,
      {
        config: { permission: 'bulletins.read' },
        schema: {
          tags: ['bulletins'],
          summary:
            kind === 'document'
              ? '下载通报（.docx，GB/T 9704-2012 格式）'
              : '下载通报统计表（.xlsx）',
          params: idParam,
        },
      },
      async (request, reply) => {
        const file = await bulletinFile({
          db,
          actor: actorOf(request),
          id: request.params.id,
          kind,
        });
        return reply
          .header('content-type', kind === 'document' ? DOCX : XLSX)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          )
          .send(file.bytes);
      },
    );
  }
};
