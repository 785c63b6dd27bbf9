import type { ReactNode } from 'react';
import { Form, type FormInstance, type FormProps } from 'antd';
import { ErrorAlert } from './error-alert.tsx';

/** What both form shells (drawer and dialog) take besides their frame. */
export type FormShellProps<V> = {
  title: ReactNode;
  form: FormInstance<V>;
  /** The form's name (antd prefixes field ids with it; the browser journeys find fields by label). */
  name: string;
  initialValues?: FormProps<V>['initialValues'];
  onValuesChange?: FormProps<V>['onValuesChange'];
  /**
   * Saves the validated values. Throw (or return a rejected promise, e.g. `mutateAsync`) to keep
   * the shell open with the error shown; close the shell yourself on success.
   */
  onSubmit: (values: V) => unknown;
  onClose: () => void;
  /** API field paths whose VALIDATION_FAILED messages go beside the fields. */
  fields?: readonly string[];
  /** The Chinese sentence for a failed save (default: the API's message). */
  describe?: (error: unknown) => ReactNode;
  /**
   * A whole alert of its own for some failures (e.g. a list of rule issues); return null or
   * undefined to show the default alert.
   */
  renderError?: (error: unknown) => ReactNode;
  /** Shown above the error alert and the form. */
  intro?: ReactNode;
  okText?: string;
  okDanger?: boolean;
  okDisabled?: boolean;
  layout?: FormProps<V>['layout'];
  children: ReactNode;
};

export function FormShellBody<V>(
  props: Pick<
    FormShellProps<V>,
    | 'form'
    | 'name'
    | 'initialValues'
    | 'onValuesChange'
    | 'describe'
    | 'renderError'
    | 'intro'
    | 'layout'
    | 'children'
  > & {
    error: unknown;
    /** Submitting the form itself (Enter in a field, a submit button). */
    onFinish?: () => void;
  },
) {
  const custom = props.error != null ? props.renderError?.(props.error) : null;
  return (
    <>
      {props.intro}
      {custom != null ? (
        custom
      ) : props.error != null ? (
        <ErrorAlert error={props.error} describe={props.describe} />
      ) : null}
      <Form<V>
        form={props.form}
        layout={props.layout ?? 'vertical'}
        name={props.name}
        initialValues={props.initialValues}
        onValuesChange={props.onValuesChange}
        onFinish={props.onFinish}
      >
        {props.children}
      </Form>
    </>
  );
}
