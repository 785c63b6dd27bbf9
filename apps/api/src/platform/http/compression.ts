import zlib from 'node:zlib';
import compress from '@fastify/compress';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isSharedAnswer } from '../kept-answers.ts';

/*
 * HTTP compression of answers over 1 KB (docs/adr/0011-request-path-speed.md): brotli at quality
 * 4 (quality 11, zlib's default, costs tens of milliseconds per 100 KB on the request thread) or
 * gzip, by what the client accepts. Static files are compressed at build time and served as
 * they are.
 *
 * A kept answer shared by many readers (platform/kept-answers.ts) is compressed once per
 * encoding, like its JSON text, and the bytes are sent to every reader who accepts that
 * encoding: compressing a 22 KB list page on every request took a third of the request thread
 * (issue 12). Every other answer is compressed by @fastify/compress as it is sent.
 */

const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];
const THRESHOLD = 1024;
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
const GZIP = { level: 6 };

const PLUGIN_OPTIONS = {
  global: true,
  threshold: THRESHOLD,
  encodings: [...ENCODINGS],
  brotliOptions: BROTLI,
  // Compressed in one call up to 64 KB (lists, details, summaries): a stream per answer costs
  // more than compressing it (the plugin's default bound on two cores is 8 KB).
  syncThreshold: 64 * 1024,
  zlibOptions: GZIP,
};

/** The shared answer a request is being sent (set before it is serialized). */
const answerOf = new WeakMap<FastifyRequest, object>();
/** Per shared answer, its JSON text compressed in each encoding asked for so far. */
const compressedOf = new WeakMap<object, Partial<Record<Encoding, Buffer>>>();

/** The encoding to send, as @fastify/compress negotiates it (`*` and `x-gzip` mean gzip). */
function encodingFor(request: FastifyRequest): Encoding | null {
  const header = request.headers['accept-encoding'];
  if (!header) return null;
  const chosen = negotiate(header.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), [...ENCODINGS]);
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

function addVary(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) reply.header('vary', 'accept-encoding');
  else if (!/accept-encoding/i.test(String(vary)))
    reply.header('vary', `${String(vary)}, accept-encoding`);
}

export async function installCompression(app: FastifyInstance): Promise<void> {
  app.addHook('preSerialization', (request, _reply, payload, done) => {
    if (isSharedAnswer(payload)) answerOf.set(request, payload as object);
    done(null, payload);
  });
  // Runs before the plugin's own hook (route-level, added below), which leaves an answer that
  // already carries a content-encoding as it is.
  app.addHook('onSend', (request, reply, payload, done) => {
    const answer = answerOf.get(request);
    if (
      answer === undefined ||
      typeof payload !== 'string' ||
      reply.statusCode !== 200 ||
      request.headers['x-no-compression'] !== undefined ||
      Buffer.byteLength(payload) < THRESHOLD
    ) {
      done(null, payload);
      return;
    }
    const encoding = encodingFor(request);
    if (encoding === null) {
      done(null, payload);
      return;
    }
    let forms = compressedOf.get(answer);
    if (!forms) compressedOf.set(answer, (forms = {}));
    const body = (forms[encoding] ??=
      encoding === 'br' ? zlib.brotliCompressSync(payload, BROTLI) : zlib.gzipSync(payload, GZIP));
    addVary(reply);
    reply.header('content-encoding', encoding);
    reply.header('content-length', body.length);
    done(null, body);
  });
  await app.register(compress, PLUGIN_OPTIONS);
}
