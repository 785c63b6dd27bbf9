import type { ErrorCode } from '@zibo/shared';

/** `NETWORK` is the client's own code for a request that never got an answer. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** An API failure with the server's Chinese message, ready to show to the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors of a VALIDATION_FAILED answer, as `{path, message}` pairs. */
  get fieldErrors(): { path: string; message: string }[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is { path: string; message: string } =>
        typeof d === 'object' &&
        d !== null &&
        typeof (d as { path?: unknown }).path === 'string' &&
        typeof (d as { message?: unknown }).message === 'string',
    );
  }
}

type SessionEvents = {
  /** The session is gone (signed out elsewhere, idle timeout): show the sign-in page. */
  onUnauthenticated: (message: string) => void;
  /** An administrator-set password must be changed before anything else. */
  onPasswordChangeRequired: () => void;
  /** The account must enrol a second factor before anything else. */
  onMfaEnrolmentRequired?: () => void;
};

let csrfToken: string | null = null;
let sessionEvents: SessionEvents | null = null;
/**
 * Which session a request was sent under: bumped whenever the session changes (sign-in,
 * sign-out, expiry). A 401 answering a request of an earlier session says nothing about the
 * current one: a page's request that comes back after its user signed out must not end the
 * next session, nor turn the sign-out into "会话已超时" and send the next sign-in to that page.
 */
let sessionGeneration = 0;

/** The CSRF token of the current session, sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  sessionGeneration++;
}

/** Lets the auth context react to session-level failures of any request. */
export function setSessionEvents(events: SessionEvents | null): void {
  sessionEvents = events;
}

export type QueryValue = string | number | boolean | null | undefined;

export type RequestOptions = {
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Sign-in itself answers 401 for wrong credentials: that is not a lost session. */
  ignoreSessionEvents?: boolean;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Builds `/api<path>?…`, leaving out empty parameters. */
export function buildApiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function readError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): fall through to the generic message
  }
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
    ?.error;
  if (error?.code && error.message) {
    return new ApiError(response.status, error.code as ErrorCode, error.message, error.details);
  }
  return new ApiError(
    response.status,
    'INTERNAL',
    `服务器暂时无法处理请求（HTTP ${response.status}），请稍后重试`,
  );
}

/** One JSON request to the API: cookie credentials, CSRF header on writes, typed errors. */
export async function requestApi<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body sets its own multipart boundary; everything else goes as JSON.
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const generation = sessionGeneration;
  let response: Response;
  try {
    response = await fetch(buildApiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body:
        options.body === undefined
          ? null
          : multipart
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!response.ok) {
    const error = await readError(response);
    if (!options.ignoreSessionEvents && generation === sessionGeneration) {
      if (error.code === 'UNAUTHENTICATED') sessionEvents?.onUnauthenticated(error.message);
      if (error.code === 'PASSWORD_CHANGE_REQUIRED') sessionEvents?.onPasswordChangeRequired();
      if (error.code === 'MFA_ENROLMENT_REQUIRED') sessionEvents?.onMfaEnrolmentRequired?.();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    requestApi<T>('GET', path, { query, signal }),
  post: <T>(path: string, body: unknown = {}, options: Omit<RequestOptions, 'body'> = {}) =>
    requestApi<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown) => requestApi<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => requestApi<T>('PATCH', path, { body }),
  delete: <T>(path: string) => requestApi<T>('DELETE', path),
};

/** Posts a file as multipart field `file` (the CSRF header applies as on any write). */
export function uploadFile<T>(
  path: string,
  file: Blob,
  fileName: string,
  query?: Record<string, QueryValue>,
): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName);
  return requestApi<T>('POST', path, { body: form, query });
}

/** The file name of a `Content-Disposition` header (RFC 5987 `filename*` first). */
export function readDispositionFileName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/**
 * Downloads a generated file (template, export) through fetch, so that a refusal shows its
 * Chinese message instead of a page of JSON, then hands it to the browser as a download.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  query?: Record<string, QueryValue>,
): Promise<string> {
  const generation = sessionGeneration;
  let response: Response;
  try {
    response = await fetch(buildApiUrl(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  if (!response.ok) {
    const error = await readError(response);
    if (error.code === 'UNAUTHENTICATED' && generation === sessionGeneration)
      sessionEvents?.onUnauthenticated(error.message);
    throw error;
  }
  const name = readDispositionFileName(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL can go once the event loop moves on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** The Chinese message of any error, for a toast or an alert. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后重试';
}
