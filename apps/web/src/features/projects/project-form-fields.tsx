import { Button, Col, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { COORD_SYSTEM_OPTIONS } from '../ledger/area-form-drawer.tsx';
import { useDeveloperAccounts } from './projects.api.ts';

/** Form fields shared by 登记项目 and 修改项目信息. */

/** 建设单位账号: the developer account that may see the project (natural resources links it). */
export function DeveloperAccountItem(props: { extra?: string }) {
  const developers = useDeveloperAccounts(true);
  return (
    <Form.Item label="建设单位账号" name="developerUserId" extra={props.extra}>
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
  );
}

/** 经度 / 纬度 / 坐标系, three columns of a `Row`. */
export function SiteCols() {
  return (
    <>
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
    </>
  );
}

/** 是否在竣工验收前预售 (P9: then the pre-sale consultation gate applies). */
export function PresaleItem(props: { extra?: string }) {
  return (
    <Form.Item label="是否在竣工验收前预售" name="presaleBeforeCompletion" extra={props.extra}>
      <Radio.Group
        options={[
          { value: false, label: '否' },
          { value: true, label: '是' },
        ]}
      />
    </Form.Item>
  );
}

const PHASE_NUMERALS = ['一', '二', '三', '四', '五'];

/** 分期: name, households, floor area and note per phase. `numbered` names a new phase 一期, 二期 …. */
export function PhasesList(props: { numbered?: boolean }) {
  return (
    <Form.List name="phases">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field) => (
            <Flex key={field.key} gap={8} align="baseline">
              <Form.Item
                name={[field.name, 'name']}
                rules={[{ required: true, whitespace: true, message: '请输入分期名称' }]}
                style={{ flex: 2 }}
              >
                <Input placeholder="分期名称，如：一期" aria-label="分期名称" maxLength={50} />
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
            onClick={() =>
              add({
                name: props.numbered
                  ? `${PHASE_NUMERALS[fields.length] ?? fields.length + 1}期`
                  : '',
              })
            }
            style={{ alignSelf: 'flex-start' }}
          >
            添加分期
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
