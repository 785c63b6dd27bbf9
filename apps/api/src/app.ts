import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { useChineseValidationMessages } from '@zibo/shared';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/client.ts';
import './platform/http/types.ts';
import { installErrorHandler } from './platform/http/error-handler.ts';
import { AppError } from './platform/http/errors.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import { installAuthGuard, type RouteEntry } from './platform/auth/guard.ts';
import { orgRoutes } from './modules/org/index.ts';
import { accountsRoutes } from './modules/accounts/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { ledgerIoRoutes, ledgerRoutes } from './modules/ledger/index.ts';
import { surveyRoutes } from './modules/survey/index.ts';
import { standardsRoutes } from './modules/standards/index.ts';
import { gapAnalysisRoutes } from './modules/gap-analysis/index.ts';
import { problemsRoutes } from './modules/problems/index.ts';
import { inboxRoutes } from './modules/inbox/index.ts';
import { filesRoutes } from './modules/files/index.ts';
import { supervisionRoutes } from './modules/supervision/index.ts';
import { projectsRoutes } from './modules/projects/index.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { configureCrypto } from './platform/crypto/suite.ts';
import { installLoadShedding } from './platform/http/lifecycle.ts';

export type App = FastifyInstance & { routeTable: RouteEntry[] };

/** Builds the HTTP application over an open, migrated database. Does not listen. */
export async function buildApp(opts: {
  config: Config;
  database: Database;
  logger?: boolean;
}): Promise<App> {
  const { config, database } = opts;
  useChineseValidationMessages();
  configureCrypto(config);
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { db: database.db, database, config });

  const routeTable: RouteEntry[] = [];
  installErrorHandler(app);
  installLoadShedding(app, { maxInFlight: config.maxInFlight });
  installSecurityHeaders(app, {
    tileOrigin: config.tileUrl ? new URL(config.tileUrl.replace(/\{[a-z]\}/g, 'x')).origin : null,
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 },
  });
  installAuthGuard(app, routeTable);

  await app.register(swagger, {
    openapi: {
      info: {
        title: '社区配套设施规划建设管理平台 API',
        description: '淄政办字〔2020〕34号 — community supporting facilities platform',
        version: config.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      api.get(
        '/openapi.json',
        { config: { permission: 'public' }, schema: { hide: true } },
        async () => app.swagger(),
      );
      await api.register(systemRoutes);
      await api.register(accountsRoutes);
      await api.register(orgRoutes);
      await api.register(auditRoutes);
      await api.register(ledgerRoutes);
      await api.register(ledgerIoRoutes);
      await api.register(surveyRoutes);
      await api.register(standardsRoutes);
      await api.register(gapAnalysisRoutes);
      await api.register(problemsRoutes);
      await api.register(supervisionRoutes);
      await api.register(projectsRoutes);
      await api.register(inboxRoutes);
      await api.register(filesRoutes);
    },
    { prefix: '/api' },
  );

  serveWeb(app, config.webDist);
  await app.ready();
  return Object.assign(app, { routeTable });
}

/** Serves the built web app; any other non-API path gets index.html (client-side routing). */
function serveWeb(app: FastifyInstance, webDist: string): void {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) return;
  // wildcard: false registers one route per built file, so unknown paths reach the fallback below.
  void app.register(fastifyStatic, { root: webDist, index: false, wildcard: false });
  app.get(
    '/*',
    { config: { permission: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      if (request.url.startsWith('/api/') || request.url === '/api') {
        throw new AppError(
          'NOT_FOUND',
          `接口不存在：${request.method} ${request.url.split('?')[0]}`,
        );
      }
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    },
  );
}
