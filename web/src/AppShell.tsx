import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  SettingOutlined,
  HomeOutlined,
  SafetyOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { NoticeBell } from './components/NoticeBell.js';
import { RegionSwitcher } from './components/RegionSwitcher.js';
import { useI18n } from './i18n.js';
import { useAuth } from './auth.js';
import { AuditPage } from './pages/AuditPage.js';
import { CasePage } from './pages/CasePage.js';
import { CaseSettingsPage } from './pages/CaseSettingsPage.js';
import { CasesPage } from './pages/CasesPage.js';
import { IndicatorsPage } from './pages/IndicatorsPage.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { ImportPage } from './pages/ImportPage.js';
import { RegionsPage } from './pages/RegionsPage.js';
import { RegistryPage } from './pages/RegistryPage.js';
import { SecurityPage } from './pages/SecurityPage.js';
import { UsersPage } from './pages/UsersPage.js';

/** Left navigation (only what works), header with the region switcher and the language switch. */
export function AppShell() {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const section = location.pathname.split('/')[1] || 'regions';
  const { me, loading, signOut } = useAuth();
  if (loading) return <Spin style={{ margin: 80 }} />;
  if (!me) return <LoginPage />;
  if (me.mustChangePassword) return <ChangePasswordPage forced />;
  // land where the user works: the node of their first region-bound role
  const scope = me.user.roles.find((r) => r.regionCode)?.regionCode;
  const home = scope ? `/regions/${scope}` : '/regions';
  const menu = [
    { key: 'regions', icon: <ApartmentOutlined />, label: t('navRegions') },
    ...(me.abilities.includes('registry.read')
      ? [{ key: 'registry', icon: <HomeOutlined />, label: t('navRegistry') }]
      : []),
    ...(me.abilities.includes('cases.read')
      ? [{ key: 'cases', icon: <AlertOutlined />, label: lang === 'zh' ? '案件办理' : 'Cases' }]
      : []),
    ...(me.abilities.includes('cases.indicators')
      ? [{ key: 'indicators', icon: <BarChartOutlined />, label: lang === 'zh' ? '案件指标' : 'Indicators' }]
      : []),
    ...(me.abilities.includes('cases.configure')
      ? [{ key: 'case-settings', icon: <SettingOutlined />, label: lang === 'zh' ? '案件设置' : 'Case settings' }]
      : []),
    ...(me.abilities.includes('identity.list_users') || me.abilities.includes('identity.unlock_user')
      ? [{ key: 'users', icon: <TeamOutlined />, label: t('navUsers') }]
      : []),
    ...(me.abilities.includes('identity.read_audit')
      ? [{ key: 'audit', icon: <AuditOutlined />, label: t('navAudit') }]
      : []),
    ...(me.abilities.includes('identity.read_security_settings')
      ? [{ key: 'security', icon: <SafetyOutlined />, label: t('navSecurity') }]
      : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div style={{ color: '#fff', padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            {t('appName')}
          </Typography.Title>
          <div style={{ fontSize: 12, opacity: 0.75 }}>{t('appSubtitle')}</div>
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={[section]} items={menu} onClick={(e) => navigate(`/${e.key}`)} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            lineHeight: 'normal',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <RegionSwitcher onPick={(code) => navigate(`/regions/${code}`)} />
          <Space>
            <NoticeBell />
            <Button icon={<TranslationOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('language')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'password', label: t('changePassword'), onClick: () => navigate('/account/password') },
                  { key: 'out', label: t('signOut'), onClick: () => void signOut() },
                  { key: 'all', label: t('signOutEverywhere'), onClick: () => void signOut(true) },
                ],
              }}
            >
              <Button data-testid="user-menu" icon={<UserOutlined />}>
                {me.user.name}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Routes>
            <Route path="/" element={<Navigate to={home} replace />} />
            <Route path="/regions/:code?" element={<RegionsPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="/users" element={<UsersPage />} />
            <Route path="/security" element={<SecurityPage />} />
            <Route path="/registry" element={<RegistryPage />} />
            <Route path="/registry/import" element={<ImportPage />} />
            <Route path="/account/password" element={<ChangePasswordPage />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/:id" element={<CasePage />} />
            <Route path="/indicators" element={<IndicatorsPage />} />
            <Route path="/case-settings" element={<CaseSettingsPage />} />
            <Route path="*" element={<Navigate to="/regions" replace />} />
          </Routes>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
