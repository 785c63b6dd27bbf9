import { useState } from 'react';
import type { FormInstance } from 'antd';
import { applyFieldErrors } from '../form-errors.ts';

/**
 * The submit path every form shell shares: validate, run the caller's save, and on failure keep
 * the error for the shell's alert and put the API's field messages beside the fields named.
 */
export function useFormSubmit<V>(
  form: FormInstance<V>,
  onSubmit: (values: V) => unknown,
  fields: readonly string[] = [],
) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd already shows the messages beside the fields.
    }
    setPending(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(e);
      applyFieldErrors(form, e, fields);
    } finally {
      setPending(false);
    }
  };

  return { submit, pending, error };
}
