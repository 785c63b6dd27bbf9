import { Alert, App, Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CONSTRUCTION_METHODS,
  CONSTRUCTION_METHOD_NAMES,
  FACILITY_TYPES,
  OWNERSHIPS,
  PROJECT_OWNERSHIP_NAMES,
  type ConstructionMethod,
  type FacilityTypeCode,
  type Ownership,
} from '@zibo/shared';
import { ApiError } from '../../api/client.ts';
import { useDepartments } from '../../api/reference.ts';
import { toFieldName } from '../../shared/form-errors.ts';
import { useAdjustRequired, type ProjectDetail } from './projects.api.ts';
import { FormDrawer } from '../../shared/kit/index.ts';
import { useCityCode } from '../../shared/session.tsx';

type Row = {
  facilityType: FacilityTypeCode;
  floorArea: number | null;
  siteArea: number | null;
  sites: number;
  constructionMethod: ConstructionMethod;
  ownership: Ownership;
  handoverTo: string;
  handoverRequirement: string;
};

type AdjustForm = { facilities: Row[]; reason: string };

/**
 * P7: natural resources changes what the project must build — amounts, construction method,
 * ownership, handover — only with a written reason (audited), before land supply passes.
 */
export function AdjustRequiredDrawer(props: { project: ProjectDetail; onClose: () => void }) {
  const { project } = props;
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustForm>();
  const adjust = useAdjustRequired();
  const departments = useDepartments(useCityCode());
  const departmentOptions = (departments.data ?? []).map((d) => ({ value: d.code, label: d.name }));

  const save = async (v: AdjustForm) => {
    try {
      await adjust.mutateAsync({
        id: project.id,
        data: {
          facilities: v.facilities.map((f) => ({
            facilityType: f.facilityType,
            floorArea: f.floorArea ?? null,
            siteArea: f.siteArea ?? null,
            sites: f.sites,
            constructionMethod: f.constructionMethod,
            ownership: f.ownership,
            handoverTo: f.handoverTo,
            handoverRequirement: f.handoverRequirement.trim(),
          })),
          reason: v.reason.trim(),
          version: project.version,
        },
      });
    } catch (e) {
      // Every row of the list can carry its own message (facilities.3.floorArea).
      if (e instanceof ApiError) {
        form.setFields(
          e.fieldErrors.map((f) => ({ name: toFieldName(f.path) as never, errors: [f.message] })),
        );
      }
      throw e;
    }
    void message.success('配建要求已调整，调整理由已记录');
    props.onClose();
  };

  return (
    <FormDrawer<AdjustForm>
      title={`调整配建要求：${project.name}`}
      form={form}
      size={1180}
      okText="保存调整"
      name="adjust-required"
      initialValues={{
        facilities: project.requiredFacilities.map((r) => ({
          facilityType: r.facilityType,
          floorArea: r.floorArea,
          siteArea: r.siteArea,
          sites: r.sites,
          constructionMethod: r.constructionMethod,
          ownership: r.ownership,
          handoverTo: r.handoverTo,
          handoverRequirement: r.handoverRequirement,
        })),
        reason: '',
      }}
      intro={
        <>
          <Alert
            type="info"
            showIcon
            title="配建要求按现行配建标准计算。确需调整的（如周边已有设施覆盖服务半径、专项规划另有安排），须书面说明理由；调整记入项目办理记录和审计日志。供地联合审查通过后不能再调整。"
            style={{ marginBottom: 12 }}
          />
        </>
      }
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.List name="facilities">
        {(fields, { add, remove }) => (
          <Flex vertical gap={0} role="list" aria-label="配建要求">
            {fields.map((field, index) => {
              const n = index + 1;
              const label = (text: string) => (index === 0 ? text : undefined);
              return (
                <Flex key={field.key} gap={8} align="flex-start" role="listitem">
                  <Form.Item
                    name={[field.name, 'facilityType']}
                    label={label('设施类型')}
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 170, marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`第 ${n} 项 设施类型`}
                      popupMatchSelectWidth={false}
                      options={FACILITY_TYPES.map((t) => ({ value: t.code, label: t.name }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'floorArea']}
                    label={label('建筑面积（㎡）')}
                    style={{ width: 120, marginBottom: 8 }}
                  >
                    <InputNumber
                      aria-label={`第 ${n} 项 建筑面积`}
                      min={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'siteArea']}
                    label={label('用地面积（㎡）')}
                    style={{ width: 120, marginBottom: 8 }}
                  >
                    <InputNumber
                      aria-label={`第 ${n} 项 用地面积`}
                      min={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'sites']}
                    label={label('处数')}
                    rules={[{ required: true, message: '请填写' }]}
                    style={{ width: 70, marginBottom: 8 }}
                  >
                    <InputNumber
                      aria-label={`第 ${n} 项 处数`}
                      min={1}
                      max={100}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'constructionMethod']}
                    label={label('建设方式')}
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
                    label={label('产权归属')}
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
                    label={label('移交（监管）部门')}
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 190, marginBottom: 8 }}
                  >
                    <Select
                      aria-label={`第 ${n} 项 移交部门`}
                      options={departmentOptions}
                      popupMatchSelectWidth={false}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'handoverRequirement']}
                    label={label('移交要求')}
                    rules={[{ required: true, whitespace: true, message: '请填写' }]}
                    style={{ flex: 1, minWidth: 160, marginBottom: 8 }}
                  >
                    <Input.TextArea
                      aria-label={`第 ${n} 项 移交要求`}
                      autoSize={{ minRows: 1, maxRows: 3 }}
                      maxLength={500}
                    />
                  </Form.Item>
                  <Form.Item label={label(' ')} style={{ width: 32, marginBottom: 8 }}>
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
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                add({ sites: 1, constructionMethod: 'attached', ownership: 'government' })
              }
              style={{ alignSelf: 'flex-start', marginTop: 8 }}
            >
              添加设施
            </Button>
          </Flex>
        )}
      </Form.List>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        按“建筑面积或用地面积”二选一计算的设施（如室外健身场地），保留原有的二选一要求。
      </Typography.Paragraph>
      <Form.Item
        label="调整理由"
        name="reason"
        rules={[
          { required: true, whitespace: true, message: '调整配建要求须书面说明理由' },
          { max: 1000, message: '不能超过 1000 个字' },
        ]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
