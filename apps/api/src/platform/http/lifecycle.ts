import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Load shedding and draining (ADR 0012). At most `maxInFlight` requests are served at once; the
 * next ones answer 503 with Retry-After at once rather than queue into a timeout. While the
 * process drains for a shutdown, readiness answers 503 so the proxy stops sending new requests.
 */
export type Lifecycle = { draining: boolean; inFlight: number; shed: number };

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

const EXEMPT = new Set(['/api/health', '/api/health/ready']);
const counted = new WeakSet<FastifyRequest>();

export function installLoadShedding(app: FastifyInstance, opts: { maxInFlight: number }): void {
  const state: Lifecycle = { draining: false, inFlight: 0, shed: 0 };
  app.decorate('lifecycle', state);
  const done = (request: FastifyRequest) => {
    if (counted.delete(request)) state.inFlight--;
  };
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.has(request.url.split('?')[0]!)) return;
    if (state.inFlight >= opts.maxInFlight) {
      state.shed++;
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ error: { code: 'SERVICE_UNAVAILABLE', message: '服务器繁忙，请稍后重试' } });
    }
    state.inFlight++;
    counted.add(request);
  });
  // While draining, every answer closes its connection: keep-alive sockets (72 s in Fastify)
  // would otherwise hold the shutdown open after the last request.
  app.addHook('onSend', async (_request, reply) => {
    if (state.draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request) => done(request));
  app.addHook('onRequestAbort', async (request) => done(request));
}
