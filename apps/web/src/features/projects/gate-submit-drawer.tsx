import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Collapse,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CONSTRUCTION_METHODS,
  CONSTRUCTION_METHOD_NAMES,
  FACILITY_TYPES,
  OWNERSHIPS,
  PROJECT_OWNERSHIP_NAMES,
  type FacilityTypeCode,
  type GateFacility,
  type GateIssue,
  type ProjectGate,
} from '@zibo/shared';
import { ApiError } from '../../api/client.ts';
import { useDepartments } from '../../api/reference.ts';
import { toFieldName } from '../../shared/form-errors.ts';
import { FormDrawer } from '../../shared/kit/index.ts';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import {
  draftFromRequirement,
  nameFacility,
  readGateIssues,
  startDocument,
  type FacilityDraft,
} from './project-format.ts';
import { RequiredFacilitiesTable } from './project-tags.tsx';
import { useSubmitGate, type ProjectDetail, type ProjectGateView } from './projects.api.ts';
import { useCityCode } from '../../shared/session.tsx';

type SubmitForm = {
  facilities: FacilityDraft[];
  attachments: UploadedAttachment[];
  note?: string;
};

/** The marks a gate's document states beside each facility (P9 as built, P10 handed over). */
const MARKS: Partial<Record<ProjectGate, { key: keyof GateFacility; label: string }[]>> = {
  completion_review: [
    { key: 'built', label: '已建成' },
    { key: 'accepted', label: '已验收' },
  ],
  handover_registration: [
    { key: 'handedOver', label: '已移交' },
    { key: 'registered', label: '已登记' },
  ],
};

function toFacility(d: FacilityDraft, gate: ProjectGate): GateFacility {
  const out: GateFacility = {
    facilityType: d.facilityType,
    floorArea: d.floorArea ?? 0,
    siteArea: d.siteArea ?? null,
    constructionMethod: d.constructionMethod,
    ownership: d.ownership,
    handoverTo: d.handoverTo,
    handoverRequirement: d.handoverRequirement.trim(),
  };
  const name = d.name?.trim();
  if (name) out.name = name;
  if (gate === 'completion_review') {
    out.built = d.built === true;
    out.accepted = d.accepted === true;
  }
  if (gate === 'handover_registration') {
    out.handedOver = d.handedOver === true;
    out.registered = d.registered === true;
    const cert = d.certificateNo?.trim();
    if (cert) out.certificateNo = cert;
  }
  return out;
}

/** RULE_VIOLATION: each facility the document check refused, by name, with its reason. */
function GateIssuesAlert(props: {
  issues: GateIssue[];
  onAdd: (type: FacilityTypeCode) => void;
  canAdd: (type: FacilityTypeCode) => boolean;
}) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="gate-issues"
      title={`提交未通过配建核对（${props.issues.length} 项问题），请修改后重新提交`}
      description={
        <ul className="project-gate-issues">
          {props.issues.map((i, n) => (
            <li key={n}>
              <Flex gap={8} align="center" wrap>
                {i.facilityType ? (
                  <Tag color="error" style={{ marginInlineEnd: 0 }}>
                    {nameFacility(i.facilityType)}
                  </Tag>
                ) : (
                  <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                    附加条件
                  </Tag>
                )}
                <span>{i.message}</span>
                {i.code === 'missing' && i.facilityType && props.canAdd(i.facilityType) ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => props.onAdd(i.facilityType!)}
                    style={{ padding: 0 }}
                  >
                    按配建要求添加
                  </Button>
                ) : null}
              </Flex>
            </li>
          ))}
        </ul>
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/**
 * Submits a gate's document: the facilities it states, checked by the server against the
 * required facilities and the earlier documents. Starts from the last document (or the
 * requirements) so the submitter edits rather than retypes.
 */
export function GateSubmitDrawer(props: {
  project: ProjectDetail;
  gate: ProjectGateView;
  onClose: () => void;
}) {
  const { project, gate } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<SubmitForm>();
  const submit = useSubmitGate();
  const [uploading, setUploading] = useState(false);
  const departments = useDepartments(useCityCode());
  const initial = useMemo(() => startDocument(project, gate.gate), [project, gate.gate]);
  const marks = MARKS[gate.gate] ?? [];
  const required = project.requiredFacilities;

  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.name }));
  const typeOptions = FACILITY_TYPES.map((t) => ({
    value: t.code,
    label: required.some((r) => r.facilityType === t.code) ? t.name : `${t.name}（非配建要求）`,
  }));

  const addFromRequirement = (type: FacilityTypeCode) => {
    const r = required.find((x) => x.facilityType === type);
    if (!r) return;
    const rows = form.getFieldValue('facilities') as FacilityDraft[];
    form.setFieldValue('facilities', [...rows, ...draftFromRequirement(r)]);
  };

  /** Choosing a required type fills the row with what the project must build. */
  const fillRow = (index: number, type: FacilityTypeCode) => {
    const r = required.find((x) => x.facilityType === type);
    const row = (form.getFieldValue(['facilities', index]) ?? {}) as Partial<FacilityDraft>;
    const draft = r ? draftFromRequirement({ ...r, sites: 1 })[0] : null;
    form.setFieldValue(['facilities', index], {
      ...row,
      facilityType: type,
      ...(draft ?? {}),
    });
  };

  const save = async (v: SubmitForm) => {
    let p: ProjectDetail;
    try {
      p = await submit.mutateAsync({
        id: project.id,
        gate: gate.gate,
        data: {
          facilities: v.facilities.map((f) => toFacility(f, gate.gate)),
          attachmentIds: (v.attachments ?? []).map((a) => a.id),
          note: v.note?.trim() || null,
        },
      });
    } catch (e) {
      // Field-level reasons (an ownership that differs, a missing area) sit beside the field.
      const paths =
        e instanceof ApiError
          ? [...e.fieldErrors, ...readGateIssues(e)].filter(
              // The completion and handover marks are listed in the alert: their column is narrow.
              (f) =>
                /^facilities\.\d+\.\w+$/.test(f.path) &&
                !marks.some((m) => f.path.endsWith(`.${m.key}`)),
            )
          : [];
      form.setFields(
        paths.map((f) => ({ name: toFieldName(f.path) as never, errors: [f.message] })),
      );
      throw e;
    }
    const after = p.gates.find((g) => g.gate === gate.gate);
    void message.success(
      after?.status === 'passed'
        ? `${gate.documentName}已提交，${gate.name}通过`
        : `${gate.documentName}已提交，${gate.name}进入审查，待各部门出具意见`,
    );
    props.onClose();
  };

  return (
    <FormDrawer<SubmitForm>
      title={`提交${gate.documentName}：${project.name}`}
      size={1240}
      form={form}
      name="gate-submit"
      okText="提交审查"
      okDisabled={uploading}
      initialValues={{ facilities: initial, attachments: [] }}
      footerExtra={
        <Typography.Text type="secondary">
          提交后{gate.name}开始审查，各部门须在期限内出具意见。
        </Typography.Text>
      }
      intro={
        <Typography.Paragraph type="secondary">
          逐项填写{gate.documentName}
          中载明的配套设施（每处一行）。系统将与本项目应配建设施逐项核对：缺项、面积不足、处数不足
          {gate.gate === 'planning_review'
            ? ''
            : '、建设方式或产权归属或移交对象不符、与前序材料不一致'}
          的，不予提交。
        </Typography.Paragraph>
      }
      renderError={(e) => {
        const issues = readGateIssues(e);
        return issues.length > 0 ? (
          <GateIssuesAlert
            issues={issues}
            canAdd={(t) => required.some((r) => r.facilityType === t)}
            onAdd={addFromRequirement}
          />
        ) : null;
      }}
      onSubmit={save}
      onClose={props.onClose}
    >
      <Collapse
        size="small"
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'required',
            label: `本项目应配建设施（${required.length} 类）`,
            children: (
              <RequiredFacilitiesTable facilities={required} label="核对依据：应配建设施" />
            ),
          },
        ]}
      />
      {marks.length > 0 ? (
        <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
          <Button
            size="small"
            onClick={() => {
              const rows = form.getFieldValue('facilities') as FacilityDraft[];
              form.setFieldValue(
                'facilities',
                rows.map((r) => ({ ...r, ...Object.fromEntries(marks.map((m) => [m.key, true])) })),
              );
            }}
          >
            全部标记为{marks.map((m) => m.label).join('、')}
          </Button>
          <Typography.Text type="secondary">
            仅在各项设施确已{marks.map((m) => m.label.replace(/^已/, '')).join('、')}时勾选。
          </Typography.Text>
        </Flex>
      ) : null}
      <Form.List
        name="facilities"
        rules={[
          {
            validator: async (_, rows: FacilityDraft[] | undefined) => {
              if (!rows || rows.length === 0) throw new Error('请至少填写一项配套设施');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={0} role="list" aria-label="材料中的配套设施">
            {fields.map((field, index) => {
              const n = index + 1;
              return (
                <Flex
                  key={field.key}
                  gap={8}
                  align="flex-start"
                  role="listitem"
                  aria-label={`第 ${n} 项`}
                  style={{ borderBottom: '1px dashed #f0f0f0', paddingTop: 8 }}
                >
                  <Form.Item
                    name={[field.name, 'facilityType']}
                    label={index === 0 ? '设施类型' : undefined}
                    rules={[{ required: true, message: '请选择设施类型' }]}
                    style={{ width: 170, marginBottom: 8 }}
                  >
                    <Select<FacilityTypeCode>
                      aria-label={`第 ${n} 项 设施类型`}
                      options={typeOptions}
                      popupMatchSelectWidth={false}
                      showSearch={{ optionFilterProp: 'label' }}
                      onChange={(t) => fillRow(field.name, t)}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'floorArea']}
                    label={index === 0 ? '建筑面积（㎡）' : undefined}
                    rules={[{ required: true, message: '请填写建筑面积' }]}
                    style={{ width: 120, marginBottom: 8 }}
                  >
                    <InputNumber
                      aria-label={`第 ${n} 项 建筑面积`}
                      min={0}
                      max={1000000}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'siteArea']}
                    label={index === 0 ? '用地面积（㎡）' : undefined}
                    style={{ width: 120, marginBottom: 8 }}
                  >
                    <InputNumber
                      aria-label={`第 ${n} 项 用地面积`}
                      min={0}
                      max={10000000}
                      placeholder="配建可不填"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'constructionMethod']}
                    label={index === 0 ? '建设方式' : undefined}
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 100, marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`第 ${n} 项 建设方式`}
                      options={CONSTRUCTION_METHODS.map((m) => ({
                        value: m,
                        label: CONSTRUCTION_METHOD_NAMES[m],
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'ownership']}
                    label={index === 0 ? '产权归属' : undefined}
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 130, marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`第 ${n} 项 产权归属`}
                      options={OWNERSHIPS.map((o) => ({
                        value: o,
                        label: PROJECT_OWNERSHIP_NAMES[o],
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'handoverTo']}
                    label={index === 0 ? '移交（监管）部门' : undefined}
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 190, marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`第 ${n} 项 移交部门`}
                      options={departmentOptions}
                      loading={departments.isPending}
                      popupMatchSelectWidth={false}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'handoverRequirement']}
                    label={index === 0 ? '移交要求' : undefined}
                    rules={[{ required: true, whitespace: true, message: '请填写移交要求' }]}
                    style={{ flex: 1, minWidth: 160, marginBottom: 8 }}
                  >
                    <Input.TextArea
                      aria-label={`第 ${n} 项 移交要求`}
                      autoSize={{ minRows: 1, maxRows: 3 }}
                      maxLength={500}
                    />
                  </Form.Item>
                  {marks.map((m) => (
                    <Form.Item
                      key={m.key}
                      name={[field.name, m.key]}
                      label={index === 0 ? m.label : undefined}
                      valuePropName="checked"
                      style={{ width: 56, marginBottom: 8 }}
                    >
                      <Checkbox aria-label={`第 ${n} 项 ${m.label}`} />
                    </Form.Item>
                  ))}
                  {gate.gate === 'handover_registration' ? (
                    <Form.Item
                      name={[field.name, 'certificateNo']}
                      label={index === 0 ? '不动产权证号' : undefined}
                      style={{ width: 150, marginBottom: 8 }}
                    >
                      <Input aria-label={`第 ${n} 项 不动产权证号`} maxLength={100} />
                    </Form.Item>
                  ) : null}
                  <Form.Item
                    label={index === 0 ? ' ' : undefined}
                    style={{ width: 32, marginBottom: 8 }}
                  >
                    <Button
                      type="text"
                      danger
                      aria-label={`删除第 ${n} 项`}
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Flex>
              );
            })}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ constructionMethod: 'attached', ownership: 'government' })}
              style={{ alignSelf: 'flex-start', marginTop: 8 }}
            >
              添加设施
            </Button>
          </Flex>
        )}
      </Form.List>
      <Form.Item
        label="附件"
        name="attachments"
        extra={`${gate.documentName}文件、图纸等。${ATTACHMENT_HINTS.document}`}
        style={{ marginTop: 16 }}
      >
        <AttachmentUpload kind="document" onBusyChange={setUploading} />
      </Form.Item>
      <Form.Item label="说明" name="note" rules={[{ max: 2000, message: '不能超过 2000 个字' }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="可填写文号、修改说明等" />
      </Form.Item>
    </FormDrawer>
  );
}
