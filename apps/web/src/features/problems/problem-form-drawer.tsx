import { useEffect, useState } from 'react';
import { App, Form, Input, Select } from 'antd';
import {
  PROBLEM_SOURCE_NAMES,
  STAGES,
  STAGE_NAMES,
  type FacilityTypeCode,
  type Stage,
} from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { buildFacilityTypeOptions } from '../../shared/facility-vocabulary.ts';
import { useAreas } from '../ledger/ledger.api.ts';
import {
  useCampaigns,
  useCreateProblem,
  type ProblemBody,
  type ProblemDetail,
} from './problems.api.ts';
import { FormDrawer } from '../../shared/kit/index.ts';

type Source = NonNullable<ProblemBody['source']>;
const SOURCES: readonly Source[] = ['survey', 'inspection', 'resident', 'manual'];

type ProblemForm = {
  residentialAreaId: number | null;
  facilityType: FacilityTypeCode | null;
  stage: Stage | null;
  source: Source;
  campaign?: number | null;
  description: string;
};

const FIELDS = ['residentialAreaId', 'facilityType', 'stage', 'source', 'campaign', 'description'];

/** One residential area, found by name on the server as the user types. */
function AreaSearchSelect(props: {
  value?: number | null;
  onChange?: (id: number | null) => void;
  id?: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 300);
    return () => clearTimeout(t);
  }, [search]);
  const areas = useAreas({ q: debounced || undefined, page: 1, pageSize: 30 });
  return (
    <Select<number>
      id={props.id}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      loading={areas.isFetching}
      placeholder="输入小区名称查找"
      notFoundContent={areas.isFetching ? '正在查找…' : '没有匹配的小区'}
      options={(areas.data?.items ?? []).map((a) => ({
        value: a.id,
        label: a.name,
        hint: `${a.districtName} ${a.streetName} ${a.regionName}`,
      }))}
      optionRender={(o) => (
        <span>
          {o.data.label}
          <span style={{ color: '#8c8c8c', marginInlineStart: 8 }}>{o.data.hint}</span>
        </span>
      )}
    />
  );
}

/** 登记问题: a problem found by a survey, an inspection, a resident, or by hand. */
export function ProblemFormDrawer(props: {
  onClose: () => void;
  onCreated: (problem: ProblemDetail) => void;
}) {
  const user = useCurrentUser();
  const [form] = Form.useForm<ProblemForm>();
  const create = useCreateProblem();
  const campaigns = useCampaigns();
  const { message } = App.useApp();

  const submit = async (v: ProblemForm) => {
    const p = await create.mutateAsync({
      residentialAreaId: v.residentialAreaId ?? 0,
      facilityType: v.facilityType as FacilityTypeCode,
      stage: v.stage as Stage,
      source: v.source,
      description: v.description.trim(),
      ...(v.campaign ? { campaign: v.campaign } : {}),
    });
    void message.success(`已登记问题 #${p.id}`);
    props.onCreated(p);
  };

  return (
    <FormDrawer<ProblemForm>
      title="登记问题"
      form={form}
      size={560}
      okText="登记"
      name="problem-form"
      initialValues={{
        residentialAreaId: null,
        facilityType: null,
        stage: null,
        source: 'inspection',
        description: '',
      }}
      fields={FIELDS}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Form.Item
        label="小区"
        name="residentialAreaId"
        rules={[{ required: true, message: '请选择问题所在的小区' }]}
        extra="责任区县、镇街按小区所在行政区划确定"
      >
        <AreaSearchSelect />
      </Form.Item>
      <Form.Item
        label="设施类型"
        name="facilityType"
        rules={[{ required: true, message: '请选择设施类型' }]}
        extra="设施类别决定审批方案、核验销号的主管部门"
      >
        <Select
          placeholder="请选择设施类型"
          options={buildFacilityTypeOptions(null, user.categories)}
        />
      </Form.Item>
      <Form.Item label="阶段" name="stage" rules={[{ required: true, message: '请选择阶段' }]}>
        <Select
          placeholder="规划、建设、移交或使用"
          options={STAGES.map((s) => ({ value: s, label: `${STAGE_NAMES[s]}阶段` }))}
        />
      </Form.Item>
      <Form.Item label="问题来源" name="source" rules={[{ required: true }]}>
        <Select options={SOURCES.map((s) => ({ value: s, label: PROBLEM_SOURCE_NAMES[s] }))} />
      </Form.Item>
      <Form.Item label="专项整治" name="campaign" extra="不选则按设施类型自动归入">
        <Select
          allowClear
          placeholder="自动归入"
          loading={campaigns.isPending}
          options={(campaigns.data ?? []).map((c) => ({
            value: c.id,
            label: `${c.name}（${c.deadline} 前完成）`,
          }))}
        />
      </Form.Item>
      <Form.Item
        label="问题描述"
        name="description"
        rules={[
          { required: true, whitespace: true, message: '请描述问题' },
          { max: 1000, message: '不能超过 1000 个字' },
        ]}
      >
        <Input.TextArea
          rows={5}
          maxLength={1000}
          showCount
          placeholder="如：小区配建幼儿园建成后被挪作他用，居民子女入园困难"
        />
      </Form.Item>
    </FormDrawer>
  );
}
