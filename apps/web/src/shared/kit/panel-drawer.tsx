import type { ReactNode } from 'react';
import { Drawer } from 'antd';

/**
 * A drawer that shows or runs something other than one form (a record's details and history, a
 * workbook import): the kit's frame, open while mounted, gone with its state when closed. For a
 * form use `FormDrawer`; a form inside such a drawer is a `FormInline`.
 */
export function PanelDrawer(props: {
  title: ReactNode;
  size?: number;
  onClose: () => void;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Drawer
      open
      title={props.title}
      size={props.size ?? 640}
      onClose={props.onClose}
      footer={props.footer}
      destroyOnHidden
    >
      {props.children}
    </Drawer>
  );
}
