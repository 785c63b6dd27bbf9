import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Form, Input, QRCode, Typography } from 'antd';
import { api, describeError } from '../../api/client.ts';
import { useAuth, useCurrentUser } from '../../shared/session.tsx';
import { PageHeader } from '../../shared/page-header.tsx';

type Enrolment = { secret: string; otpauthUri: string };

/** The base32 secret in groups of four, as authenticator apps ask for it when typed by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/**
 * Binding a second factor (TOTP, RFC 6238) to one's own account: the secret and its otpauth
 * address for the authenticator app, a first code to confirm, then the one-time recovery codes,
 * shown once. Compulsory for the three administrators (等保 8.1.4.1 d), open to every account.
 */
export function SecondFactorPage() {
  const user = useCurrentUser();
  const { markMfaEnrolled } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const compulsory = user.mfaEnrolmentRequired === true;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrolment(await api.post<Enrolment>('/auth/mfa/enroll', {}));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (values: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ recoveryCodes: string[] }>('/auth/mfa/confirm', {
        code: values.code.trim(),
      });
      setRecoveryCodes(result.recoveryCodes);
      void message.success('动态验证码已绑定');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const finish = async () => {
    // Committed before the navigation: the guard must not see the account as still unbound on
    // the way home and send it back here.
    flushSync(markMfaEnrolled);
    await navigate('/', { replace: true });
  };

  let body;
  if (recoveryCodes) {
    body = (
      <Card title="一次性恢复码">
        <Alert
          type="warning"
          showIcon
          title="请立即抄写或打印并妥善保管。手机丢失时，每个恢复码可代替动态验证码登录一次。离开本页后不再显示。"
          style={{ marginBottom: 16 }}
        />
        <ul
          aria-label="恢复码"
          className="recovery-codes"
          style={{ columns: 2, fontFamily: 'monospace' }}
        >
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Button type="primary" onClick={() => void finish()}>
          我已保存恢复码，进入系统
        </Button>
      </Card>
    );
  } else if (user.mfaEnabled && !enrolment) {
    body = (
      <Alert
        type="success"
        showIcon
        title="本账号已绑定动态验证码，登录时须输入手机上的 6 位验证码。如手机丢失或需更换，请联系安全管理员重置。"
      />
    );
  } else if (!enrolment) {
    body = (
      <Card>
        <Typography.Paragraph>
          请先在手机上安装支持 TOTP 标准的身份验证器应用（如 FreeOTP、Microsoft Authenticator
          等），然后点击下面的按钮。
        </Typography.Paragraph>
        <Button type="primary" loading={busy} onClick={() => void start()}>
          开始绑定
        </Button>
      </Card>
    );
  } else {
    body = (
      <Card>
        <Typography.Paragraph>
          第一步：用身份验证器扫描下面的二维码（账号 {user.username}，基于时间，30 秒，6 位）。
        </Typography.Paragraph>
        <div role="img" aria-label="绑定二维码" data-testid="mfa-qr" style={{ marginBottom: 16 }}>
          <QRCode value={enrolment.otpauthUri} type="svg" size={176} bordered={false} />
        </div>
        <Typography.Paragraph type="secondary">
          无法扫码时，在验证器中选择“手动输入密钥”，账号填写 {user.username}，密钥如下：
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: enrolment.secret }} strong>
          <code data-testid="mfa-secret">{grouped(enrolment.secret)}</code>
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          支持链接导入的应用也可使用下面的地址：
        </Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: enrolment.otpauthUri }}>
          <code data-testid="mfa-uri" style={{ wordBreak: 'break-all' }}>
            {enrolment.otpauthUri}
          </code>
        </Typography.Paragraph>
        <Typography.Paragraph>
          第二步：输入验证器上显示的 6 位验证码，完成绑定。
        </Typography.Paragraph>
        <Form<{ code: string }>
          layout="inline"
          onFinish={(values) => void confirm(values)}
          aria-label="确认绑定"
        >
          <Form.Item
            label="动态验证码"
            name="code"
            rules={[
              { required: true, message: '请输入 6 位动态验证码' },
              { pattern: /^\s*\d{6}\s*$/, message: '动态验证码为 6 位数字' },
            ]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            确认绑定
          </Button>
        </Form>
      </Card>
    );
  }

  return (
    <div style={{ maxWidth: 640 }}>
      <PageHeader
        title="动态验证码（双因素认证）"
        subtitle="登录时除密码外，还须输入手机身份验证器上的 6 位动态验证码。"
      />
      {compulsory && !recoveryCodes ? (
        <Alert
          type="warning"
          showIcon
          title="您的账号须先绑定动态验证码后才能使用系统。"
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
      ) : null}
      {body}
    </div>
  );
}
