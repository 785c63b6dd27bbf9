import { useState } from 'react';
import { Alert, App, Button, Steps, Typography, Upload } from 'antd';
import { DataTable } from './kit/index.ts';
import {
  CheckCircleOutlined,
  FileExcelOutlined,
  SafetyCertificateOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { UseMutationResult } from '@tanstack/react-query';

/**
 * The two-step Excel import every bulk page uses (the ledger, problem progress): choose a
 * workbook, check it in full on the server (dry run, nothing written), then commit the same file.
 * Any error and nothing is written; the errors come back by sheet, row and column.
 */

/** Larger workbooks are refused by the server anyway; saying so before the upload saves the wait. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type WorkbookImportError = { sheet?: string; row: number; column: string; message: string };
type Report = { errors: WorkbookImportError[] };
type Variables = { file: File; dryRun: boolean };

/** State of one import: the chosen file, the dry run's report, the commit's report, the step. */
export function useWorkbookImport<R extends Report>(
  mutation: UseMutationResult<R, Error, Variables>,
  onCommitted: (result: R) => void,
) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<R | null>(null);
  const [committed, setCommitted] = useState<R | null>(null);

  const chooseFile = (f: File) => {
    setPreview(null);
    setCommitted(null);
    mutation.reset();
    if (f.size > MAX_FILE_BYTES) {
      void message.error('文件超过 20 MB，请拆分后分批导入');
      return;
    }
    setFile(f);
  };

  const run = (dryRun: boolean) => {
    if (!file) return;
    mutation.mutate(
      { file, dryRun },
      {
        onSuccess: (result) => {
          if (dryRun || result.errors.length > 0) {
            setPreview(result);
            setCommitted(null);
          } else {
            setCommitted(result);
            setPreview(null);
            setFile(null);
            onCommitted(result);
          }
        },
      },
    );
  };

  const failed = preview !== null && preview.errors.length > 0;
  const ready = preview !== null && preview.errors.length === 0;
  // Steps: 0 template or export, 1 choose the file, 2 dry run, 3 commit; 4 means all done.
  const step = committed ? 4 : ready ? 3 : file ? 2 : 1;
  const pending = (dryRun: boolean) => mutation.isPending && mutation.variables?.dryRun === dryRun;
  return { file, preview, committed, chooseFile, run, failed, ready, step, pending };
}

/**
 * The four steps of an import, the current one from `useWorkbookImport`; `first` names how the
 * workbook is got (下载模板 for the ledger, 导出清单 for progress).
 */
export function ImportSteps(props: { first: string; step: number; failed: boolean }) {
  return (
    <Steps
      size="small"
      current={props.step}
      status={props.failed ? 'error' : 'process'}
      style={{ marginBottom: 24 }}
      items={[
        { title: props.first },
        { title: '选择文件' },
        { title: '预检' },
        { title: '确认导入' },
      ]}
    />
  );
}

/**
 * 预检 (enabled once a file is chosen) and 确认导入 (enabled once the dry run found nothing
 * wrong, and not while `locked`, e.g. a ledger submitted to its survey), each busy while its
 * request runs.
 */
export function ImportRunButtons(props: {
  state: Pick<ReturnType<typeof useWorkbookImport>, 'file' | 'ready' | 'pending' | 'run'>;
  locked?: boolean;
}) {
  const { file, ready, pending, run } = props.state;
  return (
    <>
      <Button
        icon={<SafetyCertificateOutlined />}
        disabled={!file}
        loading={pending(true)}
        onClick={() => run(true)}
      >
        预检
      </Button>
      <Button
        type="primary"
        icon={<CheckCircleOutlined />}
        disabled={!ready || props.locked}
        loading={pending(false)}
        onClick={() => run(false)}
      >
        确认导入
      </Button>
    </>
  );
}

/** 选择 Excel 文件 and the chosen file's name (and size). */
export function WorkbookPicker(props: {
  file: File | null;
  onChoose: (file: File) => void;
  showSize?: boolean;
}) {
  const { file } = props;
  return (
    <>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          props.onChoose(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>选择 Excel 文件</Button>
      </Upload>
      {file ? (
        <Typography.Text data-testid="chosen-file">
          <FileExcelOutlined style={{ color: '#52c41a' }} /> {file.name}
          {props.showSize ? `（${(file.size / 1024).toFixed(1)} KB）` : null}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">尚未选择文件（.xlsx）</Typography.Text>
      )}
    </>
  );
}

/** The dry run's errors by sheet, row and column; `nothing` says what was not imported. */
export function ImportErrorsReport(props: {
  errors: WorkbookImportError[];
  truncated?: boolean;
  nothing: string;
}) {
  return (
    <>
      <Alert
        type="error"
        showIcon
        title={`预检发现 ${props.errors.length} 处错误，${props.nothing}`}
        description={`请按下表（工作表、行号、列名）修改 Excel 后重新选择文件预检。${
          props.truncated ? '错误较多，仅列出前面部分。' : ''
        }`}
        style={{ marginBottom: 12 }}
      />
      <DataTable<WorkbookImportError & { key: number }>
        rowKey="key"
        size="small"
        aria-label="预检错误"
        dataSource={props.errors.map((e, key) => ({ ...e, key }))}
        pageSize={50}
        columns={[
          { title: '工作表', key: 'sheet', width: 100, render: (_, e) => e.sheet || '—' },
          {
            title: '行',
            key: 'row',
            width: 70,
            align: 'right',
            render: (_, e) => (e.row > 0 ? e.row : '—'),
          },
          { title: '列', key: 'column', width: 140, render: (_, e) => e.column || '—' },
          { title: '问题', dataIndex: 'message', key: 'message' },
        ]}
      />
    </>
  );
}
