import { Flex, Tooltip, Typography } from 'antd';
import {
  FINDING_REASON_NAMES,
  FINDING_STATUS_NAMES,
  JURISDICTION_NAMES,
  METRIC_INFO,
  type FindingStatus,
} from '@zibo/shared';
import { StatusTag, type StatusTone } from '../../shared/status-tag.tsx';
import { UnverifiedTag } from '../../shared/unverified-tag.tsx';
import type { FindingRecord } from './gap-analysis.api.ts';
import { excludedNote } from './finding-status.ts';

/** The service radius is a straight line between coordinates; the pages say so (直线距离). */
export const STRAIGHT_LINE_NOTE =
  '服务半径按小区与设施坐标之间的直线距离计算（直线距离），未考虑道路、河流等阻隔，实际步行距离可能更长。';

export const FINDING_TONES: Record<FindingStatus, StatusTone> = {
  met: 'success',
  short: 'warning',
  missing: 'error',
};

export function FindingStatusTag({ status }: { status: FindingStatus }) {
  return <StatusTag tone={FINDING_TONES[status]} label={FINDING_STATUS_NAMES[status]} />;
}

/** 1234.5 → "1,234.5"; at most two decimals, as a clerk would write it. */
export function formatAmount(value: number | null, unit: string): string {
  if (value === null) return '—';
  const n = value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return unit ? `${n} ${unit}` : n;
}

/** The required and actual figures, with the straight-line note on a radius. */
export function FindingFigures({ finding }: { finding: FindingRecord }) {
  const radius = finding.metric === 'service_radius';
  const excluded = excludedNote(finding);
  return (
    <Flex vertical gap={2}>
      <span>
        要求：{radius ? '≤ ' : ''}
        {formatAmount(finding.required, finding.unit)}
      </span>
      <span>
        实际：{formatAmount(finding.actual, finding.unit)}
        {radius ? <Typography.Text type="secondary">（直线距离）</Typography.Text> : null}
      </span>
      {finding.populationEstimated ? (
        <Typography.Text type="secondary">人口按户数估算</Typography.Text>
      ) : null}
      {finding.reason ? (
        <Typography.Text type="warning">{FINDING_REASON_NAMES[finding.reason]}</Typography.Text>
      ) : null}
      {excluded ? <Typography.Text type="secondary">{excluded}</Typography.Text> : null}
    </Flex>
  );
}

/** Rule code and version, source and clause, and 待核实 when the rule is not verified. */
export function FindingBasis({ finding }: { finding: FindingRecord }) {
  return (
    <Flex vertical gap={2}>
      <Flex gap={4} align="center" wrap>
        <Tooltip
          title={`${JURISDICTION_NAMES[finding.jurisdiction]}标准，第 ${finding.ruleVersion} 版`}
        >
          <Typography.Text strong>
            {finding.ruleCode} v{finding.ruleVersion}
          </Typography.Text>
        </Tooltip>
        <UnverifiedTag verified={finding.verified} />
      </Flex>
      <Typography.Text type="secondary">
        {[finding.source, finding.clause].filter(Boolean).join(' ')}
      </Typography.Text>
    </Flex>
  );
}

export function nameMetric(finding: FindingRecord): string {
  return METRIC_INFO[finding.metric].name;
}
