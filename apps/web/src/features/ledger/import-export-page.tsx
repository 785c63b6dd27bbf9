import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Card, Descriptions, Flex, Result, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { DownloadButton } from '../../shared/download-button.tsx';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import {
  ImportErrorsReport,
  ImportRunButtons,
  ImportSteps,
  WorkbookPicker,
  useWorkbookImport,
} from '../../shared/workbook-import.tsx';
import { LedgerLockAlert, describeLedgerError, useOwnLedgerLocked } from './ledger-lock-alert.tsx';
import {
  downloadLedgerExport,
  downloadLedgerTemplate,
  useImportLedger,
  type ImportResult,
} from './ledger.api.ts';

/** P3: template download, import checked in full before anything is written, and export. */
export function ImportExportPage() {
  const { hasPermission } = useAuth();
  const user = useCurrentUser();
  const canImport = hasPermission('ledger.write');
  return (
    <>
      <PageHeader
        title="台账导入导出"
        subtitle={
          canImport
            ? '按模板填写 Excel 导入台账：先预检，全部无误后再确认导入；导出的台账修改后可再次导入，更新原记录。'
            : '导出您数据范围内的台账（Excel）。台账由区县、镇街填报导入，本账号只能查看和导出。'
        }
      />
      <LedgerLockAlert regionCode={user.regionCode} />
      <Flex vertical gap={16}>
        {canImport ? <ImportCard /> : null}
        <ExportCard />
      </Flex>
    </>
  );
}

function ImportCard() {
  const user = useCurrentUser();
  const locked = useOwnLedgerLocked(user.regionCode);
  const { message } = App.useApp();
  const importLedger = useImportLedger();
  const imported = useWorkbookImport(importLedger, (result) => {
    void message.success(`导入完成：新增 ${result.created} 条，更新 ${result.updated} 条`);
  });
  const { file, preview, committed, chooseFile, failed, step } = imported;

  return (
    <Card
      title="导入台账"
      extra={<Typography.Text type="secondary">任一单元格有误则全部不导入</Typography.Text>}
    >
      <ImportSteps first="下载模板" step={step} failed={failed} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <DownloadButton icon={<DownloadOutlined />} verb="下载" download={downloadLedgerTemplate}>
          下载导入模板
        </DownloadButton>
        <WorkbookPicker file={file} onChoose={chooseFile} showSize />
        <ImportRunButtons state={imported} locked={locked} />
      </Flex>
      {importLedger.isError ? (
        <Alert
          type="error"
          showIcon
          title="导入失败"
          description={describeLedgerError(importLedger.error)}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {preview ? <PreviewReport result={preview} /> : null}
      {committed ? (
        <Result
          status="success"
          title="导入完成"
          subTitle={`共读取 ${committed.rows} 行，新增 ${committed.created} 条，更新 ${committed.updated} 条，无变化 ${committed.unchanged} 条。`}
          extra={[
            <Link key="areas" to="/ledger/areas">
              查看小区台账
            </Link>,
            <Link key="facilities" to="/ledger/facilities">
              查看设施台账
            </Link>,
          ]}
        />
      ) : null}
    </Card>
  );
}

function PreviewReport({ result }: { result: ImportResult }) {
  if (result.errors.length > 0) {
    return (
      <ImportErrorsReport
        errors={result.errors}
        truncated={result.truncated}
        nothing="未导入任何数据"
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      title="预检通过，可以确认导入"
      description={
        <Descriptions
          size="small"
          column={4}
          items={[
            { key: 'rows', label: '读取行数', children: result.rows },
            {
              key: 'created',
              label: '将新增',
              children: <span data-testid="dry-run-created">{result.created} 条</span>,
            },
            {
              key: 'updated',
              label: '将更新',
              children: <span data-testid="dry-run-updated">{result.updated} 条</span>,
            },
            { key: 'unchanged', label: '无变化', children: `${result.unchanged} 条` },
          ]}
        />
      }
      data-testid="dry-run-summary"
    />
  );
}

function ExportCard() {
  const user = useCurrentUser();
  const [region, setRegion] = useState<string | null>(null);
  return (
    <Card title="导出台账">
      <Typography.Paragraph type="secondary">
        导出您数据范围内的小区和设施（与导入模板格式相同，带系统编号）。
      </Typography.Paragraph>
      <Flex gap={12} align="center" wrap>
        <div style={{ width: 260 }}>
          <RegionTreeSelect
            rootCode={user.regionCode}
            value={region}
            onChange={setRegion}
            placeholder="行政区划（默认全部）"
            allowClear
          />
        </div>
        <DownloadButton
          type="primary"
          icon={<DownloadOutlined />}
          download={() => downloadLedgerExport(region)}
        >
          导出 Excel
        </DownloadButton>
      </Flex>
    </Card>
  );
}
