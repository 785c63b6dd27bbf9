import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { archiveInput, facility, idParam, residentialArea } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { archiveArea, archiveFacility } from './ledger-archive.service.ts';

/** POST …/archive (issue 11): take a record out of the ledger with a reason, keeping its history. */
export const ledgerArchiveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.post(
    '/residential-areas/:id/archive',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '归档小区（注明原因；保留历史，不再计入台账、地图、导出和缺什么补什么）',
        params: idParam,
        body: archiveInput,
        response: { 200: residentialArea },
      },
    },
    async (request) =>
      archiveArea({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );
  app.post(
    '/facilities/:id/archive',
    {
      config: { permission: 'ledger.write' },
      schema: {
        tags: ['ledger'],
        summary: '归档配套设施（注明原因；保留历史，不再计入台账和缺什么补什么）',
        params: idParam,
        body: archiveInput,
        response: { 200: facility },
      },
    },
    async (request) =>
      archiveFacility({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );
};
