import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Flex, Popconfirm } from 'antd';
import { EditOutlined, InboxOutlined } from '@ant-design/icons';
import { ArchiveDialog } from './archive-dialog.tsx';
import { describeLedgerError } from './ledger-lock-alert.tsx';

export type LedgerRecordKind = 'area' | 'facility';

/**
 * What a clerk is told about each kind of ledger record before deleting or archiving it, and
 * where its list is: one wording for the list row, the record's page and the dialogs.
 */
export const LEDGER_RECORDS: Record<
  LedgerRecordKind,
  { noun: string; deleteNote: string; archiveEffect: string; listPath: string }
> = {
  area: {
    noun: '小区',
    deleteNote: '删除后不可恢复；仅服务本小区的设施须先删除或改挂。',
    archiveEffect:
      '归档后小区不再计入台账、地图、导出和缺口分析，记录与问题历史保留可查，且不能再修改。仅服务本小区的设施须先归档或改挂。',
    listPath: '/ledger/areas',
  },
  facility: {
    noun: '设施',
    deleteNote: '删除后不可恢复。',
    archiveEffect: '归档后设施不再计入台账和缺口分析，记录与历史保留可查，且不能再修改。',
    listPath: '/ledger/facilities',
  },
};

type ActedRecord = {
  name: string;
  abilities: { update?: boolean; archive?: boolean; delete?: boolean };
};

/** The confirmation before a record is deleted, around the button that asks for it. */
function DeleteConfirm(props: {
  kind: LedgerRecordKind;
  record: ActedRecord;
  onDelete: () => Promise<unknown>;
  /** After the success message (the record's page returns to the list). */
  onDeleted?: () => void;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const subject = subjectOf(props.kind, props.record);
  return (
    <Popconfirm
      title={`删除${subject}？`}
      description={LEDGER_RECORDS[props.kind].deleteNote}
      okText="删除"
      cancelText="取消"
      okButtonProps={{ danger: true }}
      onConfirm={() =>
        props.onDelete().then(
          () => {
            void message.success(`已删除${subject}`);
            props.onDeleted?.();
          },
          (e: unknown) => void message.error(describeLedgerError(e)),
        )
      }
    >
      {props.children}
    </Popconfirm>
  );
}

function subjectOf(kind: LedgerRecordKind, record: ActedRecord): string {
  return `${LEDGER_RECORDS[kind].noun}“${record.name}”`;
}

/** A list row's actions, as the record's abilities allow: 编辑 and 删除 (archiving is on its page). */
export function LedgerRowActions(props: {
  kind: LedgerRecordKind;
  record: ActedRecord;
  onEdit: () => void;
  onDelete: () => Promise<unknown>;
}) {
  return (
    <Flex gap={4}>
      {props.record.abilities.update ? (
        <Button size="small" type="link" onClick={props.onEdit}>
          编辑
        </Button>
      ) : null}
      {props.record.abilities.delete ? (
        <DeleteConfirm kind={props.kind} record={props.record} onDelete={props.onDelete}>
          <Button size="small" type="link" danger>
            删除
          </Button>
        </DeleteConfirm>
      ) : null}
    </Flex>
  );
}

/**
 * The actions on one ledger record's page, as its abilities allow (issue 11): 编辑, 归档 with a
 * reason (the dialog), and 删除 after a confirmation, which returns to the list. One place for
 * both kinds of record, so an area and a facility are edited, archived and deleted alike.
 */
export function LedgerRecordActions(props: {
  kind: LedgerRecordKind;
  record: ActedRecord;
  onEdit: () => void;
  onArchive: (reason: string) => Promise<unknown>;
  onDelete: () => Promise<unknown>;
  /** Actions shown before these (e.g. 缺口分析). */
  before?: ReactNode;
}) {
  const { kind, record } = props;
  const subject = subjectOf(kind, record);
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
        <DeleteConfirm
          kind={kind}
          record={record}
          onDelete={props.onDelete}
          onDeleted={() => void navigate(LEDGER_RECORDS[kind].listPath)}
        >
          <Button danger>删除</Button>
        </DeleteConfirm>
      ) : null}
      {archiving ? (
        <ArchiveDialog
          subject={subject}
          effect={LEDGER_RECORDS[kind].archiveEffect}
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
