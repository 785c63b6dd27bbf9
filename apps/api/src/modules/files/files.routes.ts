import path from 'node:path';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attachmentRecord, idParam } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { validationFailed } from '../../platform/http/errors.ts';
import { localStorage } from '../../platform/files/storage.ts';
import { openAttachment, storeAttachment } from './files.service.ts';
import { checkFileName } from '../../platform/http/text-rule.ts';

export const filesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const storage = localStorage(path.join(config.dataDir, 'files'));

  app.post(
    '/attachments',
    {
      config: { permission: 'attachments.upload' },
      schema: {
        tags: ['files'],
        summary: '上传附件（multipart 字段 file；照片、PDF、Word、Excel）',
        response: { 201: attachmentRecord },
      },
    },
    async (request, reply) => {
      const part = await request.file();
      if (!part)
        throw validationFailed(
          [{ path: 'file', message: '请选择要上传的文件' }],
          '请选择要上传的文件',
        );
      try {
        checkFileName(part.filename);
      } catch (error) {
        part.file.resume();
        throw error;
      }
      const saved = await storeAttachment({
        db,
        storage,
        actor: actorOf(request),
        fileName: part.filename,
        stream: part.file,
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['files'],
        summary: '下载附件（上传者或能查看其所属记录的人）',
        params: idParam,
        response: { 200: z.unknown() },
      },
    },
    async (request, reply) => {
      const { row, stream } = await openAttachment({
        db,
        storage,
        actor: actorOf(request),
        id: request.params.id,
      });
      const inline = row.contentType.startsWith('image/') || row.contentType === 'application/pdf';
      return reply
        .header('content-type', row.contentType)
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.name)}`,
        )
        .send(stream);
    },
  );
};
