import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Popconfirm } from 'antd';
import { EditOutlined, InboxOutlined } from '@ant-design/icons';
import { ArchiveDialog } from './archive-dialog.tsx';
import { describeLedgerError } from './ledger-lock-alert.tsx';

/**
 * The actions on one ledger record's page, as its abilities allow (issue 11): 编辑, 归档 with a
 * reason (the dialog), and 删除 after a confirmation, which returns to the list. One place for
 * both kinds of record, so an area and a facility are edited, archived and deleted alike.
 */
export function LedgerRecordActions(props: {
  /** 小区 or 设施. */
  noun: string;
  record: {
    name: string;
    abilities: { update?: boolean; archive?: boolean; delete?: boolean };
  };
  /** What deleting does, under the confirmation's question. */
  deleteNote: string;
  /** What archiving does, above the reason. */
  archiveEffect: string;
  /** The list the page returns to once the record is deleted. */
  listPath: string;
  onEdit: () => void;
  onArchive: (reason: string) => Promise<unknown>;
  onDelete: () => Promise<unknown>;
  /** Actions shown before these (e.g. 缺口分析). */
  before?: ReactNode;
}) {
  const { noun, record } = props;
  const subject = `${noun}“${record.name}”`;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [archiving, setArchiving] = useState(false);
  return (
    <>
      {props.before}
      {record.abilities.update ? (
        <Button icon={<EditOutlined />} onClick={props.onEdit}>
          编辑
        </Button>
      ) : null}
      {record.abilities.archive ? (
        <Button icon={<InboxOutlined />} onClick={() => setArchiving(true)}>
          归档
        </Button>
      ) : null}
      {record.abilities.delete ? (
        <Popconfirm
          title={`删除${subject}？`}
          description={props.deleteNote}
          okText="删除"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            props.onDelete().then(
              () => {
                void message.success(`已删除${subject}`);
                void navigate(props.listPath);
              },
              (e: unknown) => void message.error(describeLedgerError(e)),
            )
          }
        >
          <Button danger>删除</Button>
        </Popconfirm>
      ) : null}
      {archiving ? (
        <ArchiveDialog
          subject={subject}
          effect={props.archiveEffect}
          onArchive={async (reason) => {
            await props.onArchive(reason);
            setArchiving(false);
            void message.success(`已归档${subject}`);
          }}
          onClose={() => setArchiving(false)}
        />
      ) : null}
    </>
  );
}
