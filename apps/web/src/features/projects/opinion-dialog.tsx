import {
  App,
  Button,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Typography,
  type RadioChangeEvent,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OPINION_DECISIONS,
  OPINION_DECISION_NAMES,
  PROJECT_GATE_NAMES,
  type OpinionDecision,
  type ProjectGate,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import { listLaterGates } from './project-format.ts';
import { useGiveOpinion, type ProjectDetail, type ProjectGateView } from './projects.api.ts';

type OpinionForm = {
  decision: OpinionDecision;
  comment?: string;
  conditions: { text: string; dueGate: ProjectGate }[];
};

const DECISION_HELP: Record<OpinionDecision, string> = {
  approve: '同意后，本部门意见即告完成；各部门均同意时本关口通过。',
  approve_with_conditions:
    '附加条件将作为后续关口的审查内容：建设单位须在落实时限前答复并提供材料，由本部门确认落实，否则该关口不能提交。',
  reject: '不同意将退回本关口，本轮其他部门不再出具意见；提交人修改后重新提交，开始新一轮审查。',
};

/** P7 joint review: one department's opinion at a gate — approve, approve with conditions, or reject. */
export function OpinionDialog(props: {
  project: ProjectDetail;
  gate: ProjectGateView;
  onClose: () => void;
}) {
  const { project, gate } = props;
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpinionForm>();
  const opine = useGiveOpinion();
  const decision = Form.useWatch('decision', form);
  const later = listLaterGates(project.gates, gate.gate);
  const department = gate.departments.find((d) => d.code === user.departmentCode)?.name;

  const save = async (v: OpinionForm) => {
    const comment = v.comment?.trim() || null;
    const p = await opine.mutateAsync({
      id: project.id,
      gate: gate.gate,
      data: {
        decision: v.decision,
        comment,
        ...(v.decision === 'approve_with_conditions'
          ? { conditions: v.conditions.map((c) => ({ text: c.text.trim(), dueGate: c.dueGate })) }
          : {}),
      },
    });
    const after = p.gates.find((g) => g.gate === gate.gate);
    void message.success(
      after?.status === 'returned'
        ? `已出具意见：${OPINION_DECISION_NAMES[v.decision]}，${gate.name}已退回`
        : after?.status === 'passed'
          ? `已出具意见，各部门均已同意，${gate.name}通过`
          : `已出具意见：${OPINION_DECISION_NAMES[v.decision]}`,
    );
    props.onClose();
  };

  return (
    <FormDialog<OpinionForm>
      width={640}
      title={`出具意见：${gate.name}（第 ${gate.round} 轮）`}
      form={form}
      name="project-opinion"
      okText="提交意见"
      okDanger={decision === 'reject'}
      fields={['comment', 'conditions']}
      initialValues={{ decision: 'approve', conditions: [] }}
      intro={
        <Typography.Paragraph type="secondary">
          {project.name} · {gate.documentName}
          {department ? ` · 以${department}名义出具` : ''}
          {gate.opinionDeadline ? ` · 意见期限 ${gate.opinionDeadline}` : ''}
        </Typography.Paragraph>
      }
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.Item label="审查意见" name="decision" extra={decision ? DECISION_HELP[decision] : null}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={OPINION_DECISIONS.map((d) => ({ value: d, label: OPINION_DECISION_NAMES[d] }))}
          onChange={(e: RadioChangeEvent) => {
            const next = e.target.value as OpinionDecision;
            if (
              next === 'approve_with_conditions' &&
              (form.getFieldValue('conditions') as unknown[]).length === 0
            ) {
              form.setFieldValue('conditions', [{ text: '', dueGate: later[0] }]);
            }
          }}
        />
      </Form.Item>
      {decision === 'approve_with_conditions' ? (
        <Form.List
          name="conditions"
          rules={[
            {
              validator: async (_, rows: unknown[] | undefined) => {
                if (!rows?.length) throw new Error('附条件同意须写明条件');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={4} style={{ marginBottom: 16 }}>
              <Typography.Text strong>附加条件</Typography.Text>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[field.name, 'text']}
                    rules={[
                      { required: true, whitespace: true, message: '请填写条件内容' },
                      { max: 500, message: '不能超过 500 个字' },
                    ]}
                    style={{ flex: 1, marginBottom: 8 }}
                  >
                    <Input.TextArea
                      aria-label={`条件 ${index + 1}`}
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      maxLength={500}
                      placeholder="如：养老服务站须设在首层，独立出入口"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'dueGate']}
                    rules={[{ required: true, message: '请选择落实时限' }]}
                    style={{ width: 200, marginBottom: 8 }}
                  >
                    <Select<ProjectGate>
                      aria-label={`条件 ${index + 1} 落实时限`}
                      popupMatchSelectWidth={false}
                      options={later.map((g) => ({
                        value: g,
                        label: `${PROJECT_GATE_NAMES[g]}前落实`,
                      }))}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={`删除条件 ${index + 1}`}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ text: '', dueGate: later[0] })}
                style={{ alignSelf: 'flex-start' }}
              >
                添加条件
              </Button>
            </Flex>
          )}
        </Form.List>
      ) : null}
      <Form.Item
        label={decision === 'reject' ? '不同意的理由' : '意见说明'}
        name="comment"
        rules={[
          ...(decision === 'reject'
            ? [{ required: true, whitespace: true, message: '不同意须说明理由' }]
            : []),
          { max: 1000, message: '不能超过 1000 个字' },
        ]}
      >
        <Input.TextArea
          rows={4}
          maxLength={1000}
          showCount
          placeholder={
            decision === 'reject'
              ? '说明不符合要求之处和修改要求，提交人将据此修改后重新提交'
              : '可不填'
          }
        />
      </Form.Item>
    </FormDialog>
  );
}
