// 登录: ID number with a one-time code (the demo shows the "SMS" on the page) or with the password.
import { Alert, Button, Card, Flex, Form, Input, Result, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, sendJson } from '../shared/api.ts';
import { chinaTime } from '../shared/format.ts';
import { navigate } from '../shared/router.ts';
import type { LoginCodeAnswer } from './api-types.ts';
import { refusalReason, showRefusalAtField } from './problems.ts';
import { PORTAL } from './routes.ts';
import { useSession } from './session.tsx';

type LoginMode = 'code' | 'password';
interface LoginValues {
  readonly certno: string;
  readonly code?: string;
  readonly password?: string;
}

const CERTNO_PATTERN = /^\d{17}[\dX]$/;
/** How long before another code may be asked for, as an SMS gateway would allow. */
const RESEND_AFTER_S = 60;

/** Only an address inside the portal is a place to come back to (no open redirect through `next`). */
const targetOf = (next: string | null): string =>
  next?.startsWith('/portal/') && !next.startsWith(PORTAL.login) ? next : PORTAL.filings;

export function LoginPage({ next }: { readonly next: string | null }) {
  const { state, refresh, logout } = useSession();
  const [form] = Form.useForm<LoginValues>();
  const [mode, setMode] = useState<LoginMode>('code');
  const [sms, setSms] = useState<LoginCodeAnswer>();
  const [sending, setSending] = useState(false);
  const [resendIn, setResendIn] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();
  const target = targetOf(next);

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = setTimeout(() => setResendIn((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [resendIn]);

  if (state.kind === 'signed-in')
    return (
      <Result
        status="success"
        title={`已登录：${state.me.person.psn_name}`}
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => navigate(target)}>
              继续
            </Button>
            <Button onClick={() => logout()}>退出并换一个账号</Button>
          </Space>
        }
      />
    );

  const sendCode = async () => {
    setFormError(undefined);
    const { certno } = await form.validateFields(['certno']).catch(() => ({ certno: undefined }));
    if (!certno) return;
    setSending(true);
    try {
      setSms(await sendJson<LoginCodeAnswer>('POST', '/api/portal/login-code', { certno }));
      setResendIn(RESEND_AFTER_S);
    } catch (error) {
      if (!showRefusalAtField(form, error, (field) => (field === 'certno' ? 'certno' : undefined)))
        setFormError(refusalReason(error));
    } finally {
      setSending(false);
    }
  };

  const login = async (values: LoginValues) => {
    setFormError(undefined);
    setSubmitting(true);
    try {
      const credential = mode === 'code' ? { code: values.code } : { password: values.password };
      await sendJson('POST', '/api/portal/login', { certno: values.certno, ...credential });
      await refresh();
      navigate(target);
    } catch (error) {
      // A wrong code, a wrong password and an unknown person read the same (401); it belongs at the secret.
      const secretField = mode === 'code' ? 'code' : 'password';
      if (error instanceof ApiError && error.status === 401)
        form.setFields([{ name: secretField, errors: [refusalReason(error)] }]);
      else if (
        !showRefusalAtField(form, error, (field) =>
          field === 'certno' ? 'certno' : field === 'code' || field === 'password' ? secretField : undefined,
        )
      )
        setFormError(refusalReason(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex justify="center">
      <Card style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          参保人登录
        </Typography.Title>
        {state.kind === 'signed-out' && state.expired && (
          <Alert type="warning" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} />
        )}
        <Segmented<LoginMode>
          block
          value={mode}
          onChange={setMode}
          options={[
            { value: 'code', label: '验证码登录' },
            { value: 'password', label: '密码登录' },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Form form={form} name="login" layout="vertical" onFinish={login} requiredMark={false}>
          <Form.Item
            name="certno"
            label="身份证号码"
            normalize={(value: string) => value.trim().toUpperCase()}
            rules={[
              { required: true, message: '请输入身份证号码' },
              { pattern: CERTNO_PATTERN, message: '身份证号码为18位，最后一位可以是X' },
            ]}
          >
            <Input autoComplete="username" inputMode="text" maxLength={18} placeholder="18位居民身份证号码" />
          </Form.Item>
          {mode === 'code' ? (
            <>
              <Form.Item label="验证码" htmlFor="login_code" required>
                <Flex gap={8}>
                  <Form.Item
                    name="code"
                    noStyle
                    rules={[
                      { required: true, message: '请输入验证码' },
                      { pattern: /^\d{6}$/, message: '验证码为6位数字' },
                    ]}
                  >
                    <Input
                      autoComplete="one-time-code"
                      inputMode="numeric"
                      maxLength={6}
                      placeholder="6位数字"
                    />
                  </Form.Item>
                  <Button onClick={sendCode} loading={sending} disabled={resendIn > 0}>
                    {resendIn > 0 ? `${resendIn}秒后重新获取` : '获取验证码'}
                  </Button>
                </Flex>
              </Form.Item>
              {sms && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={sms.demo_code ? '演示短信' : '验证码已发送'}
                  description={
                    sms.demo_code
                      ? `【医保服务平台】您的登录验证码为 ${sms.demo_code}，${chinaTime(sms.expires_at).slice(11, 16)} 前有效，请勿告诉他人。（演示环境没有短信网关，验证码显示在这里）`
                      : '验证码已发送到您在参保地预留的手机号码，5分钟内有效。'
                  }
                />
              )}
            </>
          ) : (
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
          )}
          {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={submitting}>
            登录
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
