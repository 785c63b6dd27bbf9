import { Alert, App, Button, Flex, Result, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { DownloadButton } from '../../shared/download-button.tsx';
import { ErrorAlert, PanelDrawer } from '../../shared/kit/index.ts';
import { downloadOpenProblems, useImportProgress } from './problems.api.ts';
import {
  ImportErrorsReport,
  ImportRunButtons,
  ImportSteps,
  WorkbookPicker,
  useWorkbookImport,
} from '../../shared/workbook-import.tsx';

/**
 * Bulk progress: export the open problems, fill 本次进度 and 进展说明 in Excel, check the whole
 * workbook (nothing written), then commit. Any error and nothing is recorded.
 */
export function ProgressImportDrawer({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const importProgress = useImportProgress();
  const imported = useWorkbookImport(importProgress, (result) => {
    void message.success(`已导入 ${result.updated} 个问题的整改进展`);
  });
  const { file, preview, committed, chooseFile, failed, ready, step } = imported;

  return (
    <PanelDrawer title="导入整改进展" size={720} onClose={onClose}>
      <Typography.Paragraph type="secondary">
        先导出整改清单，在“本次进度(%)”“进展说明”两列填写后导入：先预检，全部无误后再确认导入；任一行有误则全部不导入。
      </Typography.Paragraph>
      <ImportSteps first="导出清单" step={step} failed={failed} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <DownloadButton icon={<DownloadOutlined />} download={() => downloadOpenProblems(null)}>
          导出整改清单
        </DownloadButton>
        <WorkbookPicker file={file} onChoose={chooseFile} />
      </Flex>
      <Flex gap={12} style={{ marginBottom: 16 }}>
        <ImportRunButtons state={imported} />
      </Flex>
      {importProgress.isError ? <ErrorAlert title="导入失败" error={importProgress.error} /> : null}
      {preview && failed ? (
        <ImportErrorsReport errors={preview.errors} nothing="未导入任何进展" />
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
    </PanelDrawer>
  );
}
