import type { ReactNode } from 'react';
import { Alert } from 'antd';
import { describeError } from '../../api/client.ts';

/**
 * The kit's alert for a failed request, in Chinese: the API's message (or `describe`'s) as the
 * title, or, with a `title`, as the description under it.
 */
export function ErrorAlert(props: {
  error: unknown;
  describe?: ((error: unknown) => ReactNode) | undefined;
  title?: ReactNode;
}) {
  const text = (props.describe ?? describeError)(props.error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={props.title ?? text}
      description={props.title != null ? text : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
