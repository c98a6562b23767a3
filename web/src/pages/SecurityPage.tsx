import { Alert, Button, Card, Descriptions, Form, InputNumber, Space, Tag, message } from 'antd';
import { useEffect, useState } from 'react';
import type { SecurityOverview, SecuritySettings } from '../../../contracts/auth.js';
import { ApiError, api } from '../api.js';
import { useI18n, type TextKey } from '../i18n.js';

const FIELDS: { name: keyof SecuritySettings; label: TextKey; min: number; max: number }[] = [
  { name: 'sessionIdleMinutes', label: 'sessionIdleMinutes', min: 5, max: 1440 },
  { name: 'sessionMaxHours', label: 'sessionMaxHours', min: 1, max: 720 },
  { name: 'lockoutThreshold', label: 'lockoutThreshold', min: 3, max: 20 },
  { name: 'lockoutMinutes', label: 'lockoutMinutes', min: 5, max: 1440 },
];

/** The security administrator's page: session and lockout settings, key ids, lockouts, live sessions. */
export function SecurityPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<SecuritySettings>();
  const [data, setData] = useState<SecurityOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .security()
      .then((d) => {
        setData(d);
        form.setFieldsValue(d.settings);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : t('loadFailed')));
  }, [form, t]);
  const save = async (v: SecuritySettings) => {
    try {
      const d = await api.saveSecurity(v);
      setData(d);
      void message.success(t('saved'));
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
  if (error) return <Alert type="error" title={error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('navSecurity')}>
        <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 420 }}>
          {FIELDS.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={t(f.label)}
              rules={[{ required: true, message: t('required') }]}
            >
              <InputNumber min={f.min} max={f.max} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit">
            {t('save')}
          </Button>
        </Form>
      </Card>
      {data && (
        <Card>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('lastChanged')}>
              {data.updatedAt
                ? `${new Date(data.updatedAt).toLocaleString()} · ${data.updatedBy ?? ''}`
                : t('defaultsApply')}
            </Descriptions.Item>
            <Descriptions.Item label={t('lockedAccounts')}>{data.lockedAccounts}</Descriptions.Item>
            <Descriptions.Item label={t('activeSessions')}>{data.activeSessions}</Descriptions.Item>
            <Descriptions.Item label={t('keys')}>
              <Space wrap>
                {data.keys.ids.map((id) => (
                  <Tag key={id} color={id === data.keys.active ? 'green' : undefined}>
                    {id}
                    {id === data.keys.active ? ` · ${t('activeKey')}` : ''}
                  </Tag>
                ))}
                <span>
                  {t('keySource')}: {data.keys.source}
                </span>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Alert type="info" title={t('keyRotateHint')} />
        </Card>
      )}
    </Space>
  );
}
