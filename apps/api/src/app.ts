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
import {
  contentSecurityPolicy,
  inlineScriptHashes,
  installSecurityHeaders,
} from './platform/http/security-headers.ts';
import { installTextRule } from './platform/http/text-rule.ts';
import { installCompression } from './platform/http/compression.ts';
import { serializedOnce } from './platform/kept-answers.ts';
import { configureZipLimits } from './platform/excel/zip.ts';
import { installAuthGuard, type RouteEntry } from './platform/auth/guard.ts';
import { orgRoutes } from './modules/org/index.ts';
import { accountsRoutes } from './modules/accounts/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { ledgerIoRoutes, ledgerRoutes } from './modules/ledger/index.ts';
import { surveyRoutes } from './modules/survey/index.ts';
import { standardsRoutes } from './modules/standards/index.ts';
import { gapAnalysisRoutes } from './modules/gap-analysis/index.ts';
import { problemAttachmentAccess, problemsRoutes } from './modules/problems/index.ts';
import { inboxRoutes } from './modules/inbox/index.ts';
import { filesRoutes, registerAttachmentAccess } from './modules/files/index.ts';
import { bulletinsRoutes } from './modules/bulletins/index.ts';
import { supervisionRoutes } from './modules/supervision/index.ts';
import { projectAttachmentAccess, projectsRoutes } from './modules/projects/index.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { configureCrypto } from './platform/crypto/suite.ts';
import { configureCity } from './platform/city.ts';
import {
  feedbackPublicRoutes,
  feedbackRoutes,
  questionnairesRoutes,
} from './modules/feedback/index.ts';
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
  configureZipLimits({ maxEntryBytes: config.importMaxPartBytes, maxRatio: config.importMaxRatio });
  configureCrypto(config);
  configureCity(config);
  // Who may read an attachment: each module that links attachments to its records says so.
  registerAttachmentAccess(problemAttachmentAccess);
  registerAttachmentAccess(projectAttachmentAccess);
  const app = Fastify({
    logger: opts.logger === false ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Kept answers shared by many readers are serialized once (platform/kept-answers.ts).
  app.setSerializerCompiler((route: Parameters<typeof serializerCompiler>[0]) =>
    serializedOnce(serializerCompiler(route)),
  );
  app.decorate('deps', { db: database.db, database, config });

  const routeTable: RouteEntry[] = [];
  installErrorHandler(app);
  installLoadShedding(app, {
    maxInFlight: config.maxInFlight,
    busyInFlight: config.shedBusyInFlight,
    maxLatencyMs: config.shedLatencyMs,
  });
  const tileOrigin = config.tileUrl
    ? new URL(config.tileUrl.replace(/\{[a-z]\}/g, 'x')).origin
    : null;
  installSecurityHeaders(app, { tileOrigin });
  await installCompression(app);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 },
  });
  installAuthGuard(app, routeTable);
  installTextRule(app);

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
      await api.register(feedbackPublicRoutes);
      await api.register(feedbackRoutes);
      await api.register(questionnairesRoutes);
      await api.register(bulletinsRoutes);
    },
    { prefix: '/api' },
  );

  serveWeb(app, config.webDist, tileOrigin);
  await app.ready();
  return Object.assign(app, { routeTable });
}

/**
 * Cache policy of the built web app: files under assets/ carry a content hash in their name, so
 * they never change (immutable for a year); anything else, index.html above all, is revalidated
 * on every load so a new release is picked up at once.
 */
export function webCacheControl(filePath: string): string {
  return /[\\/]assets[\\/]/.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Serves the built web app; any other non-API path gets index.html (client-side routing). */
function serveWeb(app: FastifyInstance, webDist: string, tileOrigin: string | null): void {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) return;
  // P13 speed: the residents' entry asks for the community page's data from an inline script (one
  // round trip before its scripts arrive); only that script, by its hash, may run inline.
  const publicHtml = path.join(webDist, 'public.html');
  const publicCsp = fs.existsSync(publicHtml)
    ? contentSecurityPolicy({
        tileOrigin,
        scriptHashes: inlineScriptHashes(fs.readFileSync(publicHtml, 'utf8')),
      })
    : null;
  // wildcard: false registers one route per built file, so unknown paths reach the fallback below.
  // preCompressed: the build writes .br and .gz beside each text file (see apps/web/vite.config.ts).
  void app.register(fastifyStatic, {
    root: webDist,
    index: false,
    wildcard: false,
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      reply.header('cache-control', webCacheControl(filePath));
    },
  });
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
      // P13: the residents' public pages are their own small entry under /m/.
      const page = /^\/m(\/|$|\?)/.test(request.url) ? 'public.html' : 'index.html';
      if (page === 'public.html' && publicCsp) reply.header('Content-Security-Policy', publicCsp);
      return reply.type('text/html; charset=utf-8').sendFile(page);
    },
  );
}
