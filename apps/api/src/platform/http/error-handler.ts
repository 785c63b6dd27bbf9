import type { FastifyError, FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';
import { isDatabaseUnavailable } from '../db/availability.ts';

const SECTION: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'params.',
  headers: 'headers.',
};

function errorPayload(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Chinese messages for named constraints, registered by the module that owns the table. */
const CONSTRAINT_MESSAGES = new Map<string, string>();

export function registerConstraintMessage(constraint: string, message: string): void {
  CONSTRAINT_MESSAGES.set(constraint, message);
}

type Refusal = {
  status: number;
  code: 'CONFLICT' | 'RULE_VIOLATION' | 'VALIDATION_FAILED';
  message: string;
  sqlState: string;
  constraint: string | undefined;
};

/**
 * Finds a PostgreSQL error in the cause chain (Drizzle wraps driver errors; PGlite and
 * node-postgres both carry the SQLSTATE in `code`) and maps it to its contract code.
 */
export function databaseRefusal(err: unknown, method: string): Refusal | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const c = typeof constraint === 'string' ? constraint : undefined;
      const at = (status: number, kind: Refusal['code'], message: string): Refusal => ({
        status,
        code: kind,
        message: (c && CONSTRAINT_MESSAGES.get(c)) ?? message,
        sqlState: code,
        constraint: c,
      });
      if (code === '23505') return at(409, 'CONFLICT', '记录重复：已有相同的记录');
      // 23503 foreign key; 23001 restrict (ON DELETE RESTRICT).
      if (code === '23503' || code === '23001') {
        return method === 'DELETE'
          ? at(409, 'CONFLICT', '该记录仍被其他记录引用，不能删除')
          : at(422, 'RULE_VIOLATION', '引用的记录不存在或已被删除');
      }
      if (code === '23514' || code === '23502' || code === '23P01') {
        return at(422, 'RULE_VIOLATION', '数据不符合业务规则');
      }
      // Class 22: data exceptions (a value the column cannot hold, an invalid byte sequence).
      if (code.startsWith('22')) return at(400, 'VALIDATION_FAILED', '提交的数据取值无效');
      return null;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * One error handler: every failure becomes `{error: {code, message, details}}` with a Chinese
 * message. Never a stack trace; unexpected errors are logged and reported as INTERNAL.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(errorPayload(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const prefix = SECTION[(err as FastifyError).validationContext ?? 'body'] ?? '';
      const details = err.validation.map((v) => ({
        path: `${prefix}${v.instancePath.replace(/^\//, '').replaceAll('/', '.')}`.replace(
          /\.$/,
          '',
        ),
        message: v.message ?? '取值无效',
      }));
      return reply
        .status(400)
        .send(errorPayload('VALIDATION_FAILED', '提交的数据有误，请检查后重试', details));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'response does not match its schema');
      return reply.status(500).send(errorPayload('INTERNAL', '服务器内部错误，请稍后重试'));
    }
    const fe = err as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(errorPayload('VALIDATION_FAILED', '请求体不是有效的 JSON'));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_PARTS_LIMIT':
      case 'FST_FILES_LIMIT':
        return reply.status(413).send(errorPayload('PAYLOAD_TOO_LARGE', '提交的内容超过大小限制'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply
          .status(415)
          .send(errorPayload('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请以 JSON 提交'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.status(400).send(errorPayload('VALIDATION_FAILED', '请求长度不正确'));
      default:
        break;
    }
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply
        .status(fe.statusCode)
        .send(errorPayload(fe.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', '请求无效'));
    }
    // Database refusals that escape a use case are still the client's fault (racing creations,
    // a reference that blocks a delete, a value the column cannot hold).
    const db = databaseRefusal(err, request.method);
    if (db) {
      request.log.warn(
        `client error ${db.status} ${db.code}: ${request.method} ${request.routeOptions.url ?? ''} (database ${db.sqlState}${db.constraint ? ` ${db.constraint}` : ''})`,
      );
      return reply.status(db.status).send(errorPayload(db.code, db.message));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err: err.message }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '2')
        .send(errorPayload('SERVICE_UNAVAILABLE', '数据库暂时不可用，请稍后重试'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorPayload('INTERNAL', '服务器内部错误，请稍后重试'));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .status(404)
      .send(
        errorPayload('NOT_FOUND', `接口不存在：${request.method} ${request.url.split('?')[0]}`),
      );
  });
}
