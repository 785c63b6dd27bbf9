import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { App, Button } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { FacilityTypeCode, FindingStatus } from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';
import { useProblems, useRaiseFromFindings } from './problems.api.ts';

export type RaisableFinding = {
  residentialAreaId: number;
  facilityType: FacilityTypeCode;
  ruleId: string;
  status: FindingStatus;
};

/** The key of a finding's problem: one open problem per area × facility type × rule. */
function keyOf(f: { facilityType: string; ruleId: string | null }): string {
  return `${f.facilityType}:${f.ruleId ?? ''}`;
}

/**
 * The open problems already raised from one area's findings, by finding, so its page links to
 * them instead of offering 立为问题 again.
 */
export function useAreaFindingProblems(residentialAreaId: number): ReadonlyMap<string, number> {
  const { hasPermission } = useAuth();
  const problems = useProblems(
    { residentialAreaId, source: 'gap_analysis', page: 1, pageSize: 500 },
    hasPermission('problems.read'),
  );
  return useMemo(() => {
    const out = new Map<string, number>();
    for (const p of problems.data?.items ?? []) {
      if (p.status !== 'closed' && p.ruleId) out.set(keyOf(p), p.id);
    }
    return out;
  }, [problems.data]);
}

/**
 * P2 → P5: a short or missing finding becomes a problem someone owns. Idempotent on the server,
 * so a second click (or a colleague's) links to the same open problem.
 */
export function RaiseProblemButton(props: {
  finding: RaisableFinding;
  existing?: ReadonlyMap<string, number>;
}) {
  const { finding } = props;
  const { hasPermission } = useAuth();
  const { message } = App.useApp();
  const raise = useRaiseFromFindings();
  const [raised, setRaised] = useState<number | null>(null);
  const problemId = raised ?? props.existing?.get(keyOf(finding)) ?? null;

  if (problemId !== null) {
    return <Link to={`/problems/${problemId}`}>问题 #{problemId}</Link>;
  }
  if (finding.status === 'met' || !hasPermission('problems.create')) return null;
  return (
    <Button
      size="small"
      icon={<ExclamationCircleOutlined />}
      loading={raise.isPending}
      onClick={() =>
        raise.mutate(
          [
            {
              residentialAreaId: finding.residentialAreaId,
              facilityType: finding.facilityType,
              ruleId: finding.ruleId,
            },
          ],
          {
            onSuccess: (r) => {
              const item = r.items[0];
              if (!item) return;
              setRaised(item.problemId);
              void message.success(
                item.created
                  ? `已立为问题 #${item.problemId}`
                  : `该缺口已有未销号的问题 #${item.problemId}`,
              );
            },
            onError: (e) => void message.error(describeError(e)),
          },
        )
      }
    >
      立为问题
    </Button>
  );
}
