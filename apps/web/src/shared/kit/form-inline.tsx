import { Button } from 'antd';
import { FormShellBody, type FormShellProps } from './form-shell.tsx';
import { useFormSubmit } from './use-form-submit.ts';

/**
 * A form inside a page or a detail drawer, with its own submit button below the fields: the same
 * submit path, pending state, error alert and field messages as `FormDrawer` / `FormDialog`.
 * It has no frame, so no title and nothing to close; Enter in a field submits too.
 */
export function FormInline<V>(
  props: Omit<FormShellProps<V>, 'title' | 'onClose' | 'okDanger'> & { okText: string },
) {
  const { submit, pending, error } = useFormSubmit(props.form, props.onSubmit, props.fields);
  return (
    <div>
      <FormShellBody<V> {...props} error={error} onFinish={() => void submit()}>
        {props.children}
        <Button type="primary" htmlType="submit" disabled={props.okDisabled} loading={pending}>
          {props.okText}
        </Button>
      </FormShellBody>
    </div>
  );
}
