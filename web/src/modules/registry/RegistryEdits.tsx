import { regionsApi } from '../org/api.js';
import { registryApi } from './api.js';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../lib/query.js';
import { ApiError } from '../../lib/http.js';
import { useAuth } from '../../auth.js';
import { useTx } from '../../i18n.js';

type Estate = Awaited<ReturnType<typeof registryApi.estates>>[number];

/** A community's estates: who serves them (property company) and governs them (owners' committee, party branch). */
export function Estates({ community }: { community: string }) {
  const tx = useTx();
  const { me } = useAuth();
  const [rows, , load] = useApi<Estate[]>(['registry', 'estates', community], () => registryApi.estates(community));
  const [editing, setEditing] = useState<Estate | null>(null);
  const canEdit = me?.abilities.includes('registry.edit') ?? false;
  return (
    <>
      <Table<Estate>
        data-testid="estates-table"
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        columns={[
          { title: tx('小区', 'Estate'), dataIndex: 'name' },
          { title: tx('楼栋', 'Buildings'), dataIndex: 'buildings', align: 'right', width: 70 },
          {
            title: tx('物业企业', 'Property company'),
            dataIndex: 'propertyCompany',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: tx('业主委员会', 'Owners’ committee'),
            dataIndex: 'ownersCommittee',
            render: (v: string | null) => v ?? '—',
          },
          { title: tx('小区党支部', 'Party branch'), dataIndex: 'partyBranch', render: (v: string | null) => v ?? '—' },
          ...(canEdit
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, e: Estate) => (
                    <Button size="small" type="link" onClick={() => setEditing(e)} data-testid="edit-estate">
                      {tx('编辑', 'Edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <EstateDialog
          estate={editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) load();
          }}
        />
      )}
    </>
  );
}

function EstateDialog({ estate, onClose }: { estate: Estate; onClose: (changed: boolean) => void }) {
  const tx = useTx();
  const [form] = Form.useForm();
  const companies = (useQuery({ queryKey: ['agencies'], queryFn: () => regionsApi.agencies() }).data ?? []).filter(
    (x) => x.kind === 'property_company',
  );
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open title={estate.name} onCancel={() => onClose(false)} onOk={() => form.submit()}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={estate}
        onFinish={async (v: { propertyAgencyId?: number | null; ownersCommittee?: string; partyBranch?: string }) => {
          try {
            await registryApi.saveEstate(estate.id, {
              propertyAgencyId: v.propertyAgencyId ?? null,
              ownersCommittee: v.ownersCommittee?.trim() || null,
              partyBranch: v.partyBranch?.trim() || null,
            });
            onClose(true);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
          }
        }}
      >
        <Form.Item name="propertyAgencyId" label={tx('物业企业', 'Property company')}>
          <Select allowClear options={companies.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="ownersCommittee" label={tx('业主委员会（届次、主任）', 'Owners’ committee')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="partyBranch" label={tx('小区党支部', 'Party branch')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Moves a household to another house of the community (pick the building, then the house); history is kept. */
export function MoveHouseholdDialog({
  householdId,
  community,
  onClose,
}: {
  householdId: number;
  community: string;
  onClose: (moved: boolean) => void;
}) {
  const tx = useTx();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const buildings = (
    useQuery({ queryKey: ['registry', 'buildings', community], queryFn: () => registryApi.buildings(community) }).data
      ?.items ?? []
  ).map((x) => ({ id: x.id, name: `${x.estate ?? ''} ${x.name}` }));
  const [houses, setHouses] = useState<{ id: number; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={tx('迁往其他房屋', 'Move to another house')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: { house: number; note: string }) => {
          try {
            const r = await registryApi.moveHousehold(householdId, v.house, v.note);
            message.success(tx(`已迁入，户号 ${r.number}`, `Moved, household no. ${r.number}`));
            onClose(true);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
          }
        }}
      >
        <Form.Item label={tx('楼栋', 'Building')}>
          <Select
            showSearch
            optionFilterProp="label"
            options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(id: number) =>
              registryApi.building(id).then(
                (b) =>
                  setHouses(
                    b.housesList.map((h) => ({ id: h.id, label: `${h.unit ? `${h.unit}单元` : ''}${h.room}` })),
                  ),
                () => setHouses([]),
              )
            }
          />
        </Form.Item>
        <Form.Item
          name="house"
          label={tx('房屋', 'House')}
          rules={[{ required: true, message: tx('请选择房屋', 'Pick a house') }]}
        >
          <Select options={houses.map((h) => ({ value: h.id, label: h.label }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={tx('原因', 'Reason')}
          rules={[{ required: true, message: tx('请填写原因', 'Say why') }]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Line = { line: string; person: string; unit: string | null };

/** 管线包片: the business lines' staff assigned to a grid, edited by the community. */
export function GridLinesDialog({
  grid,
  name,
  lines,
  onClose,
}: {
  grid: string;
  name: string;
  lines: Line[];
  onClose: (changed: boolean) => void;
}) {
  const tx = useTx();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      width={640}
      title={tx(`${name} · 管线人员`, `${name} · business lines`)}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
    >
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        initialValues={{ lines }}
        onFinish={async (v: { lines?: { line?: string; person?: string; unit?: string | null }[] }) => {
          try {
            await registryApi.saveGridLines(
              grid,
              (v.lines ?? []).map((l) => ({
                line: l.line?.trim() ?? '',
                person: l.person?.trim() ?? '',
                unit: l.unit?.trim() || null,
              })),
            );
            onClose(true);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
          }
        }}
      >
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'line']} rules={[{ required: true, message: tx('条线', 'Line') }]}>
                    <Input placeholder={tx('条线，如：社区民警', 'Line')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'person']} rules={[{ required: true, message: tx('姓名', 'Name') }]}>
                    <Input placeholder={tx('姓名', 'Name')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']}>
                    <Input placeholder={tx('单位', 'Unit')} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    {tx('删除', 'Remove')}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ line: '', person: '', unit: '' })}>{tx('添加条线人员', 'Add')}</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
