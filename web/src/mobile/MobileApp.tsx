import { Button, Form, Input, List, NavBar, Result, Tabs, Tag, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { roleNames } from '../../../contracts/roles.js';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n.js';
import { MobileCase, MobileMine, MobileReport, MobileTasks } from './MobileCases.js';

/** Phone pages (`/m/…`): residents and field staff sign in with a password or an SMS code. */
export function MobileApp() {
  const { me, loading } = useAuth();
  if (loading) return null;
  if (!me) return <MobileLogin />;
  if (me.mustChangePassword) return <MobilePassword />;
  return (
    <Routes>
      <Route path="/" element={<MobileHome />} />
      <Route path="/report" element={<MobileReport />} />
      <Route path="/mine" element={<MobileMine />} />
      <Route path="/tasks" element={<MobileTasks />} />
      <Route path="/cases/:id" element={<MobileCase />} />
      <Route path="*" element={<Navigate to="/m" replace />} />
    </Routes>
  );
}

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <NavBar back={null} style={{ background: '#c8102e', color: '#fff' }}>
        {title}
      </NavBar>
      <div style={{ padding: 12 }}>{children}</div>
    </div>
  );
}

function SubmitButton({ label }: { label: string }) {
  return (
    <Button block type="submit" color="danger" size="large">
      {label}
    </Button>
  );
}

function errorText(e: unknown, fallback: string) {
  return e instanceof ApiError ? e.message : fallback;
}

function MobileLogin() {
  const { t, lang, setLang } = useI18n();
  const { signedIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [smsForm] = Form.useForm<{ phone: string; code: string }>();
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);
  const sendCode = async () => {
    const phone = String(smsForm.getFieldValue('phone') ?? '').trim();
    if (!phone) return setError(t('required'));
    try {
      await api.requestOtp(phone);
      setError(null);
      Toast.show({ content: t('codeSent') });
      setWait(60);
    } catch (e) {
      setError(errorText(e, t('loadFailed')));
    }
  };
  return (
    <Page title={t('phoneSignIn')}>
      {error && (
        <div data-testid="m-login-error" style={{ color: '#c8102e', padding: '8px 4px' }}>
          {error}
        </div>
      )}
      <Tabs>
        <Tabs.Tab title={t('passwordTab')} key="password">
          <Form
            layout="horizontal"
            onFinish={async (v: { username: string; password: string }) => {
              try {
                signedIn(await api.login(v.username.trim(), v.password));
              } catch (e) {
                setError(errorText(e, t('loadFailed')));
              }
            }}
            footer={<SubmitButton label={t('signIn')} />}
          >
            <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
              <Input placeholder={t('username')} autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input type="password" placeholder={t('password')} autoComplete="current-password" />
            </Form.Item>
          </Form>
        </Tabs.Tab>
        <Tabs.Tab title={t('smsTab')} key="sms">
          <Form
            form={smsForm}
            layout="vertical"
            onFinish={async (v) => {
              try {
                signedIn(await api.loginOtp(v.phone.trim(), v.code.trim()));
              } catch (e) {
                setError(errorText(e, t('loadFailed')));
              }
            }}
            footer={<SubmitButton label={t('signIn')} />}
          >
            <Form.Item
              name="phone"
              label={t('phone')}
              rules={[{ required: true, message: t('required') }]}
              extra={
                <Button size="small" disabled={wait > 0} onClick={() => void sendCode()} data-testid="m-get-code">
                  {wait > 0 ? `${wait} ${t('resendIn')}` : t('getCode')}
                </Button>
              }
            >
              <Input type="tel" placeholder={t('phone')} />
            </Form.Item>
            <Form.Item name="code" label={t('smsCode')} rules={[{ required: true, message: t('required') }]}>
              <Input inputMode="numeric" maxLength={6} placeholder={t('smsCode')} />
            </Form.Item>
          </Form>
        </Tabs.Tab>
      </Tabs>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <a onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('language')}</a>
      </div>
    </Page>
  );
}

function MobilePassword() {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const [error, setError] = useState<string | null>(null);
  return (
    <Page title={t('changePassword')}>
      <div style={{ padding: '8px 4px' }}>{t('mustChangePassword')}</div>
      {error && <div style={{ color: '#c8102e', padding: '8px 4px' }}>{error}</div>}
      <Form
        onFinish={async (v: { currentPassword: string; newPassword: string }) => {
          try {
            await api.changePassword(v.currentPassword, v.newPassword);
            Toast.show({ content: t('passwordChanged') });
            await refresh();
          } catch (e) {
            setError(errorText(e, t('loadFailed')));
          }
        }}
        footer={<SubmitButton label={t('save')} />}
      >
        <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
          <Input type="password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('newPassword')} help={t('passwordRule')} rules={[{ required: true }]}>
          <Input type="password" />
        </Form.Item>
      </Form>
    </Page>
  );
}

function MobileHome() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { me, signOut } = useAuth();
  if (!me) return null;
  const staff = me.user.kind === 'staff';
  return (
    <Page title={t('myAccount')}>
      <Result status="success" title={me.user.name} description={staff ? undefined : roleNames.resident[lang]} />
      <List header={t('roles')}>
        {me.user.roles.map((r, i) => (
          <List.Item key={i}>
            <Tag color="danger">{roleNames[r.role][lang]}</Tag> {r.regionCode ?? ''}
          </List.Item>
        ))}
      </List>
      <List style={{ marginTop: 12 }} header={lang === 'zh' ? '案件' : 'Cases'}>
        {me.abilities.includes('cases.report') && (
          <List.Item onClick={() => navigate('/m/report')} arrow data-testid="m-go-report">
            {staff
              ? lang === 'zh'
                ? '巡查上报'
                : 'Report a finding'
              : lang === 'zh'
                ? '随手拍 · 我要反映问题'
                : 'Report a problem'}
          </List.Item>
        )}
        {!staff && (
          <List.Item onClick={() => navigate('/m/mine')} arrow data-testid="m-go-mine">
            {lang === 'zh' ? '我的上报与评价' : 'My reports'}
          </List.Item>
        )}
        {(me.abilities.includes('cases.handle') || me.abilities.includes('cases.verify')) && (
          <List.Item onClick={() => navigate('/m/tasks')} arrow data-testid="m-go-tasks">
            {lang === 'zh' ? '我的任务（签收、处置、核查）' : 'My tasks'}
          </List.Item>
        )}
      </List>
      <List style={{ marginTop: 12 }}>
        {staff && (
          <List.Item onClick={() => (window.location.href = '/')} arrow>
            {t('consoleLink')}
          </List.Item>
        )}
        <List.Item onClick={() => void signOut()} data-testid="m-sign-out">
          {t('signOut')}
        </List.Item>
      </List>
    </Page>
  );
}
