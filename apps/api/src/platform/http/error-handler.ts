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
    // Postgres constraint violations that escape a use case are still the client's fault.
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '23505') {
      return reply.status(409).send(errorPayload('CONFLICT', '记录重复'));
    }
    if (pgCode === '23503') {
      return reply.status(422).send(errorPayload('RULE_VIOLATION', '引用的记录不存在'));
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
