import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { installLoadShedding } from './lifecycle.ts';

// Issue 11 load run / ADR 0012: when answers have become slow and many are in flight, a new
// request is answered 503 with Retry-After at once instead of waiting into a client's timeout;
// when the queue has drained, requests are served again.
describe('load shedding by answer time', () => {
  let app: FastifyInstance;
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  beforeAll(async () => {
    app = Fastify({ logger: false });
    installLoadShedding(app, { maxInFlight: 1000, busyInFlight: 3, maxLatencyMs: 40 });
    app.get('/slow', async () => {
      await gate;
      return { ok: true };
    });
    app.get('/fast', async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('sheds with 503 and Retry-After while answers are slow and the queue is long, then serves again', async () => {
    // Slow answers raise the moving average above 40 ms.
    gate = new Promise<void>((r) => (release = r));
    const slow = Array.from({ length: 3 }, () => app.inject({ method: 'GET', url: '/slow' }));
    setTimeout(() => release(), 120);
    expect((await Promise.all(slow)).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(app.lifecycle.latencyMs).toBeGreaterThan(0);
    // Many in flight again, still slow: the next request is shed at once.
    gate = new Promise<void>((r) => (release = r));
    for (let i = 0; i < 20 && app.lifecycle.latencyMs <= 40; i++) {
      const burst = Array.from({ length: 3 }, () => app.inject({ method: 'GET', url: '/slow' }));
      setTimeout(() => release(), 80);
      await Promise.all(burst);
      gate = new Promise<void>((r) => (release = r));
    }
    expect(app.lifecycle.latencyMs).toBeGreaterThan(40);
    const queued = Array.from({ length: 3 }, () => app.inject({ method: 'GET', url: '/slow' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(app.lifecycle.inFlight).toBe(3);
    const t0 = performance.now();
    const shed = await app.inject({ method: 'GET', url: '/fast' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(shed.json<{ error: { message: string } }>().error.message).toMatch(/繁忙/);
    release();
    await Promise.all(queued);
    // Below the busy line the process serves whatever the average says.
    expect(app.lifecycle.inFlight).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/fast' })).statusCode).toBe(200);
  });
});
