import { useQuery } from '@tanstack/react-query';
import { accountsApi } from '../modules/identity/api.js';
import { regionsApi } from '../modules/org/api.js';
import { registryApi } from '../modules/registry/api.js';
import {
  Button,
  ErrorBlock,
  Form,
  Input,
  List,
  Result,
  SpinLoading,
  Switch,
  TabBar,
  Tabs,
  Tag,
  Toast,
} from 'antd-mobile';
import { AppOutline, TeamOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { Suspense, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { roleNames } from '../../../contracts/roles.js';
import { ApiError } from '../lib/http.js';
import { useAuth } from '../auth.js';
import { useI18n, useTx } from '../i18n.js';
import { PhoneBar } from '../components/PhoneBar.js';
import type { Me } from '../../../contracts/auth.js';
import { webModules, type Words } from '../lib/module.js';

/** Phone pages (`/m/…`): residents and field staff sign in with a password or an SMS code. */
export function MobileApp() {
  return (
    <Routes>
      {webModules.flatMap((m) =>
        (m.publicPhonePages ?? []).map((p) => (
          <Route
            key={`${m.name}:${p.path}`}
            path={p.path}
            element={<Suspense fallback={<SpinLoading style={{ margin: '40vh auto' }} />}>{p.element}</Suspense>}
          />
        )),
      )}
      <Route path="*" element={<SignedIn />} />
    </Routes>
  );
}

/** The pages behind sign-in (the public ones above need none). */
function SignedIn() {
  const { me, loading } = useAuth();
  if (loading) return null;
  if (!me) return <MobileLogin />;
  if (me.mustChangePassword) return <MobilePassword />;
  return (
    <Suspense fallback={<SpinLoading style={{ margin: '40vh auto' }} />}>
      <Routes>
        <Route path="/" element={<MobileHome />} />
        <Route path="/services" element={<EntriesTab tab="services" />} />
        <Route path="/community" element={<EntriesTab tab="community" />} />
        <Route path="/me" element={<MobileMe />} />
        {webModules.flatMap((m) =>
          (m.phonePages ?? []).map((p) => <Route key={`${m.name}:${p.path}`} path={p.path} element={p.element} />),
        )}
        <Route path="*" element={<Navigate to="/m" replace />} />
      </Routes>
    </Suspense>
  );
}

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={title} />
      <main style={{ padding: 12 }}>{children}</main>
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
  const { lang, setLang } = useI18n();

  const tx = useTx();
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
    if (!phone) return setError(tx('必填', 'Required'));
    try {
      await accountsApi.requestOtp(phone);
      setError(null);
      Toast.show({ content: tx('验证码已发送', 'Code sent') });
      setWait(60);
    } catch (e) {
      setError(errorText(e, tx('加载失败', 'Failed to load')));
    }
  };
  return (
    <Page title={tx('邻里 · 手机登录', 'Linli · phone sign-in')}>
      {error && (
        <div data-testid="m-login-error" style={{ color: '#c8102e', padding: '8px 4px' }}>
          {error}
        </div>
      )}
      <Tabs>
        <Tabs.Tab title={tx('密码登录', 'Password')} key="password">
          <Form
            layout="vertical"
            onFinish={async (v: { username: string; password: string }) => {
              try {
                signedIn(await accountsApi.login(v.username.trim(), v.password));
              } catch (e) {
                setError(errorText(e, tx('加载失败', 'Failed to load')));
              }
            }}
            footer={<SubmitButton label={tx('登录', 'Sign in')} />}
          >
            <Form.Item
              name="username"
              label={tx('用户名或手机号', 'Username or phone')}
              rules={[{ required: true, message: tx('必填', 'Required') }]}
            >
              <Input placeholder={tx('用户名或手机号', 'Username or phone')} autoComplete="username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={tx('密码', 'Password')}
              rules={[{ required: true, message: tx('必填', 'Required') }]}
            >
              <Input type="password" placeholder={tx('密码', 'Password')} autoComplete="current-password" />
            </Form.Item>
          </Form>
        </Tabs.Tab>
        <Tabs.Tab title={tx('验证码登录', 'SMS code')} key="sms">
          <Form
            form={smsForm}
            layout="vertical"
            onFinish={async (v) => {
              try {
                signedIn(await accountsApi.loginOtp(v.phone.trim(), v.code.trim()));
              } catch (e) {
                setError(errorText(e, tx('加载失败', 'Failed to load')));
              }
            }}
            footer={<SubmitButton label={tx('登录', 'Sign in')} />}
          >
            <Form.Item
              name="phone"
              label={tx('手机号', 'Phone')}
              rules={[{ required: true, message: tx('必填', 'Required') }]}
              extra={
                <Button size="small" disabled={wait > 0} onClick={() => void sendCode()} data-testid="m-get-code">
                  {wait > 0 ? `${wait} ${tx('秒后重发', 's to resend')}` : tx('获取验证码', 'Get code')}
                </Button>
              }
            >
              <Input type="tel" placeholder={tx('手机号', 'Phone')} />
            </Form.Item>
            <Form.Item
              name="code"
              label={tx('短信验证码', 'SMS code')}
              rules={[{ required: true, message: tx('必填', 'Required') }]}
            >
              <Input inputMode="numeric" maxLength={6} placeholder={tx('短信验证码', 'SMS code')} />
            </Form.Item>
          </Form>
        </Tabs.Tab>
      </Tabs>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <a onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{tx('English', '中文')}</a>
      </div>
    </Page>
  );
}

function MobilePassword() {
  const tx = useTx();
  const { refresh } = useAuth();
  const [error, setError] = useState<string | null>(null);
  return (
    <Page title={tx('修改密码', 'Change password')}>
      <div style={{ padding: '8px 4px' }}>
        {tx('首次登录或密码已重置，请先修改密码', 'Please change your initial password first')}
      </div>
      {error && <div style={{ color: '#c8102e', padding: '8px 4px' }}>{error}</div>}
      <Form
        onFinish={async (v: { currentPassword: string; newPassword: string }) => {
          try {
            await accountsApi.changePassword(v.currentPassword, v.newPassword);
            Toast.show({ content: tx('密码已修改', 'Password changed') });
            await refresh();
          } catch (e) {
            setError(errorText(e, tx('加载失败', 'Failed to load')));
          }
        }}
        footer={<SubmitButton label={tx('保存', 'Save')} />}
      >
        <Form.Item name="currentPassword" label={tx('当前密码', 'Current password')} rules={[{ required: true }]}>
          <Input type="password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={tx('新密码', 'New password')}
          help={tx(
            '至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类',
            'At least 8 characters from at least three of: upper case, lower case, digits, symbols',
          )}
          rules={[{ required: true }]}
        >
          <Input type="password" />
        </Form.Item>
      </Form>
    </Page>
  );
}

/** The tab bar of the phone's top pages: 首页 / 办事 / 社区 / 我的. */
function TabPage({ title, children }: { title: string; children: React.ReactNode }) {
  const tx = useTx();
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <div style={{ minHeight: '100vh', background: 'var(--adm-color-background-body, #f5f5f5)', paddingBottom: 64 }}>
      <PhoneBar title={title} />
      <main style={{ padding: 12 }}>{children}</main>
      <nav style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #eee' }}>
        <TabBar activeKey={location.pathname.replace(/\/$/, '')} onChange={(k) => navigate(k)}>
          <TabBar.Item key="/m" icon={<AppOutline />} title={tx('首页', 'Home')} />
          <TabBar.Item key="/m/services" icon={<UnorderedListOutline />} title={tx('办事', 'Services')} />
          <TabBar.Item key="/m/community" icon={<TeamOutline />} title={tx('社区', 'Community')} />
          <TabBar.Item key="/m/me" icon={<UserOutline />} title={tx('我的', 'Me')} />
        </TabBar>
      </nav>
    </div>
  );
}

/** 首页: who and where I am, and everything I can do here, one tap away (later modules add notices and activities). */
function MobileHome() {
  const tx = useTx();
  const { me } = useAuth();
  if (!me) return null;
  const place = me.user.roles.find((r) => r.regionCode)?.regionCode;
  return (
    <TabPage title={tx('邻里', 'Linli')}>
      <div data-testid="m-home" style={{ padding: '8px 4px 12px' }}>
        <div style={{ fontSize: 'var(--adm-font-size-10)', fontWeight: 600 }}>{me.user.name}</div>
        {place && (
          <div style={{ color: 'var(--adm-color-weak)' }}>
            <PlaceName code={place} />
          </div>
        )}
      </div>
      <EntryLists entries={entriesOf(me)} />
    </TabPage>
  );
}

/** 办事 / 社区: the entries of that tab. */
function EntriesTab({ tab }: { tab: 'services' | 'community' }) {
  const tx = useTx();
  const { me } = useAuth();
  if (!me) return null;
  const entries = entriesOf(me).filter((e) => e.tab === tab);
  return (
    <TabPage title={tab === 'services' ? tx('办事', 'Services') : tx('社区', 'Community')}>
      {entries.length > 0 ? (
        <EntryLists entries={entries} />
      ) : (
        <ErrorBlock status="empty" title={tx('这里暂时没有内容', 'Nothing here yet')} description="" />
      )}
    </TabPage>
  );
}

/** 我的: roles and places, 长辈模式, language, the console for staff, sign out. */
function MobileMe() {
  const { lang, setLang } = useI18n();
  const tx = useTx();
  const { me, signOut } = useAuth();
  const [elder, setElder] = useElderMode();
  if (!me) return null;
  const staff = me.user.kind === 'staff';
  return (
    <TabPage title={tx('我的', 'Me')}>
      <Result status="success" title={me.user.name} description={staff ? undefined : roleNames.resident[lang]} />
      <List header={tx('角色', 'Roles')}>
        {me.user.roles.map((r, i) => (
          <List.Item key={i}>
            <Tag color="danger">{roleNames[r.role][lang]}</Tag> {r.regionCode && <PlaceName code={r.regionCode} />}
          </List.Item>
        ))}
      </List>
      <List style={{ marginTop: 12 }}>
        <List.Item
          extra={<Switch checked={elder} onChange={setElder} data-testid="m-elder" />}
          description={tx('字更大、对比更强、每屏内容更少', 'Larger type, stronger contrast, fewer items')}
        >
          {tx('长辈模式', 'Elder mode')}
        </List.Item>
        <List.Item onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} arrow>
          {lang === 'zh' ? 'English' : '中文'}
        </List.Item>
        {staff && (
          <List.Item onClick={() => (window.location.href = '/')} arrow>
            {tx('进入管理后台', 'Open the console')}
          </List.Item>
        )}
        <List.Item onClick={() => void signOut()} data-testid="m-sign-out">
          {tx('退出登录', 'Sign out')}
        </List.Item>
      </List>
    </TabPage>
  );
}

const ELDER_KEY = 'linli.elder';

/** 长辈模式 (适老化): remembered on the device; the `elder` class on <html> enlarges type and contrast (phone.css). */
function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(ELDER_KEY) === '1');
  useEffect(() => {
    document.documentElement.classList.toggle('elder', on);
    localStorage.setItem(ELDER_KEY, on ? '1' : '0');
  }, [on]);
  return [on, setOn];
}

/** The modules' entries the user may use, in order. */
function entriesOf(me: Me) {
  return webModules
    .flatMap((m) => m.phoneEntries ?? [])
    .filter((e) => e.show(me))
    .sort((a, b) => a.order - b.order);
}

type Entry = ReturnType<typeof entriesOf>[number];

/** Entries grouped under their headings, each one tap to its page. */
function EntryLists({ entries }: { entries: Entry[] }) {
  const tx = useTx();
  const navigate = useNavigate();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <>
      {entryGroups(entries).map(([group, items]) => (
        <List key={group[0]} style={{ marginTop: 12 }} header={tx(...group)}>
          {items.map((e) => (
            <List.Item key={e.key} onClick={() => navigate(e.to)} arrow data-testid={`m-go-${e.key}`}>
              {tx(...e.label(me))}
            </List.Item>
          ))}
        </List>
      ))}
    </>
  );
}

/** Entries grouped under their headings, in order. */
function entryGroups(entries: Entry[]) {
  const groups = new Map<string, [Words, Entry[]]>();
  for (const e of entries) {
    const g = groups.get(e.group[0]) ?? [e.group, []];
    g[1].push(e);
    groups.set(e.group[0], g);
  }
  return [...groups.values()];
}

/** A place by its name (庆城社区第1网格), never by its code. */
/**
 * Where I am, by name: a resident the registry knows (by their account's phone) sees their grid and
 * home (庆城社区第1网格 · 华林新村 1号楼 1单元 101); anyone else the place their role is bound to.
 */
function PlaceName({ code }: { code: string }) {
  const place = useQuery({ queryKey: ['regions', code], queryFn: () => regionsApi.region(code) }).data;
  const home = useQuery({ queryKey: ['registry', 'home'], queryFn: () => registryApi.home() }).data?.home;
  if (home) return <span data-testid="m-place">{[home.grid.name, home.address].filter(Boolean).join(' · ')}</span>;
  return place ? <span data-testid="m-place">{place.region.name}</span> : null;
}
