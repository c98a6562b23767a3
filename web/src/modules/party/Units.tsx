import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { unitKindNames, type UnitKind } from '../../../../contracts/party-units.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { partyApi } from './api.js';
import { useAct } from './useAct.js';

type Unit = Awaited<ReturnType<typeof partyApi.units>>['items'][number];
const KINDS = (Object.keys(unitKindNames) as UnitKind[]).map((k) => ({ value: k, label: unitKindNames[k].zh }));

/** 共建单位: the street's units with their kind, contact (masked), branch and agreements; add or complete one. */
export function Units({ community, canManage }: { community: string; canManage: boolean }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct();
  const units = useQuery({ queryKey: ['party', 'units', community], queryFn: () => partyApi.units(community) });
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const [form] = Form.useForm();
  const open = (u: Unit | 'new') => {
    setEditing(u);
    form.setFieldsValue(
      u === 'new'
        ? { kind: 'private_enterprise', partyMembers: 0 }
        : {
            kind: u.kind ?? 'organ',
            contactName: u.contactName,
            partyBranch: u.partyBranch,
            partyMembers: u.partyMembers,
          },
    );
  };
  const submit = async () => {
    const v = await form.validateFields();
    const ok = await act(
      () =>
        partyApi.saveUnit({
          community,
          agencyId: editing === 'new' || editing === null ? null : editing.id,
          name: v.name,
          kind: v.kind,
          contactName: v.contactName || null,
          contactPhone: v.contactPhone || null,
          partyBranch: v.partyBranch || null,
          partyMembers: v.partyMembers ?? 0,
        }),
      tx('已保存', 'Saved'),
    );
    if (ok) setEditing(null);
  };
  return (
    <Loaded query={units}>
      {(data) => (
        <>
          {canManage && (
            <Button type="primary" style={{ marginBottom: 12 }} onClick={() => open('new')}>
              {tx('添加共建单位', 'Add a unit')}
            </Button>
          )}
          <Table<Unit>
            data-testid="party-units"
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={{ pageSize: 15 }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: tx('单位', 'Unit'), dataIndex: 'name', className: 'nowrap' },
              {
                title: tx('类型', 'Kind'),
                dataIndex: 'kind',
                className: 'nowrap',
                render: (k: UnitKind | null) => (k ? unitKindNames[k][lang] : tx('未分类', 'Unclassified')),
              },
              { title: tx('联系人', 'Contact'), dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
              { title: tx('联系电话', 'Phone'), dataIndex: 'contactPhone', render: (v: string | null) => v ?? '—' },
              {
                title: tx('单位党组织', 'Its branch'),
                dataIndex: 'partyBranch',
                render: (v: string | null) => v ?? '—',
              },
              { title: tx('党员数', 'Members'), dataIndex: 'partyMembers', align: 'right' },
              { title: tx('共建协议', 'Agreements'), dataIndex: 'agreements', align: 'right' },
              ...(canManage
                ? [
                    {
                      title: tx('操作', 'Actions'),
                      render: (_: unknown, u: Unit) => (
                        <Button size="small" onClick={() => open(u)}>
                          {tx('编辑', 'Edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Modal
            open={editing !== null}
            title={editing === 'new' ? tx('添加共建单位', 'Add a unit') : tx('编辑共建单位', 'Edit the unit')}
            okText={tx('保存', 'Save')}
            cancelText={tx('取消', 'Cancel')}
            onOk={() => void submit()}
            onCancel={() => setEditing(null)}
            forceRender
          >
            <Form form={form} layout="vertical">
              {editing === 'new' ? (
                <Form.Item
                  name="name"
                  label={tx('单位名称', 'Name')}
                  rules={[{ required: true, min: 2, message: tx('请填写单位名称', 'Name the unit') }]}
                >
                  <Input />
                </Form.Item>
              ) : (
                <p>
                  <b>{editing?.name}</b>
                </p>
              )}
              <Form.Item name="kind" label={tx('单位类型', 'Kind')}>
                <Select options={KINDS} />
              </Form.Item>
              <Form.Item name="contactName" label={tx('联系人', 'Contact')}>
                <Input />
              </Form.Item>
              <Form.Item name="contactPhone" label={tx('联系电话（保存后仅显示掩码）', 'Phone (shown masked)')}>
                <Input inputMode="tel" />
              </Form.Item>
              <Form.Item name="partyBranch" label={tx('单位党组织', 'Its party branch')}>
                <Input />
              </Form.Item>
              <Form.Item name="partyMembers" label={tx('党员人数', 'Party members')}>
                <InputNumber min={0} />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </Loaded>
  );
}
