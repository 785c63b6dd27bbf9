import { z } from 'zod';
import { ledgerImportReport, regionCodeSchema } from '@zibo/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { todayInShanghai } from '../../platform/time.ts';
import { actorOf } from '../../platform/http/request.ts';
import { sendWorkbook, withUploadedWorkbook } from '../../platform/excel/upload.ts';
import { recordAuditNow } from '../../platform/audit/record.ts';
import { narrowRegion } from '../../platform/auth/scope.ts';
import { eq } from 'drizzle-orm';
import { regions } from '../org/index.ts';
import { writeLedgerTemplate, writeLedgerWorkbook } from './ledger-workbook.ts';
import {
  importLedger,
  scopedAreasForExport,
  scopedFacilitiesForExport,
} from './ledger-import.service.ts';
import { currentCity } from '../../platform/city.ts';

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
        response: { 200: ledgerImportReport },
      },
    },
    async (request) =>
      withUploadedWorkbook(request, (file) =>
        importLedger({
          db,
          actor: actorOf(request),
          filePath: file.path,
          fileName: file.name,
          dryRun: request.query.dryRun === 'true',
        }),
      ),
  );

  app.get(
    '/exports/ledger.xlsx',
    {
      config: { permission: 'ledger.read' },
      schema: {
        tags: ['ledger'],
        summary: '导出数据范围内的台账（与导入模板同格式，修改后可再导入更新）',
        querystring: z.object({
          region: regionCodeSchema.optional(),
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
      // The file is named by the region, in Chinese: 台账-张店区-2026-12-06.xlsx.
      const [named] =
        region === null
          ? []
          : await db.select({ name: regions.name }).from(regions).where(eq(regions.code, region));
      const city = currentCity();
      const place =
        region === null ? '无数据' : region === city.code ? city.name : (named?.name ?? region);
      const day = todayInShanghai();
      return sendWorkbook(reply, `台账-${place}-${day}.xlsx`, (out) =>
        writeLedgerWorkbook(out, { areas, facilities }),
      );
    },
  );
};
