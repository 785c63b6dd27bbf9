import { App, Col, Form, Input, Row, Typography } from 'antd';
import { useCurrentUser } from '../../shared/session.tsx';
import { buildProjectPatch, type ProjectEditValues as EditForm } from './project-format.ts';
import { useUpdateProject, type ProjectDetail } from './projects.api.ts';
import { DeveloperAccountItem, PhasesList, PresaleItem, SiteCols } from './project-form-fields.tsx';
import { FormDrawer } from '../../shared/kit/index.ts';

const FIELDS = [
  'name',
  'developerName',
  'developerUserId',
  'lon',
  'lat',
  'presaleBeforeCompletion',
  'phases',
] as const;

/**
 * 修改项目信息: name, developer, phases, site and the pre-sale flag. The site may move only
 * before land supply passes (the required facilities follow it); the pre-sale flag only while
 * its consultation is ahead — the server says so when it is too late.
 */
export function ProjectEditDrawer(props: { project: ProjectDetail; onClose: () => void }) {
  const { project } = props;
  const user = useCurrentUser();
  const naturalResources = !!user.departmentCode?.endsWith('-natural_resources');
  const { message } = App.useApp();
  const [form] = Form.useForm<EditForm>();
  const update = useUpdateProject();

  const save = async (v: EditForm) => {
    const patch = buildProjectPatch(project, v);
    if (Object.keys(patch).length === 1) {
      props.onClose();
      return;
    }
    await update.mutateAsync({ id: project.id, patch });
    void message.success('项目信息已保存');
    props.onClose();
  };

  return (
    <FormDrawer<EditForm>
      title={`修改项目信息：${project.name}`}
      form={form}
      size={720}
      name="edit-project"
      initialValues={{
        name: project.name,
        developerName: project.developerName,
        ...(naturalResources ? { developerUserId: project.developerUserId } : {}),
        lon: project.lon,
        lat: project.lat,
        coordSystem: 'wgs84',
        presaleBeforeCompletion: project.presaleBeforeCompletion,
        phases: project.phases,
      }}
      fields={FIELDS}
      onSubmit={save}
      onClose={props.onClose}
    >
      <Form.Item
        label="项目名称"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请输入项目名称' }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={naturalResources ? 12 : 24}>
          <Form.Item
            label="建设单位名称"
            name="developerName"
            rules={[{ required: true, whitespace: true, message: '请输入建设单位名称' }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        {naturalResources ? (
          <Col span={12}>
            <DeveloperAccountItem />
          </Col>
        ) : null}
        <SiteCols />
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        供地联合审查通过前可调整位置；未经人工调整的配建要求将按新位置重新计算。
      </Typography.Paragraph>
      <PresaleItem />
      <Typography.Text strong>分期</Typography.Text>
      <div style={{ marginTop: 8 }}>
        <PhasesList />
      </div>
    </FormDrawer>
  );
}
