import { useState } from 'react';
import { App, Button, DatePicker, Flex, Form, Input, Select, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import { useSubmitPlan, type ProblemDetail } from './problems.api.ts';
import { FormDrawer } from '../../shared/kit/index.ts';

type PlanForm = {
  measures: string;
  leadUnit: string;
  responsibleUnits: string[];
  deadline: Dayjs | null;
  milestones: { name: string; date: Dayjs | null }[];
  oneCaseOnePlan: boolean;
  documents: UploadedAttachment[];
};

const FIELDS = [
  'measures',
  'leadUnit',
  'responsibleUnits',
  'deadline',
  'oneCaseOnePlan',
  'documentIds',
];

function toInitialValues(problem: ProblemDetail): PlanForm {
  // A revision starts from the latest plan, so only what changes needs typing.
  const latest = problem.plans[0];
  if (!latest) {
    return {
      measures: '',
      leadUnit: '',
      responsibleUnits: [],
      deadline: null,
      milestones: [],
      oneCaseOnePlan: false,
      documents: [],
    };
  }
  return {
    measures: latest.measures,
    leadUnit: latest.leadUnit,
    responsibleUnits: latest.responsibleUnits,
    deadline: dayjs(latest.deadline),
    milestones: latest.milestones.map((m) => ({ name: m.name, date: dayjs(m.date) })),
    oneCaseOnePlan: latest.oneCaseOnePlan,
    documents: latest.documents,
  };
}

/** P4 整治方案: measures, lead unit, responsible units, deadline, milestones; 一事一案 with its document. */
export function PlanFormDrawer(props: { problem: ProblemDetail; onClose: () => void }) {
  const { problem, onClose } = props;
  const revising = problem.plans.length > 0;
  const [form] = Form.useForm<PlanForm>();
  const submitPlan = useSubmitPlan();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const oneCaseOnePlan = Form.useWatch('oneCaseOnePlan', form) ?? false;

  const submit = async (v: PlanForm) => {
    await submitPlan.mutateAsync({
      id: problem.id,
      plan: {
        measures: v.measures.trim(),
        leadUnit: v.leadUnit.trim(),
        responsibleUnits: v.responsibleUnits.map((u) => u.trim()).filter(Boolean),
        deadline: (v.deadline ?? dayjs()).format('YYYY-MM-DD'),
        oneCaseOnePlan: v.oneCaseOnePlan,
        milestones: (v.milestones ?? [])
          .filter((m) => m.name?.trim() && m.date)
          .map((m) => ({ name: m.name.trim(), date: (m.date ?? dayjs()).format('YYYY-MM-DD') })),
        documentIds: (v.documents ?? []).map((d) => d.id),
      },
    });
    void message.success(
      revising ? '修订方案已报送，待主管部门审批' : '整治方案已报送，待主管部门审批',
    );
    onClose();
  };

  return (
    <FormDrawer<PlanForm>
      title={revising ? `修订整治方案（第 ${problem.plans.length + 1} 版）` : '报送整治方案'}
      form={form}
      size={640}
      okText="报送"
      okDisabled={uploading}
      name="plan-form"
      initialValues={toInitialValues(problem)}
      fields={FIELDS}
      intro={
        <>
          <Typography.Paragraph type="secondary">
            方案报该类设施主管部门审批；重点难点问题的“一事一案”方案还须领导小组办公室审批。
          </Typography.Paragraph>
        </>
      }
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        label="整治措施"
        name="measures"
        rules={[
          { required: true, whitespace: true, message: '请填写整治措施' },
          { max: 2000, message: '不能超过 2000 个字' },
        ]}
      >
        <Input.TextArea
          rows={5}
          maxLength={2000}
          showCount
          placeholder="如：利用社区闲置用房改建幼儿园，增设学位 180 个"
        />
      </Form.Item>
      <Form.Item
        label="牵头单位"
        name="leadUnit"
        rules={[
          { required: true, whitespace: true, message: '请填写牵头单位' },
          { max: 100, message: '不能超过 100 个字' },
        ]}
      >
        <Input maxLength={100} placeholder="如：淄川区教育和体育局" />
      </Form.Item>
      <Form.Item
        label="责任单位"
        name="responsibleUnits"
        extra="输入单位名称后按回车，可填写多个；也可用顿号、逗号分隔"
        rules={[
          { required: true, type: 'array', min: 1, message: '请至少填写一个责任单位' },
          { type: 'array', max: 20, message: '最多 20 个责任单位' },
        ]}
      >
        <Select
          mode="tags"
          // No list to pick from: Enter or a separator turns the typed name into a tag.
          open={false}
          aria-label="责任单位"
          tokenSeparators={[',', '，', '、']}
          notFoundContent={null}
          suffixIcon={null}
          placeholder="如：般阳路街道办事处"
        />
      </Form.Item>
      <Form.Item
        label="完成时限"
        name="deadline"
        rules={[{ required: true, message: '请选择完成时限' }]}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
      <Form.Item label="节点安排" extra="可选：主要工作节点和计划完成日期">
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[field.name, 'name']}
                    style={{ flex: 1, marginBottom: 0 }}
                    rules={[
                      { required: true, whitespace: true, message: '请填写节点名称' },
                      { max: 100, message: '不能超过 100 个字' },
                    ]}
                  >
                    <Input placeholder="节点，如：完成选址" aria-label="节点名称" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'date']}
                    style={{ marginBottom: 0 }}
                    rules={[{ required: true, message: '请选择日期' }]}
                  >
                    <DatePicker aria-label="节点日期" />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label="删除节点"
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', date: null })}
                disabled={fields.length >= 20}
              >
                添加节点
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        label="一事一案"
        name="oneCaseOnePlan"
        valuePropName="checked"
        extra="特殊情况单独制定专门方案，须上传方案文件"
      >
        <Switch checkedChildren="是" unCheckedChildren="否" />
      </Form.Item>
      <Form.Item
        label="方案文件"
        name="documents"
        extra={ATTACHMENT_HINTS.document}
        rules={[
          {
            validator: async (_: unknown, docs: UploadedAttachment[] | undefined) => {
              if (oneCaseOnePlan && !docs?.length) throw new Error('“一事一案”须上传方案文件');
            },
          },
        ]}
      >
        <AttachmentUpload kind="document" onBusyChange={setUploading} label="上传方案文件" />
      </Form.Item>
    </FormDrawer>
  );
}
