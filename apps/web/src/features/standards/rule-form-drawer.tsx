import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  AMOUNT_METRICS,
  AREA_KINDS,
  AREA_KIND_NAMES,
  EVALUABLE_METRICS,
  JURISDICTION_NAMES,
  LIFE_CIRCLES,
  LIFE_CIRCLE_NAMES,
  METRIC_INFO,
  type AmountMetric,
  type AreaKind,
  type EvaluableMetric,
  type FacilityTypeCode,
  type LifeCircle,
  type StandardRuleInput,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import {
  useCreateRule,
  useUpdateRule,
  type RuleRecord,
  type StandardsCatalogue,
} from './standards.api.ts';
import { FormDrawer } from '../../shared/kit/index.ts';

type EditableJurisdiction = 'national' | 'shandong' | 'zibo';

type Alternative = {
  code?: string | null;
  metric: AmountMetric;
  value: number | null;
  countedTypes: FacilityTypeCode[];
};

type RuleForm = {
  facilityType: FacilityTypeCode | null;
  countedTypes: FacilityTypeCode[];
  metric: EvaluableMetric;
  value: number | null;
  anyOf: Alternative[];
  appliesTo: {
    areaKinds: AreaKind[];
    minHouseholds: number | null;
    maxHouseholds: number | null;
    minPopulation: number | null;
    maxPopulation: number | null;
    description: string;
  };
  jurisdiction: EditableJurisdiction;
  lifeCircle: LifeCircle | null;
  active: boolean;
  source: string;
  clause: string;
  issuedOn: string | null;
  verified: boolean;
  note: string | null;
  researchNote: string | null;
};

const FIELDS = [
  'facilityType',
  'countedTypes',
  'metric',
  'value',
  'anyOf',
  'appliesTo.areaKinds',
  'appliesTo.minHouseholds',
  'appliesTo.maxHouseholds',
  'appliesTo.minPopulation',
  'appliesTo.maxPopulation',
  'appliesTo.description',
  'jurisdiction',
  'lifeCircle',
  'active',
  'source',
  'clause',
  'issuedOn',
  'verified',
  'note',
  'researchNote',
  ...[0, 1, 2, 3].flatMap((i) => [
    `anyOf.${i}.metric`,
    `anyOf.${i}.value`,
    `anyOf.${i}.countedTypes`,
  ]),
];

function toInitialValues(rule: RuleRecord | null): RuleForm {
  if (!rule) {
    return {
      facilityType: null,
      countedTypes: [],
      metric: 'floor_area_per_100_households',
      value: null,
      anyOf: [],
      appliesTo: {
        areaKinds: [...AREA_KINDS],
        minHouseholds: null,
        maxHouseholds: null,
        minPopulation: null,
        maxPopulation: null,
        description: '',
      },
      jurisdiction: 'zibo',
      lifeCircle: null,
      active: true,
      source: '',
      clause: '',
      issuedOn: null,
      verified: false,
      note: null,
      researchNote: null,
    };
  }
  return {
    facilityType: rule.facilityType,
    countedTypes: rule.countedTypes,
    metric: rule.metric as EvaluableMetric,
    value: rule.value,
    anyOf: (rule.anyOf ?? []).map((a) => ({ ...a })),
    appliesTo: { ...rule.appliesTo },
    jurisdiction: rule.jurisdiction as EditableJurisdiction,
    lifeCircle: rule.lifeCircle,
    active: rule.active,
    source: rule.source,
    clause: rule.clause,
    issuedOn: rule.issuedOn,
    verified: rule.verified,
    note: rule.note,
    researchNote: rule.researchNote ?? null,
  };
}

function toInput(v: RuleForm): StandardRuleInput {
  const anyOf = v.metric === 'any_of';
  return {
    facilityType: v.facilityType as FacilityTypeCode,
    countedTypes: !anyOf && v.countedTypes.length ? v.countedTypes : null,
    metric: v.metric,
    value: anyOf ? null : v.value,
    anyOf: anyOf
      ? v.anyOf.map((a) => ({
          code: a.code?.trim() || null,
          metric: a.metric,
          value: a.value ?? 0,
          countedTypes: a.countedTypes,
        }))
      : null,
    appliesTo: {
      areaKinds: v.appliesTo.areaKinds,
      minHouseholds: v.appliesTo.minHouseholds ?? null,
      maxHouseholds: v.appliesTo.maxHouseholds ?? null,
      minPopulation: v.appliesTo.minPopulation ?? null,
      maxPopulation: v.appliesTo.maxPopulation ?? null,
      description: v.appliesTo.description?.trim() ?? '',
    },
    jurisdiction: v.jurisdiction,
    lifeCircle: v.lifeCircle ?? null,
    active: v.active,
    source: v.source.trim(),
    clause: v.clause.trim(),
    issuedOn: v.issuedOn?.trim() || null,
    verified: v.verified,
    note: v.note?.trim() || null,
    researchNote: v.researchNote?.trim() || null,
  };
}

/**
 * A department edits (a new version) or adds a rule of its own categories. The server checks
 * the same: a rule of another department's category is refused.
 */
export function RuleFormDrawer(props: {
  rule: RuleRecord | null;
  catalogue: StandardsCatalogue;
  onClose: () => void;
}) {
  const { rule, catalogue, onClose } = props;
  const user = useCurrentUser();
  const [form] = Form.useForm<RuleForm>();
  const create = useCreateRule();
  const update = useUpdateRule();
  const { message } = App.useApp();
  const metric = Form.useWatch('metric', form) ?? rule?.metric ?? 'floor_area_per_100_households';

  const ownTypes = catalogue.facilityTypes.filter((t) => user.categories.includes(t.category));
  const typeOptions = catalogue.categories
    .filter((c) => user.categories.includes(c.code))
    .map((c) => ({
      label: c.name,
      title: c.name,
      options: ownTypes
        .filter((t) => t.category === c.code)
        .map((t) => ({ value: t.code, label: t.name })),
    }));
  const allTypeOptions = catalogue.facilityTypes.map((t) => ({ value: t.code, label: t.name }));

  const submit = async (v: RuleForm) => {
    const input = toInput(v);
    if (rule) {
      const saved = await update.mutateAsync({ id: rule.id, version: rule.version, ...input });
      void message.success(`已保存 ${saved.code}，当前为第 ${saved.version} 版`);
    } else {
      const saved = await create.mutateAsync(input);
      void message.success(`已新增指标 ${saved.code}`);
    }
    onClose();
  };

  return (
    <FormDrawer<RuleForm>
      title={rule ? `修改指标：${rule.code}（当前第 ${rule.version} 版）` : '新增指标'}
      form={form}
      size={760}
      name="rule-form"
      initialValues={toInitialValues(rule)}
      fields={FIELDS}
      footerExtra={
        <Typography.Text type="secondary">保存后生成新版本，原版本保留可查。</Typography.Text>
      }
      onSubmit={submit}
      onClose={onClose}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label="设施类型"
            name="facilityType"
            rules={[{ required: true, message: '请选择设施类型' }]}
          >
            <Select
              options={typeOptions}
              disabled={rule !== null}
              placeholder="本部门主管类别的设施"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="指标" name="metric" rules={[{ required: true, message: '请选择指标' }]}>
            <Select
              options={EVALUABLE_METRICS.map((m) => ({
                value: m,
                label: METRIC_INFO[m].unit
                  ? `${METRIC_INFO[m].name}（${METRIC_INFO[m].unit}）`
                  : METRIC_INFO[m].name,
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      {metric === 'any_of' ? (
        <Card size="small" title="备选项（满足其一即达标）" style={{ marginBottom: 16 }}>
          <Form.List
            name="anyOf"
            rules={[
              {
                validator: async (_, list: unknown[] | undefined) => {
                  if (!list || list.length < 2) throw new Error('二选一指标至少需要两个备选项');
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field) => (
                  <Row key={field.key} gutter={8} align="top">
                    <Col span={7}>
                      <Form.Item
                        name={[field.name, 'metric']}
                        rules={[{ required: true, message: '请选择' }]}
                      >
                        <Select
                          aria-label="备选指标"
                          options={AMOUNT_METRICS.map((m) => ({
                            value: m,
                            label: `${METRIC_INFO[m].name}（${METRIC_INFO[m].unit}）`,
                          }))}
                          popupMatchSelectWidth={false}
                        />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item
                        name={[field.name, 'value']}
                        rules={[{ required: true, message: '请填写数值' }]}
                      >
                        <InputNumber aria-label="备选数值" min={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item
                        name={[field.name, 'countedTypes']}
                        rules={[
                          {
                            required: true,
                            type: 'array',
                            min: 1,
                            message: '请选择计入的设施类型',
                          },
                        ]}
                      >
                        <Select
                          aria-label="计入的设施类型"
                          mode="multiple"
                          options={allTypeOptions}
                          placeholder="计入的设施类型"
                        />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label="删除备选项"
                        onClick={() => remove(field.name)}
                      />
                    </Col>
                  </Row>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ metric: 'floor_area_per_person', value: null, countedTypes: [] })
                  }
                  disabled={fields.length >= 4}
                >
                  添加备选项
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Card>
      ) : (
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              label={`数值${METRIC_INFO[metric as EvaluableMetric]?.unit ? `（${METRIC_INFO[metric as EvaluableMetric].unit}）` : ''}`}
              name="value"
              rules={[{ required: true, message: '请填写指标数值' }]}
            >
              <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="计入的设施类型" name="countedTypes" extra="留空则只计本类型设施">
              <Select mode="multiple" options={allTypeOptions} allowClear />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Card size="small" title="适用范围" style={{ marginBottom: 16 }}>
        <Form.Item
          label="小区类型"
          name={['appliesTo', 'areaKinds']}
          rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种小区类型' }]}
        >
          <Checkbox.Group
            options={AREA_KINDS.map((k) => ({ value: k, label: `${AREA_KIND_NAMES[k]}小区` }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item label="户数下限" name={['appliesTo', 'minHouseholds']}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="户数上限" name={['appliesTo', 'maxHouseholds']}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="人口下限" name={['appliesTo', 'minPopulation']}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label="人口上限" name={['appliesTo', 'maxPopulation']}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label="适用范围说明"
          name={['appliesTo', 'description']}
          rules={[{ max: 200, message: '不能超过 200 个字' }]}
        >
          <Input maxLength={200} placeholder="按出处原文描述，如：新建居住区，每 1000 户" />
        </Form.Item>
      </Card>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            label="标准层级"
            name="jurisdiction"
            rules={[{ required: true, message: '请选择' }]}
          >
            <Select
              options={(['zibo', 'shandong', 'national'] as const).map((j) => ({
                value: j,
                label: JURISDICTION_NAMES[j],
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="生活圈" name="lifeCircle">
            <Select
              allowClear
              options={LIFE_CIRCLES.map((l) => ({ value: l, label: LIFE_CIRCLE_NAMES[l] }))}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="发布日期"
            name="issuedOn"
            rules={[
              {
                pattern: /^\d{4}(-\d{2}(-\d{2})?)?$/,
                message: '格式为 YYYY、YYYY-MM 或 YYYY-MM-DD',
              },
            ]}
          >
            <Input placeholder="如 2020-06" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label="出处"
        name="source"
        rules={[
          { required: true, whitespace: true, message: '请填写出处（文件名称和文号）' },
          { max: 500, message: '不能超过 500 个字' },
        ]}
      >
        <Input.TextArea rows={2} maxLength={500} placeholder="如：淄政办字〔2020〕34号 附件1" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            label="条款"
            name="clause"
            rules={[{ max: 100, message: '不能超过 100 个字' }]}
            extra="文件未分条款的可不填"
          >
            <Input maxLength={100} placeholder="如：第5.0.2条、附录C、表3.0.4" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="已与正式文本核对"
            name="verified"
            valuePropName="checked"
            extra="未核对的指标显示“待核实”"
          >
            <Switch checkedChildren="已核实" unCheckedChildren="待核实" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="生效"
            name="active"
            valuePropName="checked"
            extra="停用的指标不参与缺口核算"
          >
            <Switch checkedChildren="生效" unCheckedChildren="停用" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="说明" name="note" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder="换算方法、注意事项等" />
      </Form.Item>
      <Form.Item
        label="研究备注"
        name="researchNote"
        extra="在哪里见到原文、可信程度等；只有维护本类别标准的部门能看到"
        rules={[{ max: 2000, message: '不能超过 2000 个字' }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}
