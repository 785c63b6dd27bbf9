import { useState } from 'react';
import { Alert, App, Button, Drawer, Flex, Result, Steps, Table, Typography, Upload } from 'antd';
import {
  CheckCircleOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  SafetyCertificateOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { describeError } from '../../api/client.ts';
import {
  downloadOpenProblems,
  useImportProgress,
  type ProgressImportResult,
} from './problems.api.ts';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

type ImportError = ProgressImportResult['errors'][number];

/**
 * Bulk progress: export the open problems, fill 本次进度 and 进展说明 in Excel, check the whole
 * workbook (nothing written), then commit. Any error and nothing is recorded.
 */
export function ProgressImportDrawer({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const importProgress = useImportProgress();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ProgressImportResult | null>(null);
  const [committed, setCommitted] = useState<ProgressImportResult | null>(null);
  const [downloading, setDownloading] = useState(false);

  const chooseFile = (f: File) => {
    setPreview(null);
    setCommitted(null);
    importProgress.reset();
    if (f.size > MAX_FILE_BYTES) {
      void message.error('文件超过 20 MB，请拆分后分批导入');
      return;
    }
    setFile(f);
  };

  const run = (dryRun: boolean) => {
    if (!file) return;
    importProgress.mutate(
      { file, dryRun },
      {
        onSuccess: (result) => {
          if (dryRun || result.errors.length > 0) {
            setPreview(result);
          } else {
            setCommitted(result);
            setPreview(null);
            setFile(null);
            void message.success(`已导入 ${result.updated} 个问题的整改进展`);
          }
        },
      },
    );
  };

  const failed = preview !== null && preview.errors.length > 0;
  const ready = preview !== null && preview.errors.length === 0;
  const step = committed ? 4 : ready ? 3 : file ? 2 : 1;

  return (
    <Drawer open title="导入整改进展" size={720} onClose={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        先导出整改清单，在“本次进度(%)”“进展说明”两列填写后导入：先预检，全部无误后再确认导入；任一行有误则全部不导入。
      </Typography.Paragraph>
      <Steps
        size="small"
        current={step}
        status={failed ? 'error' : 'process'}
        style={{ marginBottom: 24 }}
        items={[
          { title: '导出清单' },
          { title: '选择文件' },
          { title: '预检' },
          { title: '确认导入' },
        ]}
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() => {
            setDownloading(true);
            downloadOpenProblems(null)
              .catch((e: unknown) => void message.error(describeError(e)))
              .finally(() => setDownloading(false));
          }}
        >
          导出整改清单
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            chooseFile(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>选择 Excel 文件</Button>
        </Upload>
        {file ? (
          <Typography.Text data-testid="chosen-file">
            <FileExcelOutlined style={{ color: '#52c41a' }} /> {file.name}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">尚未选择文件（.xlsx）</Typography.Text>
        )}
      </Flex>
      <Flex gap={12} style={{ marginBottom: 16 }}>
        <Button
          icon={<SafetyCertificateOutlined />}
          disabled={!file}
          loading={importProgress.isPending && importProgress.variables?.dryRun === true}
          onClick={() => run(true)}
        >
          预检
        </Button>
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          disabled={!ready}
          loading={importProgress.isPending && importProgress.variables?.dryRun === false}
          onClick={() => run(false)}
        >
          确认导入
        </Button>
      </Flex>
      {importProgress.isError ? (
        <Alert
          type="error"
          showIcon
          title="导入失败"
          description={describeError(importProgress.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {preview && failed ? (
        <>
          <Alert
            type="error"
            showIcon
            title={`预检发现 ${preview.errors.length} 处错误，未导入任何进展`}
            description="请按下表（工作表、行号、列名）修改 Excel 后重新选择文件预检。"
            style={{ marginBottom: 12 }}
          />
          <Table<ImportError & { key: number }>
            rowKey="key"
            size="small"
            aria-label="预检错误"
            dataSource={preview.errors.map((e, key) => ({ ...e, key }))}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
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
      ) : null}
      {preview && ready ? (
        <Alert
          type="success"
          showIcon
          data-testid="progress-dry-run"
          title="预检通过，可以确认导入"
          description={`共读取 ${preview.rows} 行，将更新 ${preview.updated} 个问题的整改进展。`}
        />
      ) : null}
      {committed ? (
        <Result
          status="success"
          title="导入完成"
          subTitle={`共读取 ${committed.rows} 行，已更新 ${committed.updated} 个问题的整改进展。`}
          extra={<Button onClick={onClose}>返回问题台账</Button>}
        />
      ) : null}
    </Drawer>
  );
}
