import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { registryApi } from './api.js';
import { partyApi } from '../party/api.js';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { BuildingDetail, BuildingList, HouseholdDetail, ResidentSummary } from '../../../../contracts/registry.js';
import { occupancyNames } from '../../../../contracts/registry.js';
import { ApiError } from '../../lib/http.js';
import { useAuth } from '../../auth.js';
import { MoveHouseholdDialog } from './RegistryEdits.js';
import { useI18n, useTx } from '../../i18n.js';
import { useApi } from '../../lib/query.js';
import { ResidentCard, residentColumns } from './Residents.js';

export function Buildings({ region }: { region: string }) {
  const { lang } = useI18n();

  const tx = useTx();
  const [list, , , listLoading] = useApi<BuildingList>(['registry', 'buildings', region], () =>
    registryApi.buildings(region),
  );
  const [building, setBuilding] = useState<number | null>(null);
  return (
    <>
      <Table
        data-testid="buildings-table"
        size="small"
        rowKey="id"
        dataSource={list?.items ?? []}
        loading={listLoading}
        locale={{
          emptyText: tx(
            '这里还没有楼栋：导入居民信息时按地址建立楼栋',
            'No buildings yet: importing residents creates them from their addresses',
          ),
        }}
        scroll={{ x: 'max-content' }}
        onRow={(b) => ({ onClick: () => setBuilding(b.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: tx('小区', 'Estate'), dataIndex: 'estate', className: 'nowrap' },
          { title: tx('楼栋', 'Building'), dataIndex: 'name', className: 'nowrap' },
          { title: tx('地址', 'Address'), dataIndex: 'address' },
          { title: tx('网格', 'Grid'), dataIndex: 'gridName', className: 'nowrap' },
          { title: tx('房屋', 'Houses'), dataIndex: 'houses', align: 'right' },
          { title: tx('户数', 'Households'), dataIndex: 'households', align: 'right' },
          { title: tx('居民', 'Residents'), dataIndex: 'residents', align: 'right' },
        ]}
      />
      {building !== null && <BuildingDrawer id={building} lang={lang} onClose={() => setBuilding(null)} />}
    </>
  );
}

function BuildingDrawer({ id, lang, onClose }: { id: number; lang: 'zh' | 'en'; onClose: () => void }) {
  const tx = useTx();
  const { me } = useAuth();
  const [data, , reload, loading] = useApi<BuildingDetail>(['registry', 'building', id], () =>
    registryApi.building(id),
  );
  const [household, setHousehold] = useState<number | null>(null);
  // 亮身份: households of party members who chose to show 共产党员户 (the party module's mark)
  const marked = useQuery({ queryKey: ['party', 'marked', id], queryFn: () => partyApi.marked(id), retry: false });
  const partyHouseholds = new Set(marked.data?.householdIds ?? []);
  const [ownersOf, setOwnersOf] = useState<{ id: number; owners: string[] } | null>(null);
  const canEdit = me?.abilities.includes('registry.edit') ?? false;
  return (
    <Drawer open size="large" title={data ? `${data.estate ?? ''} ${data.name}` : ''} onClose={onClose}>
      <Table
        data-testid="houses-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data?.housesList ?? []}
        loading={loading}
        columns={[
          { title: tx('单元', 'Unit'), dataIndex: 'unit', width: 60 },
          { title: tx('房号', 'Room'), dataIndex: 'room', width: 70 },
          { title: tx('面积(㎡)', 'Area (m²)'), dataIndex: 'area', width: 90 },
          {
            title: tx('状态', 'Occupancy'),
            dataIndex: 'occupancy',
            width: 80,
            render: (o: keyof typeof occupancyNames) => occupancyNames[o][lang],
          },
          {
            title: tx('业主', 'Owners'),
            dataIndex: 'owners',
            render: (o: string[], h) => (
              <>
                {o.length ? (
                  o.join('、')
                ) : (
                  <Typography.Text type="secondary">{tx('未登记', 'None recorded')}</Typography.Text>
                )}
                {canEdit && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setOwnersOf({ id: h.id, owners: o })}
                    data-testid="change-owners"
                  >
                    {tx('变更业主', 'Change owners')}
                  </Button>
                )}
              </>
            ),
          },
          {
            title: tx('住户（户主 · 人数）', 'Households (head · people)'),
            render: (_, h) =>
              h.households.length === 0 ? (
                <Typography.Text type="secondary">{tx('无人居住', 'Nobody lives here')}</Typography.Text>
              ) : (
                h.households.map((x) => (
                  <span key={x.id}>
                    <Button size="small" type="link" onClick={() => setHousehold(x.id)}>
                      {`${tx('户主', 'Head')} ${x.head ?? tx('未登记', '—')} · ${x.members}${tx('人', ' people')}`}
                    </Button>
                    {partyHouseholds.has(x.id) && (
                      <Tag color="red" data-testid="party-household">
                        {tx('共产党员户', 'Party household')}
                      </Tag>
                    )}
                  </span>
                ))
              ),
          },
        ]}
      />
      {household !== null && <HouseholdDrawer id={household} onClose={() => setHousehold(null)} />}
      {ownersOf && (
        <OwnersDialog
          house={ownersOf}
          onClose={(changed) => {
            setOwnersOf(null);
            if (changed) reload();
          }}
        />
      )}
    </Drawer>
  );
}

/** A change of owners (sale, inheritance): the old owners stay as history with an end date; audited. */
function OwnersDialog({
  house,
  onClose,
}: {
  house: { id: number; owners: string[] };
  onClose: (changed: boolean) => void;
}) {
  const tx = useTx();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open title={tx('变更业主', 'Change owners')} onCancel={() => onClose(false)} onOk={() => form.submit()}>
      {error && <Alert type="error" title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ owners: house.owners.join('、'), since: new Date().toISOString().slice(0, 10) }}
        onFinish={async (v: { owners: string; since: string }) => {
          const owners = v.owners
            .split(/[、,，\s]+/)
            .map((n) => n.trim())
            .filter(Boolean)
            .map((name) => ({ name }));
          try {
            await registryApi.changeOwners(house.id, owners, v.since);
            onClose(true);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
          }
        }}
      >
        <Form.Item
          name="owners"
          label={tx('新业主（多人用顿号分隔）', 'New owners (separated by 、)')}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="since"
          label={tx('变更日期', 'Since')}
          rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
        >
          <Input placeholder="2026-03-01" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HouseholdDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { lang } = useI18n();

  const tx = useTx();
  const { me } = useAuth();
  const [data, , reload, loading] = useApi<HouseholdDetail>(['registry', 'household', id], () =>
    registryApi.household(id),
  );
  const [resident, setResident] = useState<number | null>(null);
  const [moving, setMoving] = useState(false);
  const [params] = useSearchParams();
  const community = params.get('community') ?? me?.user.roles.find((r) => r.regionCode)?.regionCode?.slice(0, 12) ?? '';
  return (
    <Drawer
      open
      size="large"
      title={data?.address ?? ''}
      onClose={onClose}
      extra={
        me?.abilities.includes('registry.edit') && (
          <Button onClick={() => setMoving(true)} data-testid="move-household">
            {lang === 'zh' ? '迁往其他房屋' : 'Move'}
          </Button>
        )
      }
    >
      {moving && (
        <MoveHouseholdDialog
          householdId={id}
          community={community}
          onClose={(moved) => {
            setMoving(false);
            if (moved) reload();
          }}
        />
      )}
      <Table<ResidentSummary>
        data-testid="members-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data?.members ?? []}
        loading={loading}
        onRow={(r) => ({ onClick: () => setResident(r.id), style: { cursor: 'pointer' } })}
        columns={residentColumns(tx, lang)}
      />
      {resident !== null && <ResidentCard id={resident} onClose={() => setResident(null)} />}
    </Drawer>
  );
}
