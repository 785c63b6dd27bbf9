import { useState } from 'react';
import { App, Form, Input, Radio, Select, Typography } from 'antd';
import {
  INSPECTION_USE_STATUSES,
  STAGE_STATUS_NAMES,
  type FacilityTypeCode,
  type InspectionUseStatus,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import {
  ATTACHMENT_HINTS,
  AttachmentUpload,
  type UploadedAttachment,
} from '../../shared/attachment-upload.tsx';
import { FormDialog } from '../../shared/kit/index.ts';
import { nameFacility } from './project-format.ts';
import { useRecordInspection, type ProjectDetail } from './projects.api.ts';

type InspectionForm = {
  facilityType: FacilityTypeCode;
  useStatus: InspectionUseStatus;
  note: string;
  photos: UploadedAttachment[];
};

/**
 * P10 使用监管: the facility's department records whether it serves its purpose; idle,
 * repurposed or occupied raises a problem in the problem ledger.
 */
export function InspectionDialog(props: { project: ProjectDetail; onClose: () => void }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectionForm>();
  const record = useRecordInspection();
  const [uploading, setUploading] = useState(false);
  const status = Form.useWatch('useStatus', form);
  const own = props.project.requiredFacilities.filter(
    (r) => r.departmentCode === user.departmentCode,
  );

  const save = async (v: InspectionForm) => {
    const p = await record.mutateAsync({
      id: props.project.id,
      data: {
        facilityType: v.facilityType,
        useStatus: v.useStatus,
        note: v.note.trim(),
        attachmentIds: (v.photos ?? []).map((photo) => photo.id),
      },
    });
    const problemId = p.inspections[0]?.problemId;
    void message.success(problemId ? `巡查已记录，已登记问题 #${problemId}` : '巡查已记录');
    props.onClose();
  };

  return (
    <FormDialog<InspectionForm>
      title={`使用监管巡查：${props.project.name}`}
      form={form}
      name="project-inspection"
      okText="记录巡查"
      okDisabled={uploading}
      fields={['facilityType', 'useStatus', 'note']}
      initialValues={{
        facilityType: own[0]?.facilityType,
        useStatus: 'in_use',
        photos: [],
      }}
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.Item
        label="巡查设施"
        name="facilityType"
        rules={[{ required: true, message: '请选择设施' }]}
        extra="本部门主管类别的配套设施"
      >
        <Select
          options={own.map((r) => ({
            value: r.facilityType,
            label: nameFacility(r.facilityType),
          }))}
        />
      </Form.Item>
      <Form.Item label="使用情况" name="useStatus">
        <Radio.Group
          options={INSPECTION_USE_STATUSES.map((s) => ({
            value: s,
            label: STAGE_STATUS_NAMES[s] ?? s,
          }))}
        />
      </Form.Item>
      {status && status !== 'in_use' ? (
        <Typography.Paragraph type="warning">
          {STAGE_STATUS_NAMES[status]}
          将登记为使用阶段问题，进入问题台账整改（同一设施只登记一个未销号问题）。
        </Typography.Paragraph>
      ) : null}
      <Form.Item
        label="巡查情况"
        name="note"
        rules={[
          { required: true, whitespace: true, message: '请填写巡查情况' },
          { max: 1000, message: '不能超过 1000 个字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
      <Form.Item label="现场照片" name="photos" extra={ATTACHMENT_HINTS.photo}>
        <AttachmentUpload kind="photo" onBusyChange={setUploading} />
      </Form.Item>
    </FormDialog>
  );
}
