import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Segmented, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { homePathFor } from '../../api/access';
import { useLogin, useSession } from '../../api/auth';
import { isApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { setLanguage, useLang, type Lang } from '../../i18n';

interface Values {
  username: string;
  password: string;
}

/** Only same-origin app paths are accepted as a post-login target. */
function safeFrom(from: string | null): string | null {
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/login')) return null;
  return from;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { user, isLoading } = useSession();
  const login = useLogin();
  const [cooldown, setCooldown] = useState(0);

  useEffect(() => {
    document.title = `${t('login.title')} - ${t('app.name')} ${t('app.fullName')}`;
  }, [t]);

  // Count down the Retry-After of a rate-limited login.
  useEffect(() => {
    const e = login.error;
    if (isApiError(e) && e.code === 'RATE_LIMITED') setCooldown(e.retryAfterSeconds ?? 0);
  }, [login.error]);
  useEffect(() => {
    if (cooldown <= 0) return;
    const id = window.setTimeout(() => setCooldown((c) => c - 1), 1000);
    return () => window.clearTimeout(id);
  }, [cooldown]);

  if (!isLoading && user) return <Navigate to={safeFrom(params.get('from')) ?? homePathFor(user)} replace />;

  const onFinish = (v: Values) => {
    login.mutate(
      { username: v.username.trim(), password: v.password },
      {
        onSuccess: (session) => navigate(safeFrom(params.get('from')) ?? homePathFor(session.user), { replace: true }),
      },
    );
  };

  const err = login.error;
  let errorView = null;
  if (isApiError(err) && err.code === 'RATE_LIMITED') {
    errorView = (
      <Alert
        type="warning"
        showIcon
        data-testid="login-error"
        data-code="RATE_LIMITED"
        style={{ marginBottom: 16 }}
        title={cooldown > 0 ? t('login.rateLimited', { seconds: cooldown }) : t('login.rateLimitedNoTime')}
      />
    );
  } else if (isApiError(err) && (err.status === 401 || err.code === 'UNAUTHENTICATED')) {
    errorView = <ProblemAlert error={err} title={t('login.failed')} data-testid="login-error" />;
  } else if (err) {
    errorView = <ProblemAlert error={err} form={form} data-testid="login-error" />;
  }

  return (
    <div className="rb-login-bg">
      <Flex vertical align="center" gap={20} style={{ width: '100%', maxWidth: 400 }}>
        <Flex align="center" gap={12}>
          <svg width="44" height="44" viewBox="0 0 32 32" aria-hidden="true">
            <path fill="#c41d2f" d="M16 2C16 2 5 14.5 5 21a11 11 0 0 0 22 0C27 14.5 16 2 16 2z" />
            <path fill="#fff" d="M14 14h4v4h4v4h-4v4h-4v-4h-4v-4h4z" />
          </svg>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </Flex>
        <Card
          style={{ width: '100%', boxShadow: '0 6px 24px rgba(0,0,0,0.06)' }}
          title={t('login.title')}
          extra={
            <Segmented<Lang>
              size="small"
              aria-label={t('header.language')}
              data-testid="lang-switch"
              value={lang}
              onChange={(v) => setLanguage(v)}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en-US', label: 'English' },
              ]}
            />
          }
        >
          {errorView}
          <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                data-testid="login-username"
                size="large"
              />
            </Form.Item>
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" size="large" />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={login.isPending}
              disabled={cooldown > 0}
              data-testid="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Text type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
          {t('login.footer')}
        </Typography.Text>
      </Flex>
    </div>
  );
}
