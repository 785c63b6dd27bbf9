import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Puts a VALIDATION_FAILED answer's messages beside the form fields they name. Returns true when
 * at least one field got its message (so a generic alert can stay short).
 */
export function applyFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
) {
  if (!(error instanceof ApiError)) return false;
  const known = error.fieldErrors.filter((f) => fields.includes(f.path));
  if (known.length === 0) return false;
  form.setFields(known.map((f) => ({ name: f.path as never, errors: [f.message] })));
  return true;
}
