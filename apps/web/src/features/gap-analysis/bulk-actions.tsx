import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex, Form, Progress, Result, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { CategoryCode, FindingStatusFilter } from '@zibo/shared';
import { api, describeError, downloadFile } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import { DownloadButton } from '../../shared/download-button.tsx';

export type GapListFilter = {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  status?: FindingStatusFilter | undefined;
  verifiedOnly?: boolean | undefined;
};

type BulkStep = {
  total: number;
  processed: number;
  created: number;
  existing: number;
  done: boolean;
};

/**
 * P2 → P5 in bulk: every short or missing finding of the filter becomes a problem. The server
 * works in chunks; the dialog asks for one after another and shows the progress, then what was
 * created and what already had an open problem. Running it again creates nothing new.
 */
export function BulkRaiseButton(props: { filter: GapListFilter; gaps: number }) {
  const { hasPermission } = useAuth();
  const [open, setOpen] = useState(false);
  if (!hasPermission('problems.create')) return null;
  const { status } = props.filter;
  return (
    <>
      <Button disabled={props.gaps === 0 || status === 'met'} onClick={() => setOpen(true)}>
        批量立为问题
      </Button>
      {open ? (
        <BulkRaiseDialog filter={props.filter} gaps={props.gaps} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

function BulkRaiseDialog(props: { filter: GapListFilter; gaps: number; onClose: () => void }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, never>>();
  const [running, setRunning] = useState(false);
  const [failed, setFailed] = useState(false);
  const [step, setStep] = useState<BulkStep | null>(null);
  const [tally, setTally] = useState({ created: 0, existing: 0 });
  const cancelled = useRef(false);
  const { status, ...rest } = props.filter;
  const filter = { ...rest, ...(status && status !== 'met' ? { status } : {}) };

  async function run() {
    setRunning(true);
    setFailed(false);
    setStep(null);
    setTally({ created: 0, existing: 0 });
    cancelled.current = false;
    let offset = 0;
    let created = 0;
    let existing = 0;
    try {
      for (;;) {
        const next = await api.post<BulkStep>('/gap-analysis/problems/bulk', { filter, offset });
        created += next.created;
        existing += next.existing;
        setTally({ created, existing });
        setStep(next);
        offset = next.processed;
        if (next.done || cancelled.current) break;
      }
      void queryClient.invalidateQueries({ queryKey: ['problems'] });
    } catch (e) {
      setFailed(true);
      throw e;
    } finally {
      setRunning(false);
    }
  }

  const percent = step && step.total > 0 ? Math.floor((step.processed / step.total) * 100) : 0;
  const finished = step?.done && !running;
  return (
    <FormDialog<Record<string, never>>
      title="按当前筛选批量立为问题"
      form={form}
      name="bulk-raise"
      okText="开始立项"
      describe={(e) => `${describeError(e)}（可再次开始，从头继续，不会重复立项）`}
      intro={
        <Flex vertical gap={12} style={{ marginBottom: 12 }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            将当前筛选条件下全部“不足”“缺失”的缺口（共 {props.gaps}{' '}
            项）立为问题，交由属地和主管部门整改。已有未销号问题的缺口不会重复立项。
          </Typography.Paragraph>
          {step || running ? (
            <>
              <Progress percent={percent} status={failed ? 'exception' : 'active'} />
              <Typography.Text type="secondary">
                已处理 {step?.processed ?? 0} / {step?.total ?? props.gaps} 项，新立 {tally.created}{' '}
                个，已有 {tally.existing} 个
              </Typography.Text>
            </>
          ) : null}
        </Flex>
      }
      result={
        finished ? (
          <Result
            status="success"
            title={`已处理 ${step.total} 项缺口`}
            subTitle={`新立问题 ${tally.created} 个；${tally.existing} 项已有未销号的问题，未重复立项。`}
            extra={<Link to="/problems?source=gap_analysis">查看问题台账</Link>}
          />
        ) : null
      }
      onSubmit={run}
      onClose={() => {
        if (running) {
          cancelled.current = true;
          void message.info('已停止，已处理的缺口保留为问题');
        }
        props.onClose();
      }}
    >
      {null}
    </FormDialog>
  );
}

/** The gap list of the filter, every page, as .xlsx. */
export function ExportGapsButton(props: { filter: GapListFilter }) {
  return (
    <DownloadButton
      download={() =>
        downloadFile('/exports/gap-analysis.xlsx', '缺口清单.xlsx', { ...props.filter })
      }
    >
      导出 Excel
    </DownloadButton>
  );
}
