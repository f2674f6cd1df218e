import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { can, homePathFor, type Permission } from '../api/access';
import { useSession } from '../api/auth';
import { ProblemAlert } from '../components/ProblemAlert';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Redirects to /login when there is no session. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, isLoading, error, refetch } = useSession();
  const location = useLocation();
  if (isLoading) return <FullPageSpin />;
  if (error) {
    return (
      <Flex vertical align="center" justify="center" style={{ minHeight: '60vh', padding: 24 }}>
        <ProblemAlert error={error} style={{ maxWidth: 560 }} />
        <Button onClick={() => void refetch()}>{t('common.retry')}</Button>
      </Flex>
    );
  }
  if (!user) {
    const from = location.pathname + location.search;
    return <Navigate to={from && from !== '/' ? `/login?from=${encodeURIComponent(from)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('error.forbiddenTitle')}
      subTitle={t('error.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('error.notFoundTitle')}
      subTitle={t('error.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** Renders children only when the user's role grants any of the permissions. */
export function RequirePermission({ perm, children }: { perm: Permission | Permission[]; children: ReactNode }) {
  const { user } = useSession();
  const perms = Array.isArray(perm) ? perm : [perm];
  if (!perms.some((p) => can(user, p))) return <Forbidden />;
  return <>{children}</>;
}

export function HomeRedirect() {
  const { user } = useSession();
  return <Navigate to={homePathFor(user)} replace />;
}
