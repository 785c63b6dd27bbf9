import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { PROJECT_GATE_NAMES } from '@zibo/shared';
import { describeError } from '../../api/client.ts';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import { applyFieldErrors } from '../../shared/form-errors.ts';
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

/** The developer (or natural resources, for its own documents) answers a condition with documents. */
export function ConditionAnswerDialog(props: {
  project: ProjectDetail;
  condition: ProjectConditionView;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer: string; attachments: UploadedAttachment[] }>();
  const answer = useAnswerCondition();
  const [uploading, setUploading] = useState(false);

  const save = async () => {
    const v = await form.validateFields();
    answer.mutate(
      {
        id: props.project.id,
        conditionId: props.condition.id,
        data: { answer: v.answer.trim(), attachmentIds: (v.attachments ?? []).map((a) => a.id) },
      },
      {
        onSuccess: () => {
          void message.success(`已答复，待${props.condition.departmentName}确认落实`);
          props.onClose();
        },
        onError: (e) => void applyFieldErrors(form, e, ['answer', 'attachmentIds']),
      },
    );
  };

  return (
    <Modal
      open
      title="答复附加条件"
      okText="提交答复"
      cancelText="取消"
      confirmLoading={answer.isPending}
      okButtonProps={{ disabled: uploading }}
      onOk={() => void save().catch(() => undefined)}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ConditionSummary condition={props.condition} />
      {answer.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(answer.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        name="condition-answer"
        initialValues={{ attachments: [] }}
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
      </Form>
    </Modal>
  );
}

/** The department that set a condition says whether the answer meets it. */
export function ConditionDecisionDialog(props: {
  project: ProjectDetail;
  condition: ProjectConditionView;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ accept: boolean; comment?: string }>();
  const decide = useDecideCondition();
  const accept = Form.useWatch('accept', form);

  const save = async () => {
    const v = await form.validateFields();
    decide.mutate(
      {
        id: props.project.id,
        conditionId: props.condition.id,
        data: { accept: v.accept, comment: v.comment?.trim() || null },
      },
      {
        onSuccess: () => {
          void message.success(v.accept ? '已确认条件落实' : '已退回，待重新答复');
          props.onClose();
        },
        onError: (e) => void applyFieldErrors(form, e, ['comment']),
      },
    );
  };

  return (
    <Modal
      open
      title="确认附加条件落实情况"
      okText="确定"
      cancelText="取消"
      confirmLoading={decide.isPending}
      onOk={() => void save().catch(() => undefined)}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <ConditionSummary condition={props.condition} />
      <Typography.Paragraph>
        <Typography.Text type="secondary">答复：</Typography.Text>
        {props.condition.answer ?? '—'}
      </Typography.Paragraph>
      {decide.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(decide.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        name="condition-decision"
        initialValues={{ accept: true }}
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
      </Form>
    </Modal>
  );
}
