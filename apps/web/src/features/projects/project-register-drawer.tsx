import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Col, Drawer, Form, Input, InputNumber, Result, Row, Typography } from 'antd';
import type { ProjectInput } from '@zibo/shared';
import { useCurrentUser } from '../../shared/session.tsx';
import { RegionTreeSelect } from '../../shared/region-tree-select.tsx';
import { isDeveloperOnly } from './project-format.ts';
import { RequiredFacilitiesTable } from './project-tags.tsx';
import { useRegisterProject, type ProjectDetail } from './projects.api.ts';
import { DeveloperAccountItem, PhasesList, PresaleItem, SiteCols } from './project-form-fields.tsx';
import { FormDrawer } from '../../shared/kit/index.ts';

type PhaseForm = {
  name: string;
  households?: number | null;
  floorArea?: number | null;
  note?: string | null;
};

type RegisterForm = {
  name: string;
  developerName: string;
  developerUserId?: number | null;
  regionCode: string | null;
  households: number | null;
  population?: number | null;
  landArea: number | null;
  floorArea: number | null;
  lon: number | null;
  lat: number | null;
  coordSystem: 'wgs84' | 'gcj02' | 'bd09';
  presaleBeforeCompletion: boolean;
  phases: PhaseForm[];
};

const FIELDS = [
  'name',
  'developerName',
  'developerUserId',
  'regionCode',
  'households',
  'population',
  'landArea',
  'floorArea',
  'lon',
  'lat',
  'coordSystem',
  'presaleBeforeCompletion',
  'phases',
] as const;

function toInput(v: RegisterForm): ProjectInput {
  return {
    name: v.name.trim(),
    developerName: v.developerName.trim(),
    ...(v.developerUserId ? { developerUserId: v.developerUserId } : {}),
    regionCode: v.regionCode ?? '',
    households: v.households ?? 0,
    population: v.population ?? null,
    landArea: v.landArea ?? 0,
    floorArea: v.floorArea ?? 0,
    lon: v.lon ?? 0,
    lat: v.lat ?? 0,
    coordSystem: v.coordSystem,
    presaleBeforeCompletion: v.presaleBeforeCompletion,
    phases: (v.phases ?? []).map((p) => ({
      name: p.name.trim(),
      households: p.households ?? null,
      floorArea: p.floorArea ?? null,
      note: p.note?.trim() || null,
    })),
  };
}

/**
 * P7 登记项目: natural resources (for a developer account or none) or a developer (for itself)
 * registers a new residential project; the answer carries the facilities the standards require.
 */
export function ProjectRegisterDrawer({ onClose }: { onClose: () => void }) {
  const user = useCurrentUser();
  const developer = isDeveloperOnly(user);
  const [form] = Form.useForm<RegisterForm>();
  const register = useRegisterProject();
  const [created, setCreated] = useState<ProjectDetail | null>(null);
  const navigate = useNavigate();

  const save = async (v: RegisterForm) => {
    setCreated(await register.mutateAsync(toInput(v)));
  };

  if (created) {
    return (
      <Drawer open title="登记项目" size={1100} onClose={onClose} destroyOnHidden>
        <Result
          status="success"
          title={`已登记“${created.name}”`}
          subTitle={`按现行配建标准，本项目须配建 ${created.requiredFacilities.length} 类配套设施。下一步：自然资源部门出具规划条件，提交规划联合审查。`}
          extra={[
            <Button
              key="open"
              type="primary"
              onClick={() => {
                onClose();
                void navigate(`/projects/${created.id}`);
              }}
            >
              查看项目
            </Button>,
            <Button key="close" onClick={onClose}>
              关闭
            </Button>,
          ]}
          style={{ paddingBlock: 16 }}
        />
        <Typography.Title level={5}>应配建设施</Typography.Title>
        <RequiredFacilitiesTable
          facilities={created.requiredFacilities}
          label="新登记项目的应配建设施"
        />
      </Drawer>
    );
  }

  return (
    <FormDrawer<RegisterForm>
      title="登记项目"
      form={form}
      size={720}
      okText="登记"
      name="register-project"
      initialValues={{
        name: '',
        developerName: developer ? user.displayName : '',
        regionCode: null,
        households: null,
        landArea: null,
        floorArea: null,
        lon: null,
        lat: null,
        coordSystem: 'wgs84',
        presaleBeforeCompletion: false,
        phases: [],
      }}
      fields={FIELDS}
      intro={
        <>
          <Typography.Paragraph type="secondary">
            登记后系统按现行配建标准计算本项目应配建的配套设施（类型、面积、建设方式、产权归属和移交要求），作为各关口审查的依据。
          </Typography.Paragraph>
        </>
      }
      onSubmit={save}
      onClose={onClose}
    >
      <Form.Item
        label="项目名称"
        name="name"
        rules={[
          { required: true, whitespace: true, message: '请输入项目名称' },
          { max: 100, message: '不能超过 100 个字' },
        ]}
      >
        <Input maxLength={100} placeholder="如：锦绣华府" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={developer ? 24 : 12}>
          <Form.Item
            label="建设单位名称"
            name="developerName"
            rules={[
              { required: true, whitespace: true, message: '请输入建设单位名称' },
              { max: 100, message: '不能超过 100 个字' },
            ]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        {developer ? null : (
          <Col span={12}>
            <DeveloperAccountItem extra="关联后建设单位可查看本项目、提交后续材料、答复附加条件；可暂不关联" />
          </Col>
        )}
      </Row>
      <Form.Item
        label="所在社区（村居）"
        name="regionCode"
        extra="点击区县、镇街逐级展开，选择项目用地所在的社区（村居）"
        rules={[{ required: true, message: '请选择所在社区（村居）' }]}
      >
        <RegionTreeSelect
          rootCode={user.regionCode}
          selectableLevel="community"
          placeholder="选择社区（村居）"
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            label="户数"
            name="households"
            rules={[{ required: true, message: '请输入户数' }]}
          >
            <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="人口" name="population" extra="留空时按户数估算">
            <InputNumber min={1} max={500000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="用地面积（㎡）"
            name="landArea"
            rules={[{ required: true, message: '请输入用地面积' }]}
          >
            <InputNumber min={1} max={10000000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label="总建筑面积（㎡）"
            name="floorArea"
            rules={[{ required: true, message: '请输入总建筑面积' }]}
          >
            <InputNumber min={1} max={50000000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <SiteCols />
      </Row>
      <PresaleItem extra="竣工验收前预售的，预售前须征求配套设施主管部门意见（预售征求意见关口）" />
      <Typography.Text strong>分期</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        土地出让合同约定分期建设的，逐期填写；不分期可不填。
      </Typography.Paragraph>
      <PhasesList numbered />
    </FormDrawer>
  );
}
