import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../../platform/http/request.ts';
import { AppError, validationFailed } from '../../platform/http/errors.ts';
import { recordAuditNow } from '../../platform/audit/record.ts';
import { narrowRegion } from '../../platform/auth/scope.ts';
import { writeLedgerTemplate, writeLedgerWorkbook } from './ledger-workbook.ts';
import {
  importLedger,
  scopedAreasForExport,
  scopedFacilitiesForExport,
} from './ledger-import.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendWorkbook(
  reply: FastifyReply,
  fileName: string,
  write: (out: PassThrough) => Promise<unknown>,
) {
  const out = new PassThrough();
  write(out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return reply
    .header('content-type', XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(out);
}

const importReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(
    z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() }),
  ),
  dryRun: z.boolean(),
  truncated: z.boolean(),
});

export const ledgerIoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/imports/ledger/template',
    {
      config: { permission: 'ledger.write' },
      schema: { tags: ['ledger'], summary: '下载台账导入模板（.xlsx，中文表头和下拉选项）' },
    },
    async (_request, reply) =>
      sendWorkbook(reply, '社区配套设施台账导入模板.xlsx', (out) => writeLedgerTemplate(out)),
  );

  app.post(
    '/imports/ledger',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '导入台账（multipart 字段 file；dryRun=true 只预检不写入；有任何错误则不写入）',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
        response: { 200: importReport },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const part = await request.file();
      if (!part || part.fieldname !== 'file') {
        throw validationFailed(
          [{ path: 'file', message: '请选择要导入的 Excel 文件（.xlsx）' }],
          '请选择要导入的 Excel 文件',
        );
      }
      const tmp = path.join(os.tmpdir(), `zibo-import-${randomUUID()}.xlsx`);
      try {
        await pipeline(part.file, fs.createWriteStream(tmp));
        if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', '文件超过大小限制');
        const head = Buffer.alloc(4);
        const fd = fs.openSync(tmp, 'r');
        fs.readSync(fd, head, 0, 4, 0);
        fs.closeSync(fd);
        // An .xlsx is a zip archive: refuse anything else before parsing it.
        if (head.toString('binary') !== 'PK\u0003\u0004') {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            '只能导入 Excel .xlsx 文件（旧版 .xls 请先另存为 .xlsx）',
          );
        }
        return await importLedger({
          db,
          actor,
          filePath: tmp,
          fileName: part.filename,
          dryRun: request.query.dryRun === 'true',
        });
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    },
  );

  app.get(
    '/exports/ledger.xlsx',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '导出数据范围内的台账（与导入模板同格式，修改后可再导入更新）',
        querystring: z.object({
          region: z
            .string()
            .regex(/^3703(\d{2}(\d{3}(\d{3})?)?)?$/, { message: '行政区划代码无效' })
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const region = narrowRegion(actor, request.query.region);
      await recordAuditNow(db, {
        actor,
        action: 'ledger.export',
        entity: 'ledger',
        after: { region: request.query.region ?? actor.regionCode },
      });
      const areas = region === null ? [] : scopedAreasForExport(db, actor, region);
      const facilities = region === null ? [] : scopedFacilitiesForExport(db, actor, region);
      return sendWorkbook(reply, `社区配套设施台账-${region ?? 'empty'}.xlsx`, (out) =>
        writeLedgerWorkbook(out, { areas, facilities }),
      );
    },
  );
};
