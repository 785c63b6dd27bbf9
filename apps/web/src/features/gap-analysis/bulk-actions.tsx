import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex, Modal, Progress, Result, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { CategoryCode, FindingStatus } from '@zibo/shared';
import { api, describeError, downloadFile } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';

export type GapListFilter = {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  status?: FindingStatus | undefined;
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
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [running, setRunning] = useState(false);
  const [step, setStep] = useState<BulkStep | null>(null);
  const [tally, setTally] = useState({ created: 0, existing: 0 });
  const [error, setError] = useState<string | null>(null);
  const cancelled = useRef(false);
  if (!hasPermission('problems.create')) return null;
  const { status, ...rest } = props.filter;
  const filter = { ...rest, ...(status && status !== 'met' ? { status } : {}) };

  async function run() {
    setRunning(true);
    setError(null);
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
      setError(describeError(e));
    } finally {
      setRunning(false);
    }
  }

  const percent = step && step.total > 0 ? Math.floor((step.processed / step.total) * 100) : 0;
  const finished = step?.done && !running;
  return (
    <>
      <Button
        disabled={props.gaps === 0 || status === 'met'}
        onClick={() => {
          setOpen(true);
          setStep(null);
          setError(null);
        }}
      >
        批量立为问题
      </Button>
      <Modal
        title="按当前筛选批量立为问题"
        open={open}
        onCancel={() => {
          if (running) {
            cancelled.current = true;
            void message.info('已停止，已处理的缺口保留为问题');
          }
          setOpen(false);
        }}
        footer={
          finished ? (
            <Button type="primary" onClick={() => setOpen(false)}>
              完成
            </Button>
          ) : (
            <Flex justify="end" gap={8}>
              <Button onClick={() => setOpen(false)} disabled={running}>
                取消
              </Button>
              <Button type="primary" loading={running} onClick={() => void run()}>
                开始立项
              </Button>
            </Flex>
          )
        }
      >
        {finished ? (
          <Result
            status="success"
            title={`已处理 ${step.total} 项缺口`}
            subTitle={`新立问题 ${tally.created} 个；${tally.existing} 项已有未销号的问题，未重复立项。`}
            extra={<Link to="/problems?source=gap_analysis">查看问题台账</Link>}
          />
        ) : (
          <Flex vertical gap={12}>
            <Typography.Paragraph>
              将当前筛选条件下全部“不足”“缺失”的缺口（共 {props.gaps}{' '}
              项）立为问题，交由属地和主管部门整改。已有未销号问题的缺口不会重复立项。
            </Typography.Paragraph>
            {step || running ? (
              <>
                <Progress percent={percent} status={error ? 'exception' : 'active'} />
                <Typography.Text type="secondary">
                  已处理 {step?.processed ?? 0} / {step?.total ?? props.gaps} 项，新立{' '}
                  {tally.created} 个，已有 {tally.existing} 个
                </Typography.Text>
              </>
            ) : null}
            {error ? (
              <Typography.Text type="danger">
                {error}（可再次开始，从头继续，不会重复立项）
              </Typography.Text>
            ) : null}
          </Flex>
        )}
      </Modal>
    </>
  );
}

/** The gap list of the filter, every page, as .xlsx. */
export function ExportGapsButton(props: { filter: GapListFilter }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      loading={busy}
      onClick={() => {
        setBusy(true);
        downloadFile('/exports/gap-analysis.xlsx', '缺口清单.xlsx', { ...props.filter })
          .then((name) => void message.success(`已导出 ${name}`))
          .catch((e: unknown) => void message.error(describeError(e)))
          .finally(() => setBusy(false));
      }}
    >
      导出 Excel
    </Button>
  );
}
