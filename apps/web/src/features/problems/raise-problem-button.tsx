import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Flex } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { FindingItem } from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';
import { useRaiseFromFindings } from './problems.api.ts';

/** What the button reads of a listed finding, with the problem raised from it (open, else the
 * latest closed one). */
export type RaisableFinding = Pick<
  FindingItem,
  'residentialAreaId' | 'facilityType' | 'ruleId' | 'status' | 'problem'
>;

/**
 * P2 → P5: a short or missing finding becomes a problem someone owns. Idempotent on the server,
 * so a second click (or a colleague's) links to the same open problem.
 */
export function RaiseProblemButton(props: { finding: RaisableFinding }) {
  const { finding } = props;
  const { hasPermission } = useAuth();
  const { message } = App.useApp();
  const raise = useRaiseFromFindings();
  const [raised, setRaised] = useState<number | null>(null);
  const known = finding.problem;
  const openId = raised ?? (known && known.status !== 'closed' ? known.id : null);

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
