import { z } from 'zod';
import { cityRegionCode } from '../city.ts';

/** Error codes of API.md → Conventions. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'MFA_ENROLMENT_REQUIRED',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RULE_VIOLATION',
  'LOCKED',
  'RATE_LIMITED',
  'INTERNAL',
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

/**
 * Plain text from a form: trimmed, control characters refused. Markup is stored as text and
 * always rendered escaped, never interpreted.
 */
export function text(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s), {
      message: '不能包含控制字符',
    });
}

export function requiredText(max: number) {
  return text(max).pipe(z.string().min(1));
}

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}
/** The answer of a `pageOf(item)` route, for the client. */
export type Page<T> = { items: T[]; total: number };

/**
 * A page that may be continued by keyset: `nextCursor` (null on the last page) is passed back as
 * `?after=` to get the rows after this page at the cost of the first page, however deep.
 */
export function cursorPageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  });
}

export const regionCodeSchema = cityRegionCode('(\\d{2}(\\d{3}(\\d{3})?)?)?', '行政区划代码无效');

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export const dateString = z.iso.date();
