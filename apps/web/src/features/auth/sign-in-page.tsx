import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { describeError } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import type { SignInLocationState } from '../../app/guards.tsx';
import { PLATFORM_NAME, POLICY_REFERENCE } from '../../shared/platform.ts';
import { PageLoading } from '../../shared/states.tsx';

type SignInForm = { username: string; password: string };
type CodeForm = { code: string };

export function SignInPage() {
  const { state, signIn, completeMfa } = useAuth();
  const [mfaStep, setMfaStep] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const from = (location.state as SignInLocationState)?.from ?? '/';

  if (state.status === 'loading') return <PageLoading />;
  if (state.status === 'signed-in') return <Navigate to={from} replace />;

  const onFinish = async (values: SignInForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const user = await signIn(values.username.trim(), values.password);
      if (!user) {
        setMfaStep(true);
        return;
      }
      await navigate(from, { replace: true });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const onCode = async (values: CodeForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await completeMfa(values.code.trim());
      await navigate(from, { replace: true });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSubmitting(false);
    }
  };

  const notice = error ?? state.notice;

  return (
    <Flex
      justify="center"
      align="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f7fa 60%)',
      }}
    >
      <Card style={{ width: 420, maxWidth: '100%' }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={2} style={{ textAlign: 'center', marginBottom: 4, fontSize: 22 }}>
          {PLATFORM_NAME}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 24 }}>
          淄博市 · 依据{POLICY_REFERENCE}
        </Typography.Paragraph>
        {notice ? (
          <Alert
            type={error ? 'error' : 'warning'}
            showIcon
            title={notice}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        ) : null}
        {mfaStep ? (
          <Form<CodeForm>
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => void onCode(values)}
            aria-label="动态验证码"
          >
            <Form.Item
              label="动态验证码"
              name="code"
              extra="请输入手机验证器应用中显示的 6 位数字，或一个一次性恢复码"
              rules={[{ required: true, whitespace: true, message: '请输入动态验证码' }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" autoFocus size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              验证
            </Button>
          </Form>
        ) : null}
        <Form<SignInForm>
          hidden={mfaStep}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void onFinish(values)}
          aria-label="登录"
        >
          <Form.Item
            label="用户名"
            name="username"
            rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label="密码"
            name="password"
            rules={[{ required: true, message: '请输入密码' }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
