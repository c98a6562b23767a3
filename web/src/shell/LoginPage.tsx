import { accountsApi } from '../modules/identity/api.js';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../lib/http.js';
import { useAuth } from '../auth.js';
import { useTx } from '../i18n.js';

/** Sign-in for staff (username or phone); the server's message says why a sign-in failed (wrong password, locked). */
export function LoginPage() {
  const tx = useTx();
  const { signedIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await accountsApi.login(v.username, v.password));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : tx('加载失败', 'Failed to load'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          {tx('邻里', 'Linli')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {tx('党建引领社区治理', 'Community governance')}
        </Typography.Paragraph>
        {error && (
          <Alert data-testid="login-error" type="error" showIcon message={error} style={{ marginBottom: 16 }} />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="username"
            label={tx('用户名或手机号', 'Username or phone')}
            rules={[{ required: true, message: tx('必填', 'Required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={tx('密码', 'Password')}
            rules={[{ required: true, message: tx('必填', 'Required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {tx('登录', 'Sign in')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
