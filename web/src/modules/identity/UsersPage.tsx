import type { Action } from '../../../../contracts/actions.js';
import { accountsApi } from './api.js';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Switch, Table, Tag, message } from 'antd';
import { errorMessage } from '../../lib/query.js';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { UserPage } from '../../../../contracts/auth.js';
import { roleBinding, roleNames, roles, type Role } from '../../../../contracts/roles.js';
import { ApiError } from '../../lib/http.js';
import { useAuth } from '../../auth.js';
import { ScopePicker } from '../../components/ScopePicker.js';
import { useI18n, useTx } from '../../i18n.js';

type User = UserPage['items'][number];
type RoleRow = { role?: Role; regionCode?: string };

/**
 * Accounts and their roles: the system administrator creates staff accounts, binds each role to a
 * place on the region tree, edits roles, disables accounts and resets passwords; the security
 * administrator lifts lockouts.
 */
export function UsersPage() {
  const { lang } = useI18n();

  const tx = useTx();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const page = Number(params.get('page') ?? '1');
  const q = params.get('q') ?? '';
  const can = (a: Action) => me?.abilities.includes(a) ?? false;
  // 三权分立: the system administrator manages ordinary accounts, the security administrator administrators
  const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'];
  const myRoles = me?.user.roles.map((r) => r.role) ?? [];
  const manages = (u: { roles: { role: string }[] }) => {
    const administrator = u.roles.some((r) => ADMIN_ROLES.includes(r.role));
    return administrator ? myRoles.includes('security_admin') : myRoles.includes('system_admin');
  };
  const query = useQuery({
    queryKey: ['identity', 'users', page, q],
    queryFn: () => accountsApi.users({ page: String(page), pageSize: '20', ...(q ? { q } : {}) }),
    placeholderData: keepPreviousData,
  });
  const data: UserPage | undefined = query.data;
  const client = useQueryClient();
  const load = () => void client.invalidateQueries({ queryKey: ['identity', 'users'] });
  return (
    <Card
      title={tx('用户与角色', 'Users and roles')}
      extra={
        can('identity.create_user') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {tx('新建用户', 'New user')}
          </Button>
        )
      }
    >
      <Input.Search
        defaultValue={q}
        placeholder={tx('按姓名或用户名搜索', 'Search by name or username')}
        allowClear
        style={{ width: 280, marginBottom: 12 }}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {})}
      />
      {query.isError && (
        <Alert
          type="error"
          title={errorMessage(query.error, tx('加载失败', 'Failed to load'))}
          style={{ marginBottom: 8 }}
        />
      )}
      <Table
        loading={query.isFetching}
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
          { title: tx('名称', 'Name'), dataIndex: 'name' },
          { title: tx('用户名', 'Username'), dataIndex: 'username' },
          { title: tx('手机号', 'Phone'), dataIndex: 'phone' },
          {
            title: tx('角色', 'Roles'),
            render: (_, u) =>
              u.roles.map((r, i) => (
                <Tag key={i}>
                  {roleNames[r.role][lang]}
                  {r.regionName ? ` @ ${r.regionName}` : ''}
                </Tag>
              )),
          },
          {
            title: tx('状态', 'Status'),
            render: (_, u) => (
              <Space>
                {u.disabled && <Tag>{tx('已停用', 'Disabled')}</Tag>}
                {u.locked && <Tag color="red">{tx('已锁定', 'Locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{tx('初始密码', 'Initial password')}</Tag>}
                {!u.disabled && !u.locked && !u.mustChangePassword && !u.approval && (
                  <Tag color="green">{tx('正常', 'Active')}</Tag>
                )}
                {u.approval && (
                  <Tag color="gold">
                    {u.approval === 'security_admin'
                      ? tx('待安全管理员审核', 'Awaits the security administrator')
                      : tx('待审计管理员审核', 'Awaits the audit administrator')}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: tx('操作', 'Actions'),
            render: (_, u) => (
              <Space>
                {can('identity.update_user') && manages(u) && (
                  <Button size="small" onClick={() => setEditing(u)}>
                    {tx('编辑', 'Edit')}
                  </Button>
                )}
                {can('identity.reset_password') && manages(u) && (
                  <Button size="small" onClick={() => setResetting(u)}>
                    {tx('重置密码', 'Reset password')}
                  </Button>
                )}
                {u.approval && me?.user.roles.some((r) => r.role === u.approval) && (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => void accountsApi.decideUser(u.id, 'approve').then(load)}
                    >
                      {tx('审核通过', 'Approve')}
                    </Button>
                    <Button size="small" danger onClick={() => void accountsApi.decideUser(u.id, 'reject').then(load)}>
                      {tx('驳回并停用', 'Refuse and disable')}
                    </Button>
                  </>
                )}
                {u.locked && can('identity.unlock_user') && (
                  <Button size="small" onClick={() => void accountsApi.unlockUser(u.id).then(load)}>
                    {tx('解锁', 'Unlock')}
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
  const { lang } = useI18n();

  const tx = useTx();
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
        await accountsApi.updateUser(user.id, {
          displayName: v.displayName,
          disabled: v.disabled ?? false,
          roles: roleList,
        });
      } else {
        await accountsApi.createUser({
          username: v.username,
          displayName: v.displayName,
          ...(v.phone ? { phone: v.phone } : {}),
          password: v.password,
          roles: roleList,
        });
      }
      void message.success(tx('已保存', 'Saved'));
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
      title={user ? `${tx('编辑', 'Edit')} · ${user.name}` : tx('新建用户', 'New user')}
      open
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      width={600}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        {!user && (
          <Form.Item
            name="username"
            label={tx('用户名', 'Username')}
            rules={[{ required: true, message: tx('必填', 'Required') }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={tx('名称', 'Name')}
          rules={[{ required: true, message: tx('必填', 'Required') }]}
        >
          <Input />
        </Form.Item>
        {!user && (
          <>
            <Form.Item name="phone" label={tx('手机号', 'Phone')}>
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
                      label={field.name === 0 ? tx('角色', 'Roles') : undefined}
                      rules={[{ required: true, message: tx('必填', 'Required') }]}
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
                        label={field.name === 0 ? tx('管辖范围', 'Scope') : undefined}
                        rules={[{ required: true, message: tx('必填', 'Required') }]}
                        style={{ width: 260 }}
                      >
                        <ScopePicker />
                      </Form.Item>
                    )}
                    {fields.length > 1 && (
                      <MinusCircleOutlined
                        aria-label={tx('删除', 'Remove')}
                        style={{ marginTop: field.name === 0 ? 38 : 8 }}
                        onClick={() => remove(field.name)}
                      />
                    )}
                  </Space>
                );
              })}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {tx('添加角色', 'Add a role')}
              </Button>
            </>
          )}
        </Form.List>
        {user && (
          <Form.Item name="disabled" label={tx('已停用', 'Disabled')} valuePropName="checked" style={{ marginTop: 16 }}>
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** Sets a new initial password; the user must change it at the next sign-in. */
function ResetDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const tx = useTx();
  const [form] = Form.useForm<{ password: string }>();
  return (
    <Modal
      title={`${tx('重置密码', 'Reset password')} · ${user.name}`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await accountsApi.resetPassword(user.id, v.password);
            void message.success(
              tx('密码已重置，该用户下次登录须修改密码', 'Password reset: the user must change it at the next sign-in'),
            );
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
  const tx = useTx();
  return (
    <Form.Item
      name="password"
      label={tx('初始密码', 'Initial password')}
      extra={tx(
        '至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类',
        'At least 8 characters from at least three of: upper case, lower case, digits, symbols',
      )}
      rules={[{ required: true, message: tx('必填', 'Required') }]}
    >
      <Input.Password />
    </Form.Item>
  );
}
