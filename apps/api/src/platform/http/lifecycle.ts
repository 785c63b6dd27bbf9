import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Load shedding and draining (ADR 0012). At most `maxInFlight` requests are served at once; the
 * next ones answer 503 with Retry-After at once rather than queue into a timeout. The count alone
 * does not see a slow machine or database (200 clients under 256 in flight can each wait 10 s), so
 * the process also watches how long its answers take: while at least `busyInFlight` requests are
 * in flight and recent answers (a moving average) took longer than `maxLatencyMs`, a new request
 * is shed too, until the queue drains and answers are quick again (issue 11: a 503 with
 * Retry-After is better than a 10 s timeout). While the process drains for a shutdown, readiness
 * answers 503 so the proxy stops sending new requests.
 */
export type Lifecycle = {
  draining: boolean;
  inFlight: number;
  shed: number;
  /** Moving average of the served requests' time, in ms. */
  latencyMs: number;
};

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

const EXEMPT = new Set(['/api/health', '/api/health/ready']);
const started = new WeakMap<FastifyRequest, number>();
/** Weight of the newest answer in the moving average of answer times. */
const ALPHA = 0.1;

export function installLoadShedding(
  app: FastifyInstance,
  opts: { maxInFlight: number; busyInFlight?: number; maxLatencyMs?: number },
): void {
  const busyInFlight = opts.busyInFlight ?? 32;
  const maxLatencyMs = opts.maxLatencyMs ?? 2000;
  const state: Lifecycle = { draining: false, inFlight: 0, shed: 0, latencyMs: 0 };
  app.decorate('lifecycle', state);
  // A request its client gave up on counts too: its wait is the clearest sign of overload.
  const done = (request: FastifyRequest) => {
    const t0 = started.get(request);
    if (t0 === undefined) return;
    started.delete(request);
    state.inFlight--;
    state.latencyMs += ALPHA * (performance.now() - t0 - state.latencyMs);
  };
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT.has(request.url.split('?')[0]!)) return;
    if (
      state.inFlight >= opts.maxInFlight ||
      (state.inFlight >= busyInFlight && state.latencyMs > maxLatencyMs)
    ) {
      state.shed++;
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ error: { code: 'SERVICE_UNAVAILABLE', message: '服务器繁忙，请稍后重试' } });
    }
    state.inFlight++;
    started.set(request, performance.now());
  });
  // While draining, every answer closes its connection: keep-alive sockets (72 s in Fastify)
  // would otherwise hold the shutdown open after the last request.
  app.addHook('onSend', async (_request, reply) => {
    if (state.draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request) => done(request));
  app.addHook('onRequestAbort', async (request) => done(request));
}
