import { Modal } from 'antd';
import { FormShellBody, type FormShellProps } from './form-shell.tsx';
import { useFormSubmit } from './use-form-submit.ts';

/** A dialog holding one form: the same shell as `FormDrawer`, for short forms. */
export function FormDialog<V>(props: FormShellProps<V> & { width?: number }) {
  const { submit, pending, error } = useFormSubmit(props.form, props.onSubmit, props.fields);
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
    >
      <FormShellBody<V> {...props} error={error} />
    </Modal>
  );
}
