import { STAGE_NAMES, STAGE_STATUS_NAMES, STAGES, type Stage } from '@zibo/shared';
import { Flex, Tooltip } from 'antd';
import { toneOfStageStatus } from './facility-vocabulary.ts';
import { StatusTag } from './status-tag.tsx';

/** One stage's status as a coloured tag; "未填报" when the ledger has none. */
export function StageStatusTag(props: { status: string | null | undefined; prefix?: string }) {
  const name = props.status ? (STAGE_STATUS_NAMES[props.status] ?? props.status) : '未填报';
  return (
    <StatusTag
      tone={toneOfStageStatus(props.status)}
      label={props.prefix ? `${props.prefix}：${name}` : name}
    />
  );
}

/** The four stages of a facility in order, each with its tag and, on hover, its note. */
export function StageStatusTags(props: {
  stages: Record<Stage, { status: string | null; note: string | null }>;
}) {
  return (
    <Flex gap={4} wrap>
      {STAGES.map((stage) => {
        const entry = props.stages[stage];
        const tag = <StageStatusTag status={entry.status} prefix={STAGE_NAMES[stage]} />;
        return entry.note ? (
          <Tooltip key={stage} title={entry.note}>
            <span>{tag}</span>
          </Tooltip>
        ) : (
          <span key={stage}>{tag}</span>
        );
      })}
    </Flex>
  );
}
