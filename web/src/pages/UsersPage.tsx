import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { UserPage } from '../../../contracts/auth.js';
import { roleBinding, roleNames, roles, type Role } from '../../../contracts/roles.js';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { ScopePicker } from '../components/ScopePicker.js';
import { useI18n } from '../i18n.js';

type User = UserPage['items'][number];
type RoleRow = { role?: Role; regionCode?: string };

/**
 * Accounts and their roles: the system administrator creates staff accounts, binds each role to a
 * place on the region tree, edits roles, disables accounts and resets passwords; the security
 * administrator lifts lockouts.
 */
export function UsersPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<UserPage | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const page = Number(params.get('page') ?? '1');
  const q = params.get('q') ?? '';
  const can = (a: string) => me?.abilities.includes(a) ?? false;
  // 三权分立: the system administrator manages ordinary accounts, the security administrator administrators
  const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'];
  const myRoles = me?.user.roles.map((r) => r.role) ?? [];
  const manages = (u: { roles: { role: string }[] }) => {
    const administrator = u.roles.some((r) => ADMIN_ROLES.includes(r.role));
    return administrator ? myRoles.includes('security_admin') : myRoles.includes('system_admin');
  };
  const load = useCallback(() => {
    api
      .users({ page: String(page), pageSize: '20', ...(q ? { q } : {}) })
      .then(setData)
      .catch((e: unknown) => void message.error(e instanceof ApiError ? e.message : t('loadFailed')));
  }, [page, q, t]);
  useEffect(load, [load]);
  return (
    <Card
      title={t('navUsers')}
      extra={
        can('identity.create_user') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('newUser')}
          </Button>
        )
      }
    >
      <Input.Search
        defaultValue={q}
        placeholder={t('searchUsers')}
        allowClear
        style={{ width: 280, marginBottom: 12 }}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
      />
      <Table
        data-testid="users-table"
        rowKey="id"
        size="small"
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          onChange: (p) => setParams({ ...(q ? { q } : {}), page: String(p) }),
        }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('loginName'), dataIndex: 'username' },
          { title: t('phone'), dataIndex: 'phone' },
          {
            title: t('roles'),
            render: (_, u) =>
              u.roles.map((r, i) => (
                <Tag key={i}>
                  {roleNames[r.role][lang]}
                  {r.regionName ? ` @ ${r.regionName}` : ''}
                </Tag>
              )),
          },
          {
            title: t('status'),
            render: (_, u) => (
              <Space>
                {u.disabled && <Tag>{t('disabled')}</Tag>}
                {u.locked && <Tag color="red">{t('locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('initialPassword')}</Tag>}
                {u.approval && (
                  <Tag color="gold">{t(u.approval === 'security_admin' ? 'waitsForSecurity' : 'waitsForAudit')}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('actions'),
            render: (_, u) => (
              <Space>
                {can('identity.update_user') && manages(u) && (
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('edit')}
                  </Button>
                )}
                {can('identity.reset_password') && manages(u) && (
                  <Button size="small" onClick={() => setResetting(u)}>
                    {t('resetPassword')}
                  </Button>
                )}
                {u.approval && me?.user.roles.some((r) => r.role === u.approval) && (
                  <>
                    <Button size="small" type="primary" onClick={() => void api.decideUser(u.id, 'approve').then(load)}>
                      {t('approve')}
                    </Button>
                    <Button size="small" danger onClick={() => void api.decideUser(u.id, 'reject').then(load)}>
                      {t('rejectChange')}
                    </Button>
                  </>
                )}
                {u.locked && can('identity.unlock_user') && (
                  <Button size="small" onClick={() => void api.unlockUser(u.id).then(load)}>
                    {t('unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <UserDialog
          onClose={(done) => {
            setCreating(false);
            if (done) load();
          }}
        />
      )}
      {editing && (
        <UserDialog
          user={editing}
          onClose={(done) => {
            setEditing(null);
            if (done) load();
          }}
        />
      )}
      {resetting && <ResetDialog user={resetting} onClose={() => setResetting(null)} />}
    </Card>
  );
}

type Values = {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
  disabled?: boolean;
  roles: RoleRow[];
};

/** Shows the server's field errors on the form (`body.roles.1` → the second role's scope). */
function showIssues(form: ReturnType<typeof Form.useForm<Values>>[0], e: unknown) {
  if (e instanceof ApiError && e.body.issues?.length) {
    form.setFields(
      e.body.issues.map((i) => {
        const path = i.path.replace(/^body\./, '').split('.');
        const name = path[0] === 'roles' ? ['roles', Number(path[1] ?? 0), 'regionCode'] : [path[0] ?? ''];
        return { name: name as never, errors: [i.message] };
      }),
    );
  } else if (e instanceof ApiError) {
    void message.error(e.message);
  }
}

/** Creates an account, or (given `user`) renames it, replaces its roles, disables or re-enables it. */
function UserDialog({ user, onClose }: { user?: User; onClose: (done: boolean) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const rows = Form.useWatch('roles', form) ?? [];
  const { me } = useAuth();
  // the security administrator grants administrator roles only, the system administrator every other
  const security = me?.user.roles.some((r) => r.role === 'security_admin') ?? false;
  const platform: Role[] = ['system_admin', 'security_admin', 'audit_admin'];
  const assignable = roles.filter((r) => roleBinding[r] !== 'agency' && platform.includes(r) === security);
  const submit = async (v: Values) => {
    const roleList = v.roles.map((r) => ({
      role: r.role as Role,
      ...(r.regionCode && r.role && roleBinding[r.role] === 'region' ? { regionCode: r.regionCode } : {}),
    }));
    try {
      if (user) {
        await api.updateUser(user.id, { displayName: v.displayName, disabled: v.disabled ?? false, roles: roleList });
      } else {
        await api.createUser({
          username: v.username,
          displayName: v.displayName,
          ...(v.phone ? { phone: v.phone } : {}),
          password: v.password,
          roles: roleList,
        });
      }
      void message.success(t('saved'));
      onClose(true);
    } catch (e) {
      showIssues(form, e);
    }
  };
  const initial: Partial<Values> = user
    ? {
        displayName: user.name,
        disabled: user.disabled,
        roles: user.roles.map((r) => ({ role: r.role, ...(r.regionCode ? { regionCode: r.regionCode } : {}) })),
      }
    : { roles: [{}] };
  return (
    <Modal
      title={user ? `${t('edit')} · ${user.name}` : t('newUser')}
      open
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      width={600}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        {!user && (
          <Form.Item name="username" label={t('loginName')} rules={[{ required: true, message: t('required') }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('name')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        {!user && (
          <>
            <Form.Item name="phone" label={t('phone')}>
              <Input />
            </Form.Item>
            <InitialPasswordField />
          </>
        )}
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const role = rows[field.name]?.role;
                return (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item
                      name={[field.name, 'role']}
                      label={field.name === 0 ? t('roles') : undefined}
                      rules={[{ required: true, message: t('required') }]}
                    >
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        style={{ width: 200 }}
                        options={assignable.map((r) => ({ value: r, label: roleNames[r][lang] }))}
                      />
                    </Form.Item>
                    {role && roleBinding[role] === 'region' && (
                      <Form.Item
                        name={[field.name, 'regionCode']}
                        label={field.name === 0 ? t('scope') : undefined}
                        rules={[{ required: true, message: t('required') }]}
                        style={{ width: 260 }}
                      >
                        <ScopePicker />
                      </Form.Item>
                    )}
                    {fields.length > 1 && (
                      <MinusCircleOutlined
                        aria-label={t('remove')}
                        style={{ marginTop: field.name === 0 ? 38 : 8 }}
                        onClick={() => remove(field.name)}
                      />
                    )}
                  </Space>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('addRole')}
              </Button>
            </>
          )}
        </Form.List>
        {user && (
          <Form.Item name="disabled" label={t('disabled')} valuePropName="checked" style={{ marginTop: 16 }}>
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Sets a new initial password; the user must change it at the next sign-in. */
function ResetDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal title={`${t('resetPassword')} · ${user.name}`} open onCancel={onClose} onOk={() => form.submit()}>
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await api.resetPassword(user.id, v.password);
            void message.success(t('passwordResetDone'));
            onClose();
          } catch (e) {
            if (e instanceof ApiError) form.setFields([{ name: 'password', errors: [e.message] }]);
          }
        }}
      >
        <InitialPasswordField />
      </Form>
    </Modal>
  );
}

/** An initial password, with the password rule under it. */
function InitialPasswordField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="password"
      label={t('initialPassword')}
      extra={t('passwordRule')}
      rules={[{ required: true, message: t('required') }]}
    >
      <Input.Password />
    </Form.Item>
  );
}
