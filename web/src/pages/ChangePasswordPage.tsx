import { Alert, Button, Card, Form, Input, message } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n.js';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Change my password; forced after an initial or reset password. Server errors show next to the field. */
export function ChangePasswordPage({ forced }: { forced?: boolean }) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: Values) => {
    setBusy(true);
    try {
      await api.changePassword(v.currentPassword, v.newPassword);
      void message.success(t('passwordChanged'));
      form.resetFields();
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.body.issues) {
        form.setFields(
          e.body.issues.map((i) => ({ name: i.path.replace(/^body\./, '') as keyof Values, errors: [i.message] })),
        );
      } else if (e instanceof ApiError) {
        void message.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('changePassword')} style={{ maxWidth: 480, margin: forced ? '80px auto' : undefined }}>
      {forced && <Alert type="warning" showIcon message={t('mustChangePassword')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="currentPassword"
          label={t('currentPassword')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('newPassword')}
          extra={t('passwordRule')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('save')}
        </Button>
      </Form>
    </Card>
  );
}
