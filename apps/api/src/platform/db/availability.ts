/**
 * Whether an error means the database cannot be reached right now (a restart, a terminated
 * connection, a full pool) rather than a fault of the request: such requests answer 503 with
 * Retry-After instead of 500, and the pool reconnects on the next query (ADR 0012).
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]|53300)/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof x.code === 'string') {
      if (UNAVAILABLE_SQLSTATE.test(x.code) || UNAVAILABLE_NODE.has(x.code)) return true;
    }
    if (typeof x.message === 'string' && UNAVAILABLE_MESSAGE.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}
