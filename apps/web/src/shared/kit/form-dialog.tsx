import type { ReactNode } from 'react';
import { Button, Modal } from 'antd';
import { FormShellBody, type FormShellProps } from './form-shell.tsx';
import { useFormSubmit } from './use-form-submit.ts';

/** A dialog holding one form: the same shell as `FormDrawer`, for short forms. */
export function FormDialog<V>(
  props: FormShellProps<V> & {
    width?: number;
    /**
     * The last step of a dialog that runs something (a bulk action): once set, it replaces the
     * form and the footer becomes one 完成 button that closes the dialog.
     */
    result?: ReactNode;
  },
) {
  const { submit, pending, error } = useFormSubmit(props.form, props.onSubmit, props.fields);
  const done = props.result != null;
  return (
    <Modal
      open
      width={props.width ?? 520}
      title={props.title}
      okText={props.okText ?? '保存'}
      cancelText="取消"
      okButtonProps={{ danger: props.okDanger, disabled: props.okDisabled }}
      confirmLoading={pending}
      onOk={() => void submit()}
      onCancel={props.onClose}
      destroyOnHidden
      {...(done
        ? {
            footer: (
              <Button type="primary" onClick={props.onClose}>
                完成
              </Button>
            ),
          }
        : {})}
    >
      {done ? props.result : <FormShellBody<V> {...props} error={error} />}
    </Modal>
  );
}
