import { App, Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import {
  CATEGORIES,
  FACILITY_TYPES,
  OWNERSHIPS,
  OWNERSHIP_NAMES,
  STAGES,
  STAGE_NAMES,
  type Facility,
  type FacilityInput,
  type FacilityTypeCode,
  type Ownership,
  type Stage,
  type Stages,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { FormDrawer } from '../../shared/kit/index.ts';
import { buildStageStatusOptions } from '../../shared/facility-vocabulary.ts';
import { AreaSelect, type AreaOption } from './area-select.tsx';
import { COORD_SYSTEM_OPTIONS } from './area-form-drawer.tsx';
import { describeLedgerError } from './ledger-lock-alert.tsx';
import { useCreateFacility, useUpdateFacility } from './ledger.api.ts';

type StageForm = { status: string | null; note: string | null };

type FacilityForm = {
  type: FacilityTypeCode | null;
  name: string;
  residentialAreaIds: number[];
  floorArea?: number | null;
  siteArea?: number | null;
  lon?: number | null;
  lat?: number | null;
  coordSystem: 'wgs84' | 'gcj02' | 'bd09';
  ownership?: Ownership | null;
  operator?: string | null;
  stages: Record<Stage, StageForm>;
};

/** Field paths as the API names them (`stages.use.status`), for its VALIDATION_FAILED details. */
const FIELDS = [
  'type',
  'name',
  'residentialAreaIds',
  'floorArea',
  'siteArea',
  'lon',
  'lat',
  'coordSystem',
  'ownership',
  'operator',
  ...STAGES.flatMap((s) => [`stages.${s}.status`, `stages.${s}.note`]),
];

function emptyStages(): Record<Stage, StageForm> {
  return {
    planning: { status: null, note: null },
    construction: { status: null, note: null },
    handover: { status: null, note: null },
    use: { status: null, note: null },
  };
}

function toInitialValues(f: Facility | null, initialAreas: readonly AreaOption[]): FacilityForm {
  if (!f) {
    return {
      type: null,
      name: '',
      residentialAreaIds: initialAreas.map((a) => a.id),
      coordSystem: 'wgs84',
      stages: emptyStages(),
    };
  }
  return {
    type: f.type,
    name: f.name,
    residentialAreaIds: f.residentialAreaIds,
    floorArea: f.floorArea,
    siteArea: f.siteArea,
    lon: f.lon,
    lat: f.lat,
    coordSystem: 'wgs84',
    ownership: f.ownership,
    operator: f.operator,
    stages: f.stages,
  };
}

/**
 * Creates or edits a facility: type, the areas it serves, size, location, ownership and the four
 * stages (P3), each a status and a note.
 */
export function FacilityFormDrawer(props: {
  facility: Facility | null;
  initialAreas?: readonly AreaOption[];
  onClose: () => void;
}) {
  const { facility, onClose } = props;
  const user = useCurrentUser();
  const [form] = Form.useForm<FacilityForm>();
  const create = useCreateFacility();
  const update = useUpdateFacility();
  const { message } = App.useApp();
  const initialAreas = facility?.residentialAreas ?? props.initialAreas ?? [];

  // A department or a district clerk with categories edits only the types of those categories.
  const typeGroups = CATEGORIES.filter((c) => user.categories.includes(c.code)).map((c) => ({
    label: c.name,
    title: c.name,
    options: FACILITY_TYPES.filter((t) => t.category === c.code).map((t) => ({
      value: t.code,
      label: t.name,
    })),
  }));

  const submit = async (v: FacilityForm) => {
    const stages = Object.fromEntries(
      STAGES.map((s) => [
        s,
        { status: v.stages[s].status ?? null, note: v.stages[s].note?.trim() || null },
      ]),
    ) as Stages;
    const body: FacilityInput = {
      type: v.type as FacilityTypeCode,
      name: v.name.trim(),
      residentialAreaIds: v.residentialAreaIds,
      floorArea: v.floorArea ?? null,
      siteArea: v.siteArea ?? null,
      lon: v.lon ?? null,
      lat: v.lat ?? null,
      coordSystem: v.coordSystem,
      ownership: v.ownership ?? null,
      operator: v.operator?.trim() || null,
      stages,
    };
    const saved = facility
      ? await update.mutateAsync({ id: facility.id, version: facility.version, ...body })
      : await create.mutateAsync(body);
    void message.success(facility ? `已保存设施“${saved.name}”` : `已新增设施“${saved.name}”`);
    onClose();
  };

  return (
    <FormDrawer<FacilityForm>
      title={facility ? `编辑设施：${facility.name}` : '新增配套设施'}
      size={760}
      name="facility-form"
      initialValues={toInitialValues(facility, initialAreas)}
      form={form}
      fields={FIELDS}
      describe={describeLedgerError}
      onSubmit={submit}
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item
            label="设施类型"
            name="type"
            rules={[{ required: true, message: '请选择设施类型' }]}
          >
            <Select
              options={typeGroups}
              placeholder="请选择"
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            label="设施名称"
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请输入设施名称' },
              { max: 100, message: '设施名称不能超过 100 个字' },
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="服务小区"
        name="residentialAreaIds"
        extra="一处设施可服务多个小区"
        rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个服务小区' }]}
      >
        <AreaSelect initialAreas={initialAreas} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label="建筑面积（㎡）" name="floorArea">
            <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="占地面积（㎡）" name="siteArea">
            <InputNumber min={0} max={10_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label="产权归属" name="ownership">
            <Select
              allowClear
              placeholder="请选择"
              options={OWNERSHIPS.map((o) => ({ value: o, label: OWNERSHIP_NAMES[o] }))}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            label="运营单位"
            name="operator"
            rules={[{ max: 100, message: '不能超过 100 个字' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            label="经度"
            name="lon"
            dependencies={['lat']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, value: number | null | undefined) => {
                  if ((value == null) !== (getFieldValue('lat') == null))
                    throw new Error('经度和纬度须同时填写或同时留空');
                },
              }),
            ]}
          >
            <InputNumber min={73} max={136} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="纬度"
            name="lat"
            dependencies={['lon']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, value: number | null | undefined) => {
                  if ((value == null) !== (getFieldValue('lon') == null))
                    throw new Error('经度和纬度须同时填写或同时留空');
                },
              }),
            ]}
          >
            <InputNumber min={3} max={54} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="坐标系" name="coordSystem" extra="保存时统一转换为 WGS-84">
            <Select options={COORD_SYSTEM_OPTIONS} popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
      </Row>
      <Card size="small" title="四个阶段的状态" styles={{ body: { paddingBottom: 0 } }}>
        {STAGES.map((stage) => (
          <Row key={stage} gutter={12}>
            <Col span={8}>
              <Form.Item label={`${STAGE_NAMES[stage]}状态`} name={['stages', stage, 'status']}>
                <Select allowClear placeholder="未填报" options={buildStageStatusOptions(stage)} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                label={`${STAGE_NAMES[stage]}说明`}
                name={['stages', stage, 'note']}
                rules={[{ max: 500, message: '说明不能超过 500 个字' }]}
              >
                <Input maxLength={500} placeholder="如：规划条件编号、在建进度、移交单位等" />
              </Form.Item>
            </Col>
          </Row>
        ))}
      </Card>
    </FormDrawer>
  );
}
