import type { ReactNode } from 'react';
import { Button, Drawer, Flex } from 'antd';
import { FormShellBody, type FormShellProps } from './form-shell.tsx';
import { useFormSubmit } from './use-form-submit.ts';

/**
 * A drawer holding one form: 取消 / 保存 in the footer, the API's error in Chinese above the form,
 * its field messages beside the fields.
 */
export function FormDrawer<V>(
  props: FormShellProps<V> & {
    size?: number;
    /** Extra footer content, left of the buttons. */
    footerExtra?: ReactNode;
  },
) {
  const { submit, pending, error } = useFormSubmit(props.form, props.onSubmit, props.fields);
  return (
    <Drawer
      open
      title={props.title}
      size={props.size ?? 640}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" align="center" gap={8}>
          {props.footerExtra ? <div style={{ flex: 1 }}>{props.footerExtra}</div> : null}
          <Button onClick={props.onClose}>取消</Button>
          <Button
            type="primary"
            danger={props.okDanger}
            disabled={props.okDisabled}
            loading={pending}
            onClick={() => void submit()}
          >
            {props.okText ?? '保存'}
          </Button>
        </Flex>
      }
    >
      <FormShellBody<V> {...props} error={error} />
    </Drawer>
  );
}
