import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  message,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type {
  BuildingDetail,
  BuildingList,
  GridStats,
  HouseholdDetail,
  ResidentDetail,
  ResidentPage,
  ResidentSummary,
} from '../../../contracts/registry.js';
import { occupancyNames, residenceTypeNames, residentTags, tagNames } from '../../../contracts/registry.js';
import type { RegionMap } from '../../../contracts/regions.js';
import { roleNames, type Role } from '../../../contracts/roles.js';
import { ApiError, api } from '../api.js';
import { useAuth } from '../auth.js';
import { GridMap } from '../components/GridMap.js';
import { Estates, GridLinesDialog, MoveHouseholdDialog } from './RegistryEdits.js';
import { useI18n, useTx } from '../i18n.js';

const SIZING_COLOR = { under: '#bae0ff', ok: '#b7eb8f', over: '#ffa39e' } as const;
const SIZING_TAG = { under: 'blue', ok: 'green', over: 'red' } as const;

function useLoad<T>(load: (() => Promise<T>) | null, deps: unknown[]): [T | null, string | null, () => void] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!load) return setData(null);
    let live = true;
    load()
      .then((d) => live && (setData(d), setError(null)))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : 'error'));
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [data, error, () => setTick((t) => t + 1)];
}

/**
 * 以图管房、以房管人: a community's grids on the map, coloured by households against the sizing
 * rule; grid → buildings → houses → households → residents; residents found by name, ID or tag.
 * Every filter lives in the URL, so a link reproduces the view.
 */
export function RegistryPage() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const home = me?.user.roles.find((r) => r.regionCode)?.regionCode ?? '';
  const community = params.get('community') ?? home.slice(0, 12);
  const grid = params.get('grid') ?? (home.length === 15 ? home : '');
  const tab = params.get('tab') ?? 'residents';
  const canImport = me?.abilities.includes('registry.import') ?? false;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  const [stats, statsError, reloadStats] = useLoad<GridStats>(community ? () => api.gridStats(community) : null, [
    community,
  ]);
  const [editingLines, setEditingLines] = useState<GridStats['grids'][number] | null>(null);
  const [map] = useLoad<RegionMap>(community ? () => api.regionMap(community) : null, [community]);
  const colors = useMemo(
    () => Object.fromEntries((stats?.grids ?? []).map((g) => [g.code, SIZING_COLOR[g.sizing]])),
    [stats],
  );
  const labels = useMemo(
    () => Object.fromEntries((stats?.grids ?? []).map((g) => [g.code, `${g.households}户`])),
    [stats],
  );
  const onPick = useCallback(
    (code: string) => {
      const next = new URLSearchParams(params);
      next.set('grid', code);
      setParams(next);
    },
    [params, setParams],
  );
  if (!community) return <Empty description={t('pickRegion')} />;
  if (statsError) return <Alert type="error" title={statsError} />;
  const region = grid || community;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            title={t('gridMap')}
            size="small"
            extra={
              stats && (
                <Space size={4}>
                  <Tag color={SIZING_TAG.under}>{`< ${stats.rule.minHouseholds}`}</Tag>
                  <Tag color={SIZING_TAG.ok}>{`${stats.rule.minHouseholds}–${stats.rule.maxHouseholds}`}</Tag>
                  <Tag color={SIZING_TAG.over}>{`> ${stats.rule.maxHouseholds}`}</Tag>
                </Space>
              )
            }
          >
            {map && map.features.length > 0 ? (
              <GridMap mapKey={`reg-${community}`} data={map} onPick={onPick} colors={colors} labels={labels} />
            ) : (
              <Empty description={t('noMap')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('grids')}
            extra={
              canImport && (
                <Button icon={<UploadOutlined />} onClick={() => navigate('/registry/import')}>
                  {t('importData')}
                </Button>
              )
            }
          >
            <Table
              data-testid="grid-table"
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={stats?.grids ?? []}
              rowClassName={(g) => (g.code === grid ? 'ant-table-row-selected' : '')}
              onRow={(g) => ({ onClick: () => set({ grid: g.code === grid ? undefined : g.code }) })}
              columns={[
                { title: t('grid'), dataIndex: 'name' },
                { title: t('households'), dataIndex: 'households', align: 'right' },
                { title: t('residents'), dataIndex: 'residents', align: 'right' },
                { title: t('buildings'), dataIndex: 'buildings', align: 'right' },
                {
                  title: t('sizing'),
                  dataIndex: 'sizing',
                  render: (s: 'under' | 'ok' | 'over') => <Tag color={SIZING_TAG[s]}>{t(`sizing_${s}`)}</Tag>,
                },
                {
                  title: t('gridStaff'),
                  render: (_, g) =>
                    g.staff.map((s, i) => (
                      <Tag key={i}>
                        {roleNames[s.role as Role]?.[lang] ?? s.role} {s.name}
                      </Tag>
                    )),
                },
                {
                  title: lang === 'zh' ? '管线' : 'Business lines',
                  render: (_, g) => (
                    <span data-testid="grid-lines">
                      {g.lines.map((l, i) => (
                        <Tag key={i} color="blue">
                          {l.line} {l.person}
                        </Tag>
                      ))}
                      {me?.abilities.includes('registry.edit') && (
                        <Button size="small" type="link" onClick={() => setEditingLines(g)}>
                          {lang === 'zh' ? '编辑' : 'Edit'}
                        </Button>
                      )}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {editingLines && (
        <GridLinesDialog
          grid={editingLines.code}
          name={editingLines.name}
          lines={editingLines.lines}
          onClose={(changed) => {
            setEditingLines(null);
            if (changed) reloadStats();
          }}
        />
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'residents', label: t('residents'), children: <Residents region={region} set={set} /> },
            { key: 'buildings', label: t('buildings'), children: <Buildings region={region} /> },
            { key: 'estates', label: lang === 'zh' ? '小区' : 'Estates', children: <Estates community={community} /> },
          ]}
        />
      </Card>
    </Space>
  );
}

function Residents({ region, set }: { region: string; set: (p: Record<string, string | undefined>) => void }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const tags = params.get('tags') ?? '';
  const status = params.get('status') ?? '';
  const page = Number(params.get('page') ?? '1');
  const [open, setOpen] = useState<number | null>(null);
  const filter: Record<string, string> = {
    region,
    ...(q ? (/^\d{15,17}[\dXx]$/.test(q) ? { idNumber: q } : { q }) : {}),
    ...(tags ? { tags } : {}),
    ...(status ? { status } : {}),
  };
  const [data, error] = useLoad<ResidentPage>(
    () => api.residents({ ...filter, page: String(page), pageSize: '20' }),
    [region, q, tags, status, page],
  );
  const canExport = me?.abilities.includes('registry.export') ?? false;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          key={q}
          data-testid="resident-search"
          defaultValue={q}
          allowClear
          placeholder={t('searchResidents')}
          style={{ width: 300 }}
          onSearch={(v) => set({ q: v.trim() || undefined })}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('filterTags')}
          style={{ minWidth: 260 }}
          value={tags ? tags.split(',') : []}
          onChange={(v: string[]) => set({ tags: v.length ? v.join(',') : undefined })}
          options={residentTags.map((x) => ({ value: x, label: tagNames[x][lang] }))}
        />
        <Select
          style={{ width: 120 }}
          value={status || 'active'}
          onChange={(v: string) => set({ status: v === 'active' ? undefined : v })}
          options={(['active', 'moved_out', 'deceased'] as const).map((x) => ({ value: x, label: t(`status_${x}`) }))}
        />
        {canExport && (
          <Button icon={<DownloadOutlined />} href={api.residentsExportUrl(filter)} data-testid="residents-export">
            {t('exportXlsx')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" title={error} />}
      <Table<ResidentSummary>
        data-testid="residents-table"
        size="small"
        rowKey="id"
        dataSource={data?.items ?? []}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showTotal: (n) => `${n}`,
          onChange: (p) => set({ page: String(p) }),
        }}
        columns={residentColumns(t, lang)}
      />
      {open !== null && <ResidentCard id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function residentColumns(t: ReturnType<typeof useI18n>['t'], lang: 'zh' | 'en') {
  return [
    { title: t('name'), dataIndex: 'name' },
    { title: t('idNumber'), dataIndex: 'idNumber' },
    { title: t('phone'), dataIndex: 'phone' },
    { title: t('age'), dataIndex: 'age', width: 60 },
    { title: t('relation'), dataIndex: 'relation', width: 90 },
    { title: t('address'), dataIndex: 'address' },
    {
      title: t('tags'),
      dataIndex: 'tags',
      render: (tags: ResidentSummary['tags']) => tags.map((x) => <Tag key={x}>{tagNames[x][lang]}</Tag>),
    },
  ];
}

/** A resident, masked; the full ID or phone only with a typed reason (audited). */
function ResidentCard({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [data, error, reload] = useLoad<ResidentDetail>(() => api.resident(id), [id]);
  const [statusTo, setStatusTo] = useState<'moved_out' | 'deceased' | 'active' | null>(null);
  const [note, setNote] = useState('');
  const canEdit = data?.abilities.includes('registry.edit') ?? false;
  const saveStatus = async () => {
    if (!statusTo) return;
    try {
      await api.residentStatus(id, statusTo, note);
      setStatusTo(null);
      setNote('');
      reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('loadFailed'));
    }
  };
  const [revealed, setRevealed] = useState<Partial<Record<'idNumber' | 'phone', string>>>({});
  const [asking, setAsking] = useState<'idNumber' | 'phone' | null>(null);
  const [reason, setReason] = useState('');
  const canReveal = data?.abilities.includes('registry.reveal') ?? false;
  const reveal = async () => {
    if (!asking) return;
    try {
      const r = await api.revealResident(id, asking, reason);
      setRevealed((v) => ({ ...v, [asking]: r.value ?? '' }));
      setAsking(null);
      setReason('');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('loadFailed'));
    }
  };
  const field = (f: 'idNumber' | 'phone') => (
    <Space>
      <span data-testid={`resident-${f}`}>{revealed[f] ?? data?.[f] ?? ''}</span>
      {canReveal && data?.[f] && !revealed[f] && (
        <Button size="small" type="link" onClick={() => setAsking(f)}>
          {t('reveal')}
        </Button>
      )}
    </Space>
  );
  return (
    <Drawer
      open
      title={data ? `${data.name}${data.status === 'active' ? '' : `（${t(`status_${data.status}`)}）`}` : ''}
      onClose={onClose}
      size="large"
      extra={
        canEdit &&
        data?.status !== 'deceased' && (
          <Space>
            {data?.status === 'active' ? (
              <>
                <Button onClick={() => setStatusTo('moved_out')}>{t('markMovedOut')}</Button>
                <Button danger onClick={() => setStatusTo('deceased')}>
                  {t('markDeceased')}
                </Button>
              </>
            ) : (
              <Button onClick={() => setStatusTo('active')}>{t('markBack')}</Button>
            )}
          </Space>
        )
      }
    >
      {error && <Alert type="error" title={error} />}
      {data && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('idNumber')}>{field('idNumber')}</Descriptions.Item>
          <Descriptions.Item label={t('phone')}>{field('phone')}</Descriptions.Item>
          <Descriptions.Item label={t('sex')}>
            {data.sex === 'M' ? t('male') : data.sex === 'F' ? t('female') : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('age')}>{data.age}</Descriptions.Item>
          <Descriptions.Item label={t('relation')}>{data.relation}</Descriptions.Item>
          <Descriptions.Item label={t('residenceType')}>
            {residenceTypeNames[data.residenceType][lang]}
          </Descriptions.Item>
          <Descriptions.Item label={t('address')}>{data.address}</Descriptions.Item>
          <Descriptions.Item label={t('grid')}>{data.gridName}</Descriptions.Item>
          <Descriptions.Item label={t('tags')}>
            {data.tags.map((x) => (
              <Tag key={x}>{tagNames[x][lang]}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('history')}>
            {data.history.length === 0
              ? t('none')
              : data.history.map((h, i) => <div key={i}>{`${new Date(h.at).toLocaleString()} ${h.kind}`}</div>)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Modal
        open={statusTo !== null}
        title={
          statusTo
            ? t(statusTo === 'active' ? 'markBack' : statusTo === 'deceased' ? 'markDeceased' : 'markMovedOut')
            : ''
        }
        onCancel={() => setStatusTo(null)}
        onOk={() => void saveStatus()}
        okButtonProps={{ disabled: note.trim().length < 2 }}
      >
        <p>{t('statusNote')}</p>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </Modal>
      <Modal
        open={asking !== null}
        title={t('revealReason')}
        onCancel={() => setAsking(null)}
        onOk={() => void reveal()}
        okButtonProps={{ disabled: reason.trim().length < 2 }}
      >
        <p>{t('revealHint')}</p>
        <Input.TextArea
          data-testid="reveal-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
        />
      </Modal>
    </Drawer>
  );
}

function Buildings({ region }: { region: string }) {
  const { t, lang } = useI18n();
  const [list] = useLoad<BuildingList>(() => api.buildings(region), [region]);
  const [building, setBuilding] = useState<number | null>(null);
  return (
    <>
      <Table
        data-testid="buildings-table"
        size="small"
        rowKey="id"
        dataSource={list?.items ?? []}
        onRow={(b) => ({ onClick: () => setBuilding(b.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('estate'), dataIndex: 'estate' },
          { title: t('building'), dataIndex: 'name' },
          { title: t('address'), dataIndex: 'address' },
          { title: t('grid'), dataIndex: 'gridName' },
          { title: t('houses'), dataIndex: 'houses', align: 'right' },
          { title: t('households'), dataIndex: 'households', align: 'right' },
          { title: t('residents'), dataIndex: 'residents', align: 'right' },
        ]}
      />
      {building !== null && <BuildingDrawer id={building} lang={lang} onClose={() => setBuilding(null)} />}
    </>
  );
}

function BuildingDrawer({ id, lang, onClose }: { id: number; lang: 'zh' | 'en'; onClose: () => void }) {
  const { t } = useI18n();
  const tx = useTx();
  const { me } = useAuth();
  const [data, , reload] = useLoad<BuildingDetail>(() => api.building(id), [id]);
  const [household, setHousehold] = useState<number | null>(null);
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
        columns={[
          { title: t('unit'), dataIndex: 'unit', width: 60 },
          { title: t('room'), dataIndex: 'room', width: 70 },
          { title: t('area'), dataIndex: 'area', width: 90 },
          {
            title: t('occupancy'),
            dataIndex: 'occupancy',
            width: 80,
            render: (o: keyof typeof occupancyNames) => occupancyNames[o][lang],
          },
          {
            title: t('owners'),
            dataIndex: 'owners',
            render: (o: string[], h) => (
              <>
                {o.join('、')}
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
            title: t('households'),
            render: (_, h) =>
              h.households.map((x) => (
                <Button key={x.id} size="small" type="link" onClick={() => setHousehold(x.id)}>
                  {`${x.head ?? ''}（${x.members}${t('people')}）`}
                </Button>
              )),
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
            await api.changeOwners(house.id, owners, v.since);
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
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [data, , reload] = useLoad<HouseholdDetail>(() => api.household(id), [id]);
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
        onRow={(r) => ({ onClick: () => setResident(r.id), style: { cursor: 'pointer' } })}
        columns={residentColumns(t, lang)}
      />
      {resident !== null && <ResidentCard id={resident} onClose={() => setResident(null)} />}
    </Drawer>
  );
}
