import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Headers of OWASP ASVS V14: a strict content security policy (no inline script, so stored
 * markup can never run), no MIME sniffing, no framing, no referrer leakage.
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  opts: { tileOrigin: string | null },
): void {
  const csp = contentSecurityPolicy(opts);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    // A page may bring its own policy (the residents' entry: its one inline script by hash).
    if (!request.url.startsWith('/api/docs') && !reply.hasHeader('Content-Security-Policy'))
      reply.header('Content-Security-Policy', csp);
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}

/**
 * The policy. `scriptHashes` allow inline scripts by the SHA-256 of their exact text, as our own
 * build wrote them: markup stored by a user still cannot run.
 */
export function contentSecurityPolicy(opts: {
  tileOrigin: string | null;
  scriptHashes?: readonly string[];
}): string {
  const img = ["'self'", 'data:', 'blob:', ...(opts.tileOrigin ? [opts.tileOrigin] : [])].join(' ');
  const scripts = ["'self'", ...(opts.scriptHashes ?? []).map((h) => `'sha256-${h}'`)].join(' ');
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${img}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** SHA-256 (base64) of each inline `<script>` of a built page, for its content security policy. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) =>
    createHash('sha256').update(m[1]!, 'utf8').digest('base64'),
  );
}
