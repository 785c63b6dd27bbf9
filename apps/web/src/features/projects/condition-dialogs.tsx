import { useState } from 'react';
import { App, Form, Input, Radio, Typography } from 'antd';
import { PROJECT_GATE_NAMES } from '@zibo/shared';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import {
  useAnswerCondition,
  useDecideCondition,
  type ProjectConditionView,
  type ProjectDetail,
} from './projects.api.ts';

function ConditionSummary({ condition }: { condition: ProjectConditionView }) {
  return (
    <Typography.Paragraph>
      <Typography.Text type="secondary">
        {condition.departmentName}在{PROJECT_GATE_NAMES[condition.gate]}提出，须在
        {PROJECT_GATE_NAMES[condition.dueGate]}前落实：
      </Typography.Text>
      <br />
      {condition.text}
    </Typography.Paragraph>
  );
}

type AnswerForm = { answer: string; attachments: UploadedAttachment[] };
type DecisionForm = { accept: boolean; comment?: string };

/** The developer (or natural resources, for its own documents) answers a condition with documents. */
export function ConditionAnswerDialog(props: {
  project: ProjectDetail;
  condition: ProjectConditionView;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AnswerForm>();
  const answer = useAnswerCondition();
  const [uploading, setUploading] = useState(false);

  const save = async (v: AnswerForm) => {
    await answer.mutateAsync({
      id: props.project.id,
      conditionId: props.condition.id,
      data: { answer: v.answer.trim(), attachmentIds: (v.attachments ?? []).map((a) => a.id) },
    });
    void message.success(`已答复，待${props.condition.departmentName}确认落实`);
    props.onClose();
  };

  return (
    <FormDialog<AnswerForm>
      title="答复附加条件"
      form={form}
      name="condition-answer"
      okText="提交答复"
      okDisabled={uploading}
      fields={['answer', 'attachmentIds']}
      initialValues={{ attachments: [] }}
      intro={<ConditionSummary condition={props.condition} />}
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.Item
        label="落实情况"
        name="answer"
        rules={[
          { required: true, whitespace: true, message: '请说明落实情况' },
          { max: 1000, message: '不能超过 1000 个字' },
        ]}
      >
        <Input.TextArea rows={4} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item label="佐证材料" name="attachments" extra={ATTACHMENT_HINTS.document}>
        <AttachmentUpload kind="document" onBusyChange={setUploading} />
      </Form.Item>
    </FormDialog>
  );
}

/** The department that set a condition says whether the answer meets it. */
export function ConditionDecisionDialog(props: {
  project: ProjectDetail;
  condition: ProjectConditionView;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionForm>();
  const decide = useDecideCondition();
  const accept = Form.useWatch('accept', form);

  const save = async (v: DecisionForm) => {
    await decide.mutateAsync({
      id: props.project.id,
      conditionId: props.condition.id,
      data: { accept: v.accept, comment: v.comment?.trim() || null },
    });
    void message.success(v.accept ? '已确认条件落实' : '已退回，待重新答复');
    props.onClose();
  };

  return (
    <FormDialog<DecisionForm>
      title="确认附加条件落实情况"
      form={form}
      name="condition-decision"
      okText="确定"
      fields={['comment']}
      initialValues={{ accept: true }}
      intro={
        <>
          <ConditionSummary condition={props.condition} />
          <Typography.Paragraph>
            <Typography.Text type="secondary">答复：</Typography.Text>
            {props.condition.answer ?? '—'}
          </Typography.Paragraph>
        </>
      }
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.Item name="accept" label="结论">
        <Radio.Group
          options={[
            { value: true, label: '已落实' },
            { value: false, label: '未落实，退回补充' },
          ]}
        />
      </Form.Item>
      <Form.Item
        label={accept === false ? '未落实的理由' : '意见'}
        name="comment"
        rules={[
          ...(accept === false
            ? [{ required: true, whitespace: true, message: '条件未落实须说明理由' }]
            : []),
          { max: 500, message: '不能超过 500 个字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount />
      </Form.Item>
    </FormDialog>
  );
}
