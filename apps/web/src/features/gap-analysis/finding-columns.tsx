import { Flex, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { nameFacilityType } from '../../shared/facility-vocabulary.ts';
import { useAuth } from '../../shared/session.tsx';
import { RaiseProblemButton } from '../problems/raise-problem-button.tsx';
import { FindingBasis, FindingFigures, FindingStatusTag, nameMetric } from './finding-format.tsx';
import type { FindingRecord } from './gap-analysis.api.ts';

/**
 * The columns a finding is read in, on the 缺口分析 list and on an area's page alike: 设施类型
 * with the metric, 结果, 要求 / 实际, 依据, and 问题整改 — the problem raised from the finding,
 * or the button to raise it — for whoever reads or raises problems. (The list once showed
 * 问题整改 only to those who raise, so a leader saw on an area's page which gaps were already
 * problems but not on the list.) Widths are the page's.
 */
export function useFindingColumns(widths: {
  type: number;
  figures: number;
  problem: number;
}): ColumnsType<FindingRecord> {
  const { hasPermission } = useAuth();
  const showProblems = hasPermission('problems.create') || hasPermission('problems.read');
  return [
    {
      title: '设施类型',
      key: 'type',
      width: widths.type,
      render: (_, f) => (
        <Flex vertical>
          {nameFacilityType(f.facilityType)}
          <Typography.Text type="secondary">{nameMetric(f)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: '结果',
      key: 'status',
      width: 80,
      render: (_, f) => <FindingStatusTag status={f.status} />,
    },
    {
      title: '要求 / 实际',
      key: 'figures',
      width: widths.figures,
      render: (_, f) => <FindingFigures finding={f} />,
    },
    {
      title: '依据（规则、出处、条款）',
      key: 'basis',
      render: (_, f) => <FindingBasis finding={f} />,
    },
    ...(showProblems
      ? [
          {
            title: '问题整改',
            key: 'problem',
            width: widths.problem,
            render: (_: unknown, f: FindingRecord) => <RaiseProblemButton finding={f} />,
          },
        ]
      : []),
  ];
}
