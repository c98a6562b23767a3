import { accountsApi } from './api.js';
import { Alert, Button, Card, Descriptions, Form, InputNumber, Space, Tag, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { errorMessage } from '../../lib/query.js';
import type { SecurityOverview, SecuritySettings } from '../../../../contracts/auth.js';
import { ApiError } from '../../lib/http.js';
import { useI18n, useTx } from '../../i18n.js';
import { fmtDateTime } from '../../lib/format.js';

const FIELDS: { name: keyof SecuritySettings; label: [zh: string, en: string]; min: number; max: number }[] = [
  { name: 'sessionIdleMinutes', label: ['会话空闲超时（分钟）', 'Session idle timeout (minutes)'], min: 5, max: 1440 },
  { name: 'sessionMaxHours', label: ['会话最长时间（小时）', 'Session absolute limit (hours)'], min: 1, max: 720 },
  { name: 'lockoutThreshold', label: ['连续密码错误锁定次数', 'Failed sign-ins before lockout'], min: 3, max: 20 },
  { name: 'lockoutMinutes', label: ['锁定时长（分钟）', 'Lockout duration (minutes)'], min: 5, max: 1440 },
];

/** The security administrator's page: session and lockout settings, key ids, lockouts, live sessions. */
/** Where the encryption keys come from, in words (never the code). */
const keySourceNames = {
  env: { zh: '环境变量 LINLI_SECRET_KEY', en: 'the LINLI_SECRET_KEY environment variable' },
  file: { zh: '密钥文件（数据目录的 keys.json 或 LINLI_KEY_FILE）', en: 'the key file (keys.json or LINLI_KEY_FILE)' },
  ephemeral: { zh: '临时密钥（重启后失效，仅供测试）', en: 'a temporary key (lost on restart; tests only)' },
} as const;

export function SecurityPage() {
  const tx = useTx();
  const { lang } = useI18n();
  const [form] = Form.useForm<SecuritySettings>();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['identity', 'security'], queryFn: () => accountsApi.security() });
  const data: SecurityOverview | undefined = query.data;
  useEffect(() => {
    if (data) form.setFieldsValue(data.settings);
  }, [data, form]);
  const save = async (v: SecuritySettings) => {
    try {
      const d = await accountsApi.saveSecurity(v);
      client.setQueryData(['identity', 'security'], d);
      void message.success(tx('已保存', 'Saved'));
    } catch (e) {
      if (e instanceof ApiError && e.body.issues?.length) {
        form.setFields(
          e.body.issues.map((i) => ({
            name: i.path.replace(/^body\./, '') as keyof SecuritySettings,
            errors: [i.message],
          })),
        );
      } else if (e instanceof ApiError) void message.error(e.message);
    }
  };
  if (query.isError) return <Alert type="error" title={errorMessage(query.error, tx('加载失败', 'Failed to load'))} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={tx('安全设置', 'Security settings')}>
        <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 420 }}>
          {FIELDS.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={tx(...f.label)}
              rules={[{ required: true, message: tx('必填', 'Required') }]}
            >
              <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit">
            {tx('保存', 'Save')}
          </Button>
        </Form>
      </Card>
      {data && (
        <Card>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={tx('最近修改', 'Last changed')}>
              {data.updatedAt
                ? `${fmtDateTime(data.updatedAt)} · ${data.updatedBy ?? ''}`
                : tx('使用默认值（环境变量）', 'Defaults from the environment')}
            </Descriptions.Item>
            <Descriptions.Item label={tx('当前锁定账号', 'Locked accounts')}>{data.lockedAccounts}</Descriptions.Item>
            <Descriptions.Item label={tx('在线会话', 'Live sessions')}>{data.activeSessions}</Descriptions.Item>
            <Descriptions.Item label={tx('个人信息加密密钥', 'Personal-data encryption keys')}>
              <Space wrap>
                {data.keys.ids.map((id) => (
                  <Tag key={id} color={id === data.keys.active ? 'green' : undefined}>
                    {id}
                    {id === data.keys.active ? ` · ${tx('当前密钥', 'Active key')}` : ''}
                  </Tag>
                ))}
                <span>
                  {tx('保存于', 'Kept in')}: {keySourceNames[data.keys.source][lang]}
                </span>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Alert
            type="info"
            title={tx(
              '轮换密钥：在服务器上执行 npx linli keys rotate（会重新加密全部个人信息）',
              'Rotate keys on the server with npx linli keys rotate (re-encrypts all personal data)',
            )}
          />
        </Card>
      )}
    </Space>
  );
}
