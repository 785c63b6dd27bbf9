import { useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Button, Flex, theme } from 'antd';
// The two inputs themselves, not antd's Input index, which also brings TextArea, Search and OTP.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { describeError } from '../../api/client.ts';
import { useAuth, type SignInLocationState } from '../../shared/session.tsx';
import { PLATFORM_NAME, POLICY_REFERENCE } from '../../shared/platform.ts';
import { BootLoading } from '../../shared/boot-loading.tsx';

type SignInForm = { username: string; password: string; code: string };
type CodeForm = { code: string };

export function SignInPage() {
  const { state, signIn, completeMfa } = useAuth();
  const { token } = theme.useToken();
  const [mfaStep, setMfaStep] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [values, setValues] = useState<SignInForm>({ username: '', password: '', code: '' });
  const [missing, setMissing] = useState<Partial<SignInForm>>({});
  const from = (location.state as SignInLocationState)?.from ?? '/';

  if (state.status === 'loading') return <BootLoading />;
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

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const check = {
      username: values.username.trim() === '' ? '请输入用户名' : undefined,
      password: values.password === '' ? '请输入密码' : undefined,
    };
    setMissing(check);
    if (!check.username && !check.password) void onFinish(values);
  };
  const submitCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = values.code.trim();
    setMissing({ code: code ? undefined : '请输入动态验证码' });
    if (code) void onCode({ code });
  };
  const field = (name: keyof SignInForm, label: string, input: ReactNode) => (
    <div style={{ marginBottom: 24 }}>
      <label
        htmlFor={`sign-in-${name}`}
        style={{ display: 'block', paddingBottom: 8, color: token.colorTextHeading }}
      >
        {label}
      </label>
      {input}
      {missing[name] ? (
        <div role="alert" style={{ color: token.colorError, marginTop: 4 }}>
          {missing[name]}
        </div>
      ) : null}
    </div>
  );

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
      {/* A plain box, not antd's Card and Typography: they bring tabs, menus and tooltips into
          the first download (P13, < 200 KB gzip before sign-in). */}
      <section
        style={{
          width: 420,
          maxWidth: '100%',
          padding: 32,
          background: token.colorBgContainer,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
        }}
      >
        <h1
          style={{
            textAlign: 'center',
            margin: '0 0 4px',
            fontSize: 22,
            fontWeight: 600,
            color: token.colorTextHeading,
          }}
        >
          {PLATFORM_NAME}
        </h1>
        <p style={{ textAlign: 'center', margin: '0 0 24px', color: token.colorTextSecondary }}>
          淄博市 · 依据{POLICY_REFERENCE}
        </p>
        {notice ? (
          // antd's Alert look (error or warning box) without its code in the first download.
          <div
            role="alert"
            style={{
              marginBottom: 16,
              padding: '8px 12px',
              borderRadius: token.borderRadiusLG,
              border: `1px solid ${error ? token.colorErrorBorder : token.colorWarningBorder}`,
              background: error ? token.colorErrorBg : token.colorWarningBg,
              color: token.colorText,
            }}
          >
            {notice}
          </div>
        ) : null}
        {/* A native form, not antd's Form: its validator, grid and tooltips are ~30 KB gzip of
            the first download. The two checks are the same as before. */}
        {mfaStep ? (
          <form onSubmit={submitCode} aria-label="动态验证码" noValidate>
            {field(
              'code',
              '动态验证码（验证器应用中的 6 位数字，或一个恢复码）',
              <Input
                id="sign-in-code"
                autoComplete="one-time-code"
                inputMode="numeric"
                autoFocus
                size="large"
                status={missing.code ? 'error' : undefined}
                value={values.code}
                onChange={(e) => setValues((v) => ({ ...v, code: e.target.value }))}
              />,
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              验证
            </Button>
          </form>
        ) : null}
        <form onSubmit={submit} aria-label="登录" noValidate hidden={mfaStep}>
          {field(
            'username',
            '用户名',
            <Input
              id="sign-in-username"
              autoComplete="username"
              autoFocus
              size="large"
              status={missing.username ? 'error' : undefined}
              value={values.username}
              onChange={(e) => setValues((v) => ({ ...v, username: e.target.value }))}
            />,
          )}
          {field(
            'password',
            '密码',
            <Password
              id="sign-in-password"
              autoComplete="current-password"
              size="large"
              status={missing.password ? 'error' : undefined}
              value={values.password}
              onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
            />,
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            登录
          </Button>
        </form>
      </section>
    </Flex>
  );
}
