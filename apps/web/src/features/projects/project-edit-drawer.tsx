import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { describeError } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth-context.tsx';
import { applyFieldErrors } from '../../shared/form-errors.ts';
import { COORD_SYSTEM_OPTIONS } from '../ledger/area-form-drawer.tsx';
import { buildProjectPatch, type ProjectEditValues as EditForm } from './project-format.ts';
import { useDeveloperAccounts, useUpdateProject, type ProjectDetail } from './projects.api.ts';

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
  const developers = useDeveloperAccounts(naturalResources);

  const save = async () => {
    const v = await form.validateFields();
    const patch = buildProjectPatch(project, v);
    if (Object.keys(patch).length === 1) {
      props.onClose();
      return;
    }
    update.mutate(
      { id: project.id, patch },
      {
        onSuccess: () => {
          void message.success('项目信息已保存');
          props.onClose();
        },
        onError: (e) => void applyFieldErrors(form, e, FIELDS),
      },
    );
  };

  return (
    <Drawer
      open
      title={`修改项目信息：${project.name}`}
      size={720}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={props.onClose}>取消</Button>
          <Button
            type="primary"
            loading={update.isPending}
            onClick={() => void save().catch(() => undefined)}
          >
            保存
          </Button>
        </Flex>
      }
    >
      {update.isError ? (
        <Alert
          type="error"
          showIcon
          title={describeError(update.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form<EditForm>
        form={form}
        layout="vertical"
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
              <Form.Item label="建设单位账号" name="developerUserId">
                <Select<number>
                  allowClear
                  placeholder="暂不关联"
                  loading={developers.isPending}
                  options={(developers.data ?? []).map((d) => ({
                    value: d.id,
                    label: `${d.displayName}（${d.username}）`,
                  }))}
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col span={8}>
            <Form.Item label="经度" name="lon" rules={[{ required: true, message: '请输入经度' }]}>
              <InputNumber min={73} max={136} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="纬度" name="lat" rules={[{ required: true, message: '请输入纬度' }]}>
              <InputNumber min={3} max={54} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="坐标系" name="coordSystem">
              <Select options={COORD_SYSTEM_OPTIONS} popupMatchSelectWidth={false} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          供地联合审查通过前可调整位置；未经人工调整的配建要求将按新位置重新计算。
        </Typography.Paragraph>
        <Form.Item label="是否在竣工验收前预售" name="presaleBeforeCompletion">
          <Radio.Group
            options={[
              { value: false, label: '否' },
              { value: true, label: '是' },
            ]}
          />
        </Form.Item>
        <Typography.Text strong>分期</Typography.Text>
        <Form.List name="phases">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请输入分期名称' }]}
                    style={{ flex: 2 }}
                  >
                    <Input placeholder="分期名称" aria-label="分期名称" maxLength={50} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'households']} style={{ flex: 1 }}>
                    <InputNumber
                      min={0}
                      precision={0}
                      placeholder="户数"
                      aria-label="分期户数"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'floorArea']} style={{ flex: 1 }}>
                    <InputNumber
                      min={0}
                      placeholder="建筑面积㎡"
                      aria-label="分期建筑面积"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'note']} style={{ flex: 2 }}>
                    <Input placeholder="说明" aria-label="分期说明" maxLength={200} />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label="删除该分期"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '' })}
                style={{ alignSelf: 'flex-start' }}
              >
                添加分期
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
