import { App, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import {
  AREA_KINDS,
  AREA_KIND_NAMES,
  type AreaKind,
  type ResidentialArea,
  type ResidentialAreaInput,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { FormDrawer } from '../../shared/kit/index.ts';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import { describeLedgerError } from './ledger-lock-alert.tsx';
import { useCreateArea, useUpdateArea } from './ledger.api.ts';

type CoordSystem = 'wgs84' | 'gcj02' | 'bd09';

export const COORD_SYSTEM_OPTIONS: { value: CoordSystem; label: string }[] = [
  { value: 'wgs84', label: 'WGS-84（GPS、天地图、CGCS2000）' },
  { value: 'gcj02', label: 'GCJ-02（高德、腾讯地图）' },
  { value: 'bd09', label: 'BD-09（百度地图）' },
];

type AreaForm = {
  name: string;
  regionCode: string | null;
  address?: string | null;
  lon?: number | null;
  lat?: number | null;
  coordSystem: CoordSystem;
  households: number | null;
  population?: number | null;
  buildYear?: number | null;
  kind: AreaKind;
};

const FIELDS = [
  'name',
  'regionCode',
  'address',
  'lon',
  'lat',
  'coordSystem',
  'households',
  'population',
  'buildYear',
  'kind',
] as const;

/** Both coordinates or neither (the API says the same). */
const pairedCoordinate =
  (other: 'lon' | 'lat') =>
  ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: async (_: unknown, value: number | null | undefined) => {
      const otherValue = getFieldValue(other);
      if ((value == null) !== (otherValue == null))
        throw new Error('经度和纬度须同时填写或同时留空');
    },
  });

function toInitialValues(area: ResidentialArea | null): AreaForm {
  if (!area) {
    return { name: '', regionCode: null, coordSystem: 'wgs84', households: null, kind: 'existing' };
  }
  return {
    name: area.name,
    regionCode: area.regionCode,
    address: area.address,
    lon: area.lon,
    lat: area.lat,
    coordSystem: 'wgs84',
    households: area.households,
    population: area.population,
    buildYear: area.buildYear,
    kind: area.kind,
  };
}

/** Creates or edits a residential area; the API's field messages land beside the fields. */
export function AreaFormDrawer(props: {
  area: ResidentialArea | null;
  onClose: () => void;
  onSaved?: (area: ResidentialArea) => void;
}) {
  const { area, onClose } = props;
  const user = useCurrentUser();
  const [form] = Form.useForm<AreaForm>();
  const create = useCreateArea();
  const update = useUpdateArea();
  const { message } = App.useApp();

  const submit = async (values: AreaForm) => {
    const body: ResidentialAreaInput = {
      name: values.name.trim(),
      regionCode: values.regionCode ?? '',
      address: values.address?.trim() || null,
      lon: values.lon ?? null,
      lat: values.lat ?? null,
      coordSystem: values.coordSystem,
      households: values.households ?? 0,
      population: values.population ?? null,
      buildYear: values.buildYear ?? null,
      kind: values.kind,
    };
    const saved = area
      ? await update.mutateAsync({ id: area.id, version: area.version, ...body })
      : await create.mutateAsync(body);
    void message.success(area ? `已保存小区“${saved.name}”` : `已新增小区“${saved.name}”`);
    props.onSaved?.(saved);
    onClose();
  };

  return (
    <FormDrawer<AreaForm>
      title={area ? `编辑小区：${area.name}` : '新增小区'}
      form={form}
      name="area-form"
      initialValues={toInitialValues(area)}
      fields={FIELDS}
      describe={describeLedgerError}
      onSubmit={submit}
      onClose={onClose}
    >
      <Form.Item
        label="小区名称"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请输入小区名称' },
          { max: 100, message: '小区名称不能超过 100 个字' },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        label="所属社区（村居）"
        name="regionCode"
        rules={[
          { required: true, message: '请选择所属社区（村居）' },
          {
            validator: async (_: unknown, v: string | null) => {
              if (v && v.length !== 12) throw new Error('请选择到社区（村居）一级');
            },
          },
        ]}
      >
        <RegionTreeSelect
          rootCode={user.regionCode}
          selectableLevel="community"
          placeholder="区县 / 镇街 / 社区（村居）"
        />
      </Form.Item>
      <Form.Item
        label="地址"
        name="address"
        rules={[{ max: 200, message: '地址不能超过 200 个字' }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            label="经度"
            name="lon"
            dependencies={['lat']}
            rules={[pairedCoordinate('lat')]}
          >
            <InputNumber min={73} max={136} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="纬度"
            name="lat"
            dependencies={['lon']}
            rules={[pairedCoordinate('lon')]}
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
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            label="户数"
            name="households"
            rules={[{ required: true, message: '请输入户数' }]}
          >
            <InputNumber min={0} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="人口" name="population" extra="不填时按户数估算">
            <InputNumber min={0} max={500_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="建成年份" name="buildYear">
            <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="小区类型"
        name="kind"
        rules={[{ required: true, message: '请选择小区类型' }]}
      >
        <Radio.Group
          options={AREA_KINDS.map((k) => ({ value: k, label: `${AREA_KIND_NAMES[k]}小区` }))}
        />
      </Form.Item>
    </FormDrawer>
  );
}
