import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex } from 'antd';
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

/** The problem raised from a finding: its id, and whether it has been closed (销号). */
export type FindingProblem = { id: number; closed: boolean };

/**
 * The problems already raised from one area's findings, by finding: the open one where there
 * is one, else the latest closed one. The area's page links to an open problem instead of
 * offering 立为问题 again, and shows a closed one beside the button when the gap is still found.
 */
export function useAreaFindingProblems(
  residentialAreaId: number,
): ReadonlyMap<string, FindingProblem> {
  const { hasPermission } = useAuth();
  const problems = useProblems(
    { residentialAreaId, source: 'gap_analysis', page: 1, pageSize: 500 },
    hasPermission('problems.read'),
  );
  return useMemo(() => {
    const out = new Map<string, FindingProblem>();
    for (const p of problems.data?.items ?? []) {
      if (!p.ruleId) continue;
      const closed = p.status === 'closed';
      const known = out.get(keyOf(p));
      // Open beats closed; among closed ones the latest (ids grow) is the one to show.
      if (!known || (known.closed && (!closed || p.id > known.id)))
        out.set(keyOf(p), { id: p.id, closed });
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
  existing?: ReadonlyMap<string, FindingProblem>;
}) {
  const { finding } = props;
  const { hasPermission } = useAuth();
  const { message } = App.useApp();
  const raise = useRaiseFromFindings();
  const [raised, setRaised] = useState<number | null>(null);
  const known = props.existing?.get(keyOf(finding)) ?? null;
  const openId = raised ?? (known && !known.closed ? known.id : null);

  if (openId !== null) {
    return <Link to={`/problems/${openId}`}>问题 #{openId}</Link>;
  }
  // A closed problem whose gap the analysis still finds: its record, and the way to raise anew.
  const closed = known ? (
    <Link to={`/problems/${known.id}`} style={{ whiteSpace: 'nowrap' }}>
      问题 #{known.id} 已销号
    </Link>
  ) : null;
  if (finding.status === 'met' || !hasPermission('problems.create')) return closed;
  const button = (
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
  return closed ? (
    <Flex vertical gap={4} align="flex-start">
      {closed}
      {button}
    </Flex>
  ) : (
    button
  );
}
