import type { ErrorCode } from '@zibo/shared';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATION: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** The one error type use cases throw; the error handler renders it as API.md says. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what = '记录') =>
  new AppError('NOT_FOUND', `${what}不存在或不在您的数据范围内`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError('FORBIDDEN', message);
export const conflict = (message = '记录已被他人修改，请刷新后重试') =>
  new AppError('CONFLICT', message);
export const invalidTransition = (message: string, details?: unknown) =>
  new AppError('INVALID_TRANSITION', message, details);
export const ruleViolation = (message: string, details?: unknown) =>
  new AppError('RULE_VIOLATION', message, details);
export const validationFailed = (
  details: { path: string; message: string }[],
  message = '提交的数据有误',
) => new AppError('VALIDATION_FAILED', message, details);
