import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, message } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { UserPage } from '../../../contracts/auth.js';
import { roleBinding, roleNames, roles, type Role } from '../../../contracts/roles.js';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { useI18n } from '../i18n.js';

type TreeNode = { id: string; pId: string | null; value: string; title: string; isLeaf: boolean };

/** Accounts and their roles: the system administrator creates staff accounts and binds each role to a place. */
export function UsersPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<UserPage | null>(null);
  const [open, setOpen] = useState(false);
  const page = Number(params.get('page') ?? '1');
  const q = params.get('q') ?? '';
  const canCreate = me?.abilities.includes('identity.create_user') ?? false;
  const canUnlock = me?.abilities.includes('identity.unlock_user') ?? false;
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
        canCreate && (
          <Button type="primary" onClick={() => setOpen(true)}>
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
                {u.locked && <Tag color="red">{t('locked')}</Tag>}
                {u.mustChangePassword && <Tag color="orange">{t('initialPassword')}</Tag>}
                {u.locked && canUnlock && (
                  <Button size="small" onClick={() => void api.unlockUser(u.id).then(load)}>
                    {t('unlock')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <NewUserDialog
        open={open}
        onClose={(created) => {
          setOpen(false);
          if (created) load();
        }}
      />
    </Card>
  );
}

type Values = {
  username: string;
  displayName: string;
  phone?: string;
  password: string;
  role: Role;
  regionCode?: string;
};

function NewUserDialog({ open, onClose }: { open: boolean; onClose: (created: boolean) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [tree, setTree] = useState<TreeNode[]>([]);
  const role = Form.useWatch('role', form);
  useEffect(() => {
    if (!open || tree.length) return;
    void api
      .searchRegions(undefined, 100)
      .then((r) =>
        setTree(
          r.items.map((n) => ({ id: n.code, pId: null, value: n.code, title: n.name, isLeaf: n.childCount === 0 })),
        ),
      );
  }, [open, tree.length]);
  const loadChildren = async (code: string) => {
    const d = await api.region(code);
    setTree((prev) => [
      ...prev,
      ...d.children
        .filter((c) => !prev.some((p) => p.id === c.code))
        .map((c) => ({ id: c.code, pId: code, value: c.code, title: c.name, isLeaf: c.childCount === 0 })),
    ]);
  };
  const submit = async (v: Values) => {
    try {
      await api.createUser({
        username: v.username,
        displayName: v.displayName,
        ...(v.phone ? { phone: v.phone } : {}),
        password: v.password,
        roles: [{ role: v.role, ...(v.regionCode ? { regionCode: v.regionCode } : {}) }],
      });
      void message.success(t('saved'));
      form.resetFields();
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.body.issues?.length) {
        form.setFields(
          e.body.issues.map((i) => {
            const field = i.path.replace(/^body\./, '').startsWith('roles')
              ? 'regionCode'
              : i.path.replace(/^body\./, '');
            return { name: field as keyof Values, errors: [i.message] };
          }),
        );
      } else if (e instanceof ApiError) {
        void message.error(e.message);
      }
    }
  };
  const assignable = roles.filter((r) => roleBinding[r] !== 'agency');
  return (
    <Modal title={t('newUser')} open={open} onCancel={() => onClose(false)} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="username" label={t('loginName')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="displayName" label={t('name')} rules={[{ required: true, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('initialPassword')}
          extra={t('passwordRule')}
          rules={[{ required: true, message: t('required') }]}
        >
          <Input.Password />
        </Form.Item>
        <Form.Item name="role" label={t('roles')} rules={[{ required: true, message: t('required') }]}>
          <Select options={assignable.map((r) => ({ value: r, label: roleNames[r][lang] }))} />
        </Form.Item>
        {role && roleBinding[role] === 'region' && (
          <Form.Item name="regionCode" label={t('scope')} rules={[{ required: true, message: t('required') }]}>
            <TreeSelect
              treeDataSimpleMode
              treeData={tree}
              loadData={(node) => loadChildren(String(node.value))}
              placeholder={t('pickScope')}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
