import { Flex, Table, Tag, Tooltip, Typography } from 'antd';
import {
  CONDITION_STATUS_NAMES,
  CONSTRUCTION_METHOD_NAMES,
  OPINION_DECISION_NAMES,
  PROJECT_GATE_NAMES,
  PROJECT_OWNERSHIP_NAMES,
  type ConditionStatus,
  type GateStatus,
  type OpinionDecision,
  type ProjectGate,
  type ProjectRequiredFacility,
} from '@zibo/shared';
import { StatusTag, type StatusTone } from '../../shared/status-tag.tsx';
import { UnverifiedTag } from '../../shared/unverified-tag.tsx';
import {
  GATE_STATUS_TONES,
  OPINION_TONES,
  describeRequirement,
  nameFacility,
  nameGateStatus,
} from './project-format.ts';

export function GateStatusTag(props: { gate: ProjectGate; status: GateStatus }) {
  return (
    <StatusTag
      tone={GATE_STATUS_TONES[props.status]}
      label={nameGateStatus(props.gate, props.status)}
    />
  );
}

/** Where a project stands: its current gate and that gate's status, e.g. "规划联合审查 · 已退回". */
export function CurrentGateTag(props: { gate: ProjectGate; status: GateStatus }) {
  return (
    <StatusTag
      tone={GATE_STATUS_TONES[props.status]}
      label={`${PROJECT_GATE_NAMES[props.gate]} · ${nameGateStatus(props.gate, props.status)}`}
    />
  );
}

export function OpinionTag({ decision }: { decision: OpinionDecision }) {
  return <StatusTag tone={OPINION_TONES[decision]} label={OPINION_DECISION_NAMES[decision]} />;
}

const CONDITION_TONES: Record<ConditionStatus, StatusTone> = {
  open: 'warning',
  answered: 'processing',
  resolved: 'success',
  withdrawn: 'default',
};

export function ConditionStatusTag({ status }: { status: ConditionStatus }) {
  return <StatusTag tone={CONDITION_TONES[status]} label={CONDITION_STATUS_NAMES[status]} />;
}

/** The rule codes a requirement comes from, each marked 待核实 while unverified (P3). */
function RuleCodes({ rules }: { rules: ProjectRequiredFacility['rules'] }) {
  if (rules.length === 0) return <Typography.Text type="secondary">人工设定</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {rules.map((r) => (
        <Tooltip key={r.ruleId} title={[r.source, r.clause].filter(Boolean).join(' ')}>
          <Flex gap={2} align="center">
            <Tag style={{ marginInlineEnd: 0 }}>
              {r.ruleCode} v{r.ruleVersion}
            </Tag>
            <UnverifiedTag verified={r.verified} />
          </Flex>
        </Tooltip>
      ))}
    </Flex>
  );
}

/**
 * P7: what the project must build — each facility's amounts, construction method, ownership,
 * handover recipient and requirement — with the rules it is derived from.
 */
export function RequiredFacilitiesTable(props: {
  facilities: readonly ProjectRequiredFacility[];
  label?: string;
}) {
  return (
    <Table<ProjectRequiredFacility>
      rowKey="facilityType"
      size="small"
      pagination={false}
      dataSource={[...props.facilities]}
      aria-label={props.label ?? '应配建设施'}
      locale={{ emptyText: '按现行配建标准，本项目无须配建配套设施' }}
      scroll={{ x: 1000 }}
      columns={[
        {
          title: '设施',
          key: 'type',
          width: 150,
          fixed: 'left',
          render: (_, r) => (
            <Flex vertical gap={2}>
              <Typography.Text strong>{nameFacility(r.facilityType)}</Typography.Text>
              {r.adjusted ? <Tag color="purple">已调整</Tag> : null}
            </Flex>
          ),
        },
        {
          title: '配建要求',
          key: 'amounts',
          width: 230,
          render: (_, r) => describeRequirement(r),
        },
        {
          title: '建设方式',
          key: 'method',
          width: 90,
          render: (_, r) => CONSTRUCTION_METHOD_NAMES[r.constructionMethod],
        },
        {
          title: '产权归属',
          key: 'ownership',
          width: 110,
          render: (_, r) => PROJECT_OWNERSHIP_NAMES[r.ownership],
        },
        {
          title: '移交对象 / 移交要求',
          key: 'handover',
          render: (_, r) => (
            <Flex vertical gap={2}>
              <span>{r.handoverToName}</span>
              <Typography.Text type="secondary">{r.handoverRequirement}</Typography.Text>
            </Flex>
          ),
        },
        {
          title: '依据（规则）',
          key: 'rules',
          width: 210,
          render: (_, r) => <RuleCodes rules={r.rules} />,
        },
      ]}
    />
  );
}
