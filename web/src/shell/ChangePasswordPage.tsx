import { accountsApi } from '../modules/identity/api.js';
import { Alert, Button, Card, Form, Input, message } from 'antd';
import { useState } from 'react';
import { ApiError } from '../lib/http.js';
import { useAuth } from '../auth.js';
import { useTx } from '../i18n.js';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Change my password; forced after an initial or reset password. Server errors show next to the field. */
export function ChangePasswordPage({ forced }: { forced?: boolean }) {
  const tx = useTx();
  const { refresh } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: Values) => {
    setBusy(true);
    try {
      await accountsApi.changePassword(v.currentPassword, v.newPassword);
      void message.success(tx('密码已修改', 'Password changed'));
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
    <Card title={tx('修改密码', 'Change password')} style={{ maxWidth: 480, margin: forced ? '80px auto' : undefined }}>
      {forced && (
        <Alert
          type="warning"
          showIcon
          message={tx('首次登录或密码已重置，请先修改密码', 'Please change your initial password first')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="currentPassword"
          label={tx('当前密码', 'Current password')}
          rules={[{ required: true, message: tx('必填', 'Required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={tx('新密码', 'New password')}
          extra={tx(
            '至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类',
            'At least 8 characters from at least three of: upper case, lower case, digits, symbols',
          )}
          rules={[{ required: true, message: tx('必填', 'Required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={tx('确认新密码', 'Confirm new password')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: tx('必填', 'Required') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(tx('两次输入的密码不一致', 'The passwords differ'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {tx('保存', 'Save')}
        </Button>
      </Form>
    </Card>
  );
}
