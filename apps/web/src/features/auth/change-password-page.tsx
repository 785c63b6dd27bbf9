import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { passwordProblem } from '@zibo/shared';
import { ApiError, describeError } from '../../api/client.ts';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';

type ChangePasswordForm = { currentPassword: string; newPassword: string; confirmPassword: string };

/**
 * Changing one's own password. The same page serves the forced change of an
 * administrator-set password at first sign-in (API.md → Auth) and the voluntary change.
 */
export function ChangePasswordPage() {
  const user = useCurrentUser();
  const { changePassword } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangePasswordForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const forced = user.mustChangePassword;

  const onFinish = async (values: ChangePasswordForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      void message.success('密码已修改');
      await navigate('/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) {
        form.setFields(
          e.fieldErrors
            .filter((f) => f.path === 'currentPassword' || f.path === 'newPassword')
            .map((f) => ({ name: f.path as keyof ChangePasswordForm, errors: [f.message] })),
        );
      }
      setError(describeError(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div style={{ maxWidth: 520 }}>
      <PageHeader
        title={forced ? '首次登录请修改密码' : '修改密码'}
        subtitle="密码至少 8 位，须包含大写字母、小写字母、数字、符号中的至少三类。"
      />
      {forced ? (
        <Alert
          type="warning"
          showIcon
          title="您的密码由管理员设置或已超过有效期，须修改后才能使用系统。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
      ) : null}
      <Card>
        <Form<ChangePasswordForm>
          form={form}
          layout="vertical"
          onFinish={(values) => void onFinish(values)}
          aria-label="修改密码"
        >
          <Form.Item
            label="当前密码"
            name="currentPassword"
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[
              { required: true, message: '请输入新密码' },
              {
                validator: async (_, value: string | undefined) => {
                  const problem = value ? passwordProblem(value) : null;
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) {
                    throw new Error('两次输入的新密码不一致');
                  }
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              确认修改
            </Button>
            {forced ? null : <Button onClick={() => void navigate(-1)}>取消</Button>}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
