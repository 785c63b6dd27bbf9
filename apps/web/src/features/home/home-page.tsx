import { useNavigate } from 'react-router';
import { Alert, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { ROLE_NAMES, type RoleCode, type SessionUser } from '@zibo/shared';
import { useDepartments, useRegion } from '../../api/reference.ts';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { useMenuShortcuts } from '../../shared/menu.tsx';
import { PageHeader } from '../../shared/page-header.tsx';
import { RoleTags } from '../../shared/status-tag.tsx';
import { describeCategories } from '../../shared/facility-vocabulary.ts';
import { TodoPanel } from './todo-panel.tsx';

/** What each role does on the platform (DESIGN.md → Who uses it), in the user's words. */
const ROLE_DUTIES: Record<RoleCode, string> = {
  sys_admin: '管理账号和系统设置；按三员分立原则，不接触业务数据。',
  security_admin: '为账号授予角色和数据范围（行政区划 × 设施类别）。',
  audit_admin: '查阅并校验审计日志；日志只增不改，哈希链可发现任何篡改。',
  office: '督导全市配套设施排查摸底、问题整治和新建项目监管，分解任务、定期通报。',
  department: '制定主管类别的配建标准，备案台账、指导整治方案、核验销号，参加联合审查。',
  district: '组织本区县排查摸底、建立台账，编制整治方案并报送整改进展。',
  street: '录入本镇街的台账和整改进展，分拣居民反馈。',
  community: '录入本社区的台账和整改进展，分拣居民反馈。',
  leader: '查看辖区总体情况，调度重点难点问题。',
  developer_org: '提交本单位新建居住区项目资料，回应审查意见。',
};

/** The workbench: what waits for you, who you are, what you may see, where to go next. */
export function HomePage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const shortcuts = useMenuShortcuts().filter((r) => r.path !== '');

  return (
    <>
      <PageHeader
        title="工作台"
        subtitle={`您好，${user.displayName}。以下是您的待办、职责和可以使用的功能。`}
      />
      {user.roles.length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title="您的账号尚未授予角色"
          description="请联系安全管理员为您授予角色和数据范围后再使用系统。"
          style={{ marginBottom: 16 }}
        />
      ) : (
        <div style={{ marginBottom: 16 }}>
          <TodoPanel />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title="我的账号">
            <AccountSummary user={user} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="我的职责">
            {user.roles.length === 0 ? (
              <Typography.Text type="secondary">暂无</Typography.Text>
            ) : (
              <Flex vertical gap={8}>
                {user.roles.map((r) => (
                  <div key={r}>
                    <Tag color="blue">{ROLE_NAMES[r]}</Tag>
                    {ROLE_DUTIES[r]}
                  </div>
                ))}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        常用功能
      </Typography.Title>
      {shortcuts.length === 0 ? (
        <Typography.Text type="secondary">暂无可用功能</Typography.Text>
      ) : (
        <Row gutter={[16, 16]}>
          {shortcuts.map((r) => (
            <Col key={r.path} xs={24} md={12} xl={8}>
              <Card
                hoverable
                style={{ height: '100%' }}
                role="link"
                tabIndex={0}
                aria-label={r.label}
                onClick={() => void navigate(`/${r.path}`)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void navigate(`/${r.path}`);
                }}
              >
                <Flex align="center" gap={16}>
                  <span style={{ fontSize: 28, color: '#1677ff' }}>{r.icon}</span>
                  <Flex vertical flex={1}>
                    <Typography.Text strong>{r.label}</Typography.Text>
                    <Typography.Text type="secondary">{r.description}</Typography.Text>
                  </Flex>
                  <RightOutlined style={{ color: '#bfbfbf' }} />
                </Flex>
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

function AccountSummary({ user }: { user: SessionUser }) {
  const { hasPermission } = useAuth();
  // The audit administrator reads no reference data (三员分立): show codes rather than ask.
  const canReadReference = hasPermission('reference.read');
  const region = useRegion(canReadReference ? user.regionCode : null);
  // Department codes are `<region code>-<kind>`, e.g. `${user.cityCode}-education`.
  const departmentRegion = user.departmentCode?.split('-')[0] ?? null;
  const departments = useDepartments(departmentRegion, canReadReference && !!departmentRegion);
  const departmentName =
    departments.data?.find((d) => d.code === user.departmentCode)?.name ?? user.departmentCode;

  const regionName = region.data
    ? region.data.path.map((p) => p.name).join(' / ')
    : user.regionCode === user.cityCode
      ? user.cityName
      : (user.regionCode ?? '—');
  // A developer's account reads its own projects only (P7), wherever its region grant lies:
  // "淄博市" beside it would promise the whole city's data, and categories do not apply.
  const developerOnly = user.roles.length > 0 && user.roles.every((r) => r === 'developer_org');

  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'username', label: '用户名', children: user.username },
        { key: 'roles', label: '角色', children: <RoleTags roles={user.roles} /> },
        {
          key: 'region',
          label: '数据范围',
          children: developerOnly ? `本单位登记的新建项目（${regionName}）` : regionName,
        },
        ...(user.departmentCode
          ? [{ key: 'department', label: '所属部门', children: departmentName }]
          : []),
        ...(developerOnly
          ? []
          : [
              {
                key: 'categories',
                label: '设施类别',
                children: describeCategories(user.categories),
              },
            ]),
      ]}
    />
  );
}
