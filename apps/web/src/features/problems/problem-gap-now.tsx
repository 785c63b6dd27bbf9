import { Alert } from 'antd';
import { useAuth } from '../../shared/session.tsx';
import { useGapArea } from '../gap-analysis/gap-analysis.api.ts';
import { gapNowNotice } from './problem-format.ts';
import type { ProblemDetail } from './problems.api.ts';

/**
 * On a closure request or decision: the problem's area and facility type as the gap analysis
 * finds them on the ledger now (gapNowNotice). Nothing for a problem without an area, for a
 * user who may not read the analysis, or while it loads.
 */
export function ProblemGapNow({ problem }: { problem: ProblemDetail }) {
  const { hasPermission } = useAuth();
  const allowed = hasPermission('gap.read') && problem.residentialAreaId !== null;
  const area = useGapArea(allowed ? (problem.residentialAreaId ?? 0) : 0);
  if (!allowed || !area.data) return null;
  const notice = gapNowNotice(area.data.findings, problem);
  if (!notice) return null;
  return (
    <Alert
      type={notice.tone}
      showIcon
      message={notice.text}
      style={{ marginTop: 8 }}
      data-testid="problem-gap-now"
    />
  );
}
