import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/** `stages.use.status` → `['stages', 'use', 'status']`; `anyOf.0.value` → `['anyOf', 0, 'value']`. */
export function toFieldName(path: string): (string | number)[] {
  return path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts a VALIDATION_FAILED answer's messages beside the form fields they name (dotted paths for
 * nested fields). Returns true when at least one field got its message (so a generic alert can
 * stay short).
 */
export function applyFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
) {
  if (!(error instanceof ApiError)) return false;
  const known = error.fieldErrors.filter((f) => fields.includes(f.path));
  if (known.length === 0) return false;
  form.setFields(
    known.map((f) => ({
      name: (f.path.includes('.') ? toFieldName(f.path) : f.path) as never,
      errors: [f.message],
    })),
  );
  return true;
}
