import {
  AlertOutlined,
  SafetyCertificateOutlined,
  AuditOutlined,
  BankOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  NodeIndexOutlined,
  ShoppingCartOutlined,
  TeamOutlined,
  UserOutlined,
  DatabaseOutlined,
  MedicineBoxOutlined,
  AccountBookOutlined,
  AuditOutlined as ClaimIcon,
  UsergroupAddOutlined,
  IdcardOutlined,
  TrophyOutlined,
  ThunderboltOutlined,
  ClusterOutlined,
  WarningOutlined,
  CalendarOutlined,
  CarOutlined,
  FireOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Flex, Layout, Menu, Segmented, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { can, isHospitalUser, type Permission } from '../api/access';
import { useLogout, useSession } from '../api/auth';
import { setLanguage, useLang, type Lang } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';
import { FullPageSpin } from './guards';

interface NavItem {
  key: string;
  path: string;
  perm: Permission;
  icon: ReactNode;
  label: string;
}

function Logo({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Link to="/" className="rb-brand" aria-label={`${t('app.name')} ${t('app.fullName')}`}>
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true" style={{ flex: 'none' }}>
        <path fill="#fff" d="M16 2C16 2 5 14.5 5 21a11 11 0 0 0 22 0C27 14.5 16 2 16 2z" />
        <path fill="#a8071a" d="M14 14h4v4h4v4h-4v4h-4v-4h-4v-4h4z" />
      </svg>
      {!collapsed && (
        <div>
          <div className="rb-brand-title">{t('app.name')}</div>
          <div className="rb-brand-sub">{t('app.fullName')}</div>
        </div>
      )}
    </Link>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useSession();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const hospital = isHospitalUser(user);

  const nav: NavItem[] = [
    { key: 'dashboard', path: '/dashboard', perm: 'dashboard.view', icon: <DashboardOutlined />, label: t('nav.dashboard') },
    { key: 'donors', path: '/donors', perm: 'donor.view', icon: <TeamOutlined />, label: t('nav.donors') },
    { key: 'donations', path: '/donations', perm: 'donation.view', icon: <ExperimentOutlined />, label: t('nav.donations') },
    {
      key: 'units',
      // A hospital's stock is what it received and has not yet transfused (status issued, held at the hospital).
      path: hospital ? '/units?status=issued' : '/units?status=available',
      perm: 'unit.view',
      icon: <DatabaseOutlined />,
      label: hospital ? t('nav.hospitalStock') : t('nav.units'),
    },
    {
      key: 'orders',
      path: '/orders',
      perm: 'order.view',
      icon: <ShoppingCartOutlined />,
      label: hospital ? t('nav.hospitalOrders') : t('nav.orders'),
    },
    { key: 'emergencies', path: '/emergencies', perm: 'emergency.view', icon: <ThunderboltOutlined />, label: t('nav.emergency') },
    { key: 'alerts', path: '/alerts', perm: 'alert.view', icon: <WarningOutlined />, label: t('nav.alerts') },
    { key: 'reserve', path: '/reserve', perm: 'reserve.view', icon: <ClusterOutlined />, label: t('nav.reserve') },
    { key: 'donor-service', path: '/donor-service/appointments', perm: 'donorService.view', icon: <CalendarOutlined />, label: t('nav.donorService') },
    { key: 'bloodbank', path: '/bloodbank', perm: 'bloodbank.view', icon: <MedicineBoxOutlined />, label: t('nav.bloodbank') },
    { key: 'transport', path: '/transport', perm: 'transport.view', icon: <CarOutlined />, label: t('nav.transport') },
    { key: 'coldchain', path: '/coldchain', perm: 'coldchain.view', icon: <FireOutlined />, label: t('nav.coldchain') },
    { key: 'regional', path: '/regional', perm: 'regional.view', icon: <ClusterOutlined />, label: t('nav.regional') },
    { key: 'readers', path: '/readers', perm: 'readers.view', icon: <WifiOutlined />, label: t('nav.readers') },
    { key: 'lab', path: '/lab', perm: 'lab.view', icon: <SafetyCertificateOutlined />, label: t('nav.lab') },
    { key: 'recalls', path: '/recalls', perm: 'recall.view', icon: <AlertOutlined />, label: t('nav.recalls') },
    { key: 'trace', path: '/trace', perm: 'trace.view', icon: <NodeIndexOutlined />, label: t('nav.trace') },
    { key: 'benefits-window', path: '/benefits/window', perm: 'benefits.window', icon: <MedicineBoxOutlined />, label: t('nav.benefitsWindow') },
    { key: 'benefits-claims', path: '/benefits/claims', perm: 'benefits.review', icon: <ClaimIcon />, label: t('nav.benefitsClaims') },
    { key: 'benefits-relations', path: '/benefits/relations', perm: 'benefits.review', icon: <UsergroupAddOutlined />, label: t('nav.benefitsRelations') },
    { key: 'benefits-ledger', path: '/benefits/ledger', perm: 'benefits.ledger', icon: <AccountBookOutlined />, label: t('nav.benefitsLedger') },
    { key: 'honours-cards', path: '/honours/cards', perm: 'honours.manage', icon: <IdcardOutlined />, label: t('nav.honourCards') },
    { key: 'honours-awards', path: '/honours/awards', perm: 'awards.view', icon: <TrophyOutlined />, label: t('nav.awards') },
    { key: 'audit', path: '/audit', perm: 'audit.view', icon: <AuditOutlined />, label: t('nav.audit') },
  ].filter((i) => can(user, i.perm as Permission)) as NavItem[];

  const menuItems: MenuProps['items'] = nav.map((i) => ({
    key: i.key,
    icon: i.icon,
    label: (
      <Link to={i.path} data-testid={`nav-${i.key}`}>
        {i.label}
      </Link>
    ),
  }));
  const [first = '', second = ''] = location.pathname.split('/').slice(1);
  const selected = first === 'benefits' || first === 'honours' ? `${first}-${second}` : first;

  const onLogout = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        collapsedWidth={64}
        trigger={null}
        style={{ borderInlineEnd: '1px solid #f0f0f0' }}
      >
        <Logo collapsed={collapsed} />
        <nav aria-label={t('nav.menu')}>
          <Menu mode="inline" selectedKeys={[selected]} items={menuItems} style={{ borderInlineEnd: 0, paddingTop: 8 }} />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={12}>
            <Flex align="center" gap={12} style={{ minWidth: 0 }}>
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
                aria-label={collapsed ? t('header.expand') : t('header.collapse')}
              />
              {user && (
                <Flex align="center" gap={8} style={{ minWidth: 0 }} data-testid="header-org">
                  <BankOutlined style={{ color: '#a8071a' }} />
                  <Typography.Text strong ellipsis style={{ maxWidth: 320 }}>
                    {user.orgName}
                  </Typography.Text>
                  <Tag style={{ marginInlineEnd: 0 }}>{t(`orgType.${user.orgType}`, { defaultValue: user.orgType })}</Tag>
                </Flex>
              )}
            </Flex>
            <Flex align="center" gap={16}>
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
              {user && (
                <Tooltip title={t(`role.${user.role}`, { defaultValue: user.role })}>
                  <Flex align="center" gap={8} data-testid="header-user" aria-label={t('header.userMenu')}>
                    <Avatar size="small" icon={<UserOutlined />} style={{ background: '#a8071a' }} />
                    <Flex vertical style={{ lineHeight: 1.2 }}>
                      <Typography.Text strong>{user.displayName || user.username}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t(`role.${user.role}`, { defaultValue: user.role })}
                      </Typography.Text>
                    </Flex>
                  </Flex>
                </Tooltip>
              )}
              <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} data-testid="logout-button">
                {t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 20 }}>
          <main>
            <ErrorBoundary key={location.pathname}>
              <Suspense fallback={<FullPageSpin />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </main>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c', padding: '12px 20px' }}>
          {t('app.name')} · {t('app.fullName')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
