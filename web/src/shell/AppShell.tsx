import { DashboardOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../../../contracts/roles.js';
import { canAny, webModules } from '../lib/module.js';
import { NoticeBell } from '../modules/inbox/NoticeBell.js';
import { RegionSwitcher } from '../components/RegionSwitcher.js';
import { useI18n, useTx } from '../i18n.js';
import { useAuth } from '../auth.js';
import { HomePage } from './HomePage.js';
import { ChangePasswordPage } from './ChangePasswordPage.js';
import { LoginPage } from './LoginPage.js';

/** Roles whose work is on the phone pages (/m), not in the staff console. */
const PHONE_ONLY: readonly Role[] = ['resident', 'volunteer', 'party_member', 'building_leader'];

/** Left navigation (only what works), header with the region switcher and the language switch. */
export function AppShell() {
  const { lang, setLang } = useI18n();

  const tx = useTx();
  const navigate = useNavigate();
  const location = useLocation();
  const section = location.pathname.split('/')[1] || 'home';
  const { me, loading, signOut } = useAuth();
  if (loading) return <Spin style={{ margin: 80 }} />;
  if (!me) return <LoginPage />;
  if (me.mustChangePassword) return <ChangePasswordPage forced />;
  // residents, volunteers, party members and building leaders have no console work: their pages are the phone's
  if (me.user.roles.every((r) => PHONE_ONLY.includes(r.role))) {
    window.location.replace('/m');
    return null;
  }
  const menu = [
    { key: 'home', icon: <DashboardOutlined />, label: tx('工作台', 'Home') },
    ...webModules
      .flatMap((m) => m.menu ?? [])
      .filter((e) => e.abilities.length === 0 || canAny(me, e.abilities))
      .sort((a, b) => a.order - b.order)
      .map((e) => ({ key: e.key, icon: e.icon, label: tx(...e.label) })),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={0}>
        <div style={{ color: '#fff', padding: '16px 20px' }}>
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            {tx('邻里', 'Linli')}
          </Typography.Title>
          <div style={{ fontSize: 12, opacity: 0.75 }}>{tx('党建引领社区治理', 'Community governance')}</div>
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
              {tx('English', '中文')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'password',
                    label: tx('修改密码', 'Change password'),
                    onClick: () => navigate('/account/password'),
                  },
                  { key: 'out', label: tx('退出登录', 'Sign out'), onClick: () => void signOut() },
                  { key: 'all', label: tx('退出所有设备', 'Sign out everywhere'), onClick: () => void signOut(true) },
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
          <Suspense fallback={<Spin style={{ margin: 80 }} />}>
            <Routes>
              <Route path="/" element={<Navigate to="/home" replace />} />
              <Route path="/home" element={<HomePage />} />
              {webModules.flatMap((m) =>
                (m.pages ?? []).map((p) => <Route key={`${m.name}:${p.path}`} path={p.path} element={p.element} />),
              )}
              <Route path="/account/password" element={<ChangePasswordPage />} />
              <Route path="*" element={<Navigate to="/home" replace />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
