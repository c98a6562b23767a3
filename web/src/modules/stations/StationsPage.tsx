import { useQuery } from '@tanstack/react-query';
import { Card, Col, InputNumber, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { stationKindNames, stationKinds, type StationKind } from '../../../../contracts/stations.js';
import { GridMap } from '../../components/GridMap.js';
import { Loaded } from '../../components/Loaded.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useTx } from '../../i18n.js';
import { regionsApi } from '../org/api.js';
import { openText, stationsApi, type Station } from './api.js';
import { CataloguePanel } from './CataloguePanel.js';
import { StationDrawer } from './StationDrawer.js';
import { StationForm } from './StationForm.js';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');

/** The stations of the place: a table and the map, open ones green; a row opens its page. */
function StationList({ region, onOpen }: { region: string; onOpen: (s: Station) => void }) {
  const tx = useTx();
  const [kind, setKind] = useState<StationKind | undefined>();
  const list = useQuery({
    queryKey: ['stations', 'list', region, kind],
    queryFn: () => stationsApi.list(region, kind),
  });
  const map = useQuery({ queryKey: ['regions', 'map', region], queryFn: () => regionsApi.regionMap(region) }).data;
  return (
    <Loaded query={list}>
      {(d) => (
        <>
          <Space style={{ marginBottom: 12 }} wrap>
            <Select
              allowClear
              aria-label={tx('阵地类型', 'Kind')}
              placeholder={tx('全部类型', 'All kinds')}
              style={{ width: 180 }}
              value={kind}
              onChange={setKind}
              data-testid="station-kind"
              options={stationKinds.map((k) => ({ value: k, label: stationKindNames[k].zh }))}
            />
            {d.canManage && <StationForm region={region} />}
            <span>
              {tx(
                `共 ${d.items.length} 个，现在开放 ${d.items.filter((s) => s.now.open).length} 个`,
                `${d.items.length} stations, ${d.items.filter((s) => s.now.open).length} open now`,
              )}
            </span>
          </Space>
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Table
                rowKey="id"
                size="small"
                dataSource={d.items}
                pagination={{ pageSize: 12 }}
                onRow={(s) => ({ onClick: () => onOpen(s), style: { cursor: 'pointer' } })}
                columns={[
                  {
                    title: tx('名称', 'Name'),
                    dataIndex: 'name',
                    render: (v: string, s) => <a data-testid={`station-${s.id}`}>{v}</a>,
                  },
                  { title: tx('类型', 'Kind'), dataIndex: 'kindName' },
                  { title: tx('服务范围', 'Serves'), dataIndex: 'regionName' },
                  {
                    title: tx('现在', 'Now'),
                    render: (_: unknown, s) => <Tag color={s.now.open ? 'green' : 'default'}>{openText(s)}</Tag>,
                  },
                  {
                    title: tx('可借物品', 'To lend'),
                    render: (_: unknown, s) => s.facilities.map((f) => `${f.name}${f.available}/${f.stock}`).join('、'),
                  },
                ]}
              />
            </Col>
            <Col xs={24} xl={10}>
              <GridMap
                data={map ?? null}
                height={460}
                points={d.items.map((s) => ({
                  lng: s.lng,
                  lat: s.lat,
                  name: `${s.name}（${openText(s)}）`,
                  color: s.now.open ? '#389e0d' : '#8c8c8c',
                }))}
              />
            </Col>
          </Row>
        </>
      )}
    </Loaded>
  );
}

/** 15分钟服务圈: households within reach of each kind, the uncovered buildings on the map, where a new one would help most. */
function Coverage({ region, kind, onKind }: { region: string; kind: StationKind; onKind: (k: StationKind) => void }) {
  const tx = useTx();
  const [speed, setSpeed] = useState(80);
  const [detour, setDetour] = useState(1.4);
  const report = useQuery({
    queryKey: ['stations', 'coverage', region, kind, speed, detour],
    queryFn: () => stationsApi.coverage({ region, kind, speed, detour }),
  });
  const stations = useQuery({
    queryKey: ['stations', 'list', region, kind],
    queryFn: () => stationsApi.list(region, kind),
  }).data;
  const map = useQuery({ queryKey: ['regions', 'map', region], queryFn: () => regionsApi.regionMap(region) }).data;
  const points = useMemo(
    () => [
      ...(report.data?.uncovered ?? []).map((b) => ({
        lng: b.lng,
        lat: b.lat,
        name: `${b.community}${b.name}：${b.households}户未覆盖`,
        color: '#8c8c8c',
      })),
      ...(stations?.items ?? []).map((s) => ({ lng: s.lng, lat: s.lat, name: s.name })),
      ...(report.data?.suggestions ?? []).map((s, i) => ({
        lng: s.lng,
        lat: s.lat,
        name: `建议${i + 1}：${s.name}（可覆盖${s.households}户）`,
        color: '#1677ff',
      })),
    ],
    [report.data, stations],
  );
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={tx('阵地类型', 'Kind')}
          style={{ width: 180 }}
          value={kind}
          onChange={onKind}
          options={stationKinds.map((k) => ({ value: k, label: stationKindNames[k].zh }))}
          data-testid="coverage-kind"
        />
        <span>{tx('步行速度（米/分）', 'Walking speed (m/min)')}</span>
        <InputNumber
          aria-label={tx('步行速度', 'Speed')}
          min={20}
          max={200}
          value={speed}
          onChange={(v) => setSpeed(v ?? 80)}
        />
        <span>{tx('绕行系数', 'Detour factor')}</span>
        <InputNumber
          aria-label={tx('绕行系数', 'Detour')}
          min={1}
          max={3}
          step={0.1}
          value={detour}
          onChange={(v) => setDetour(v ?? 1.4)}
        />
      </Space>
      <Loaded query={report}>
        {(r) => (
          <>
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={6}>
                <Statistic title={tx('住户', 'Households')} value={r.totals.households} />
              </Col>
              <Col span={6}>
                <Statistic
                  title={tx(`15分钟内有${stationKindNames[kind].zh}`, 'Within reach')}
                  value={pct(r.totals.covered[kind] ?? 0, r.totals.households)}
                />
              </Col>
              <Col span={6}>
                <Statistic title={tx('未覆盖楼栋', 'Buildings not reached')} value={r.uncovered.length} />
              </Col>
              <Col span={6}>
                <Statistic title={tx('直线可达半径', 'Straight-line reach')} value={`${r.radius} 米`} />
              </Col>
            </Row>
            <div style={{ color: '#666', marginBottom: 8 }}>
              {tx(
                `可达 = 直线距离 × 绕行系数 ${r.detour} ≤ 步行 ${r.minutes} 分钟 × ${r.speed} 米/分。绕行系数近似街巷路网，可换用按路网的步行距离计算。`,
                `Reach = straight-line distance × ${r.detour} ≤ ${r.minutes} min × ${r.speed} m/min (an approximation of the street network).`,
              )}
            </div>
            <Row gutter={16}>
              <Col xs={24} xl={12}>
                <Table
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={r.rows}
                  data-testid="coverage-table"
                  columns={[
                    { title: tx('社区', 'Community'), dataIndex: 'name' },
                    { title: tx('住户', 'Households'), dataIndex: 'households' },
                    ...stationKinds.map((k) => ({
                      title: stationKindNames[k].zh,
                      render: (_: unknown, row: (typeof r.rows)[number]) => pct(row.covered[k] ?? 0, row.households),
                    })),
                  ]}
                  scroll={{ x: 900 }}
                />
                <Card
                  size="small"
                  title={tx(`新建一个${stationKindNames[kind].zh}最能补上缺口的位置`, 'Where a new one helps most')}
                  style={{ marginTop: 12 }}
                  data-testid="suggestions"
                >
                  {r.suggestions.length ? (
                    r.suggestions.map((s, i) => (
                      <div key={`${s.lng},${s.lat}`}>
                        {i + 1}. {s.name}（
                        {s.source === 'building'
                          ? tx('现有公共用房', 'existing building')
                          : tx('网格中心', 'grid centre')}
                        ）：
                        {tx(`可新覆盖 ${s.buildings} 栋楼 ${s.households} 户`, `${s.households} households`)}
                      </div>
                    ))
                  ) : (
                    <span>{tx('所有住户都已在15分钟内', 'Everyone is within reach')}</span>
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <GridMap data={map ?? null} height={520} points={points} />
                <div style={{ color: '#666' }}>
                  {tx(
                    '红点：现有阵地；灰点：未覆盖楼栋；蓝点：建议新址',
                    'Red: stations; grey: buildings not reached; blue: suggested sites',
                  )}
                </div>
              </Col>
            </Row>
          </>
        )}
      </Loaded>
    </>
  );
}

/** 党群服务阵地: the stations, the 15-minute circle, the service catalogue. */
export function StationsPage() {
  const tx = useTx();
  const { home, tab, set, params } = useCommunityPage('stations');
  const region = home.length >= 12 ? home.slice(0, 12) : home.slice(0, 9);
  const [open, setOpen] = useState<Station | null>(null);
  const kind = (params.get('kind') as StationKind | null) ?? 'red_post';
  return (
    <Card title={tx('党群服务阵地', 'Stations and services')}>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={[
          {
            key: 'stations',
            label: tx('阵地', 'Stations'),
            children: <StationList region={region} onOpen={setOpen} />,
          },
          {
            key: 'coverage',
            label: tx('15分钟服务圈', '15-minute circle'),
            children: <Coverage region={region} kind={kind} onKind={(k) => set({ kind: k })} />,
          },
          {
            key: 'catalogue',
            label: tx('服务清单', 'Catalogue'),
            children: <CataloguePanel street={region.slice(0, 9)} />,
          },
        ]}
      />
      {open && <StationDrawer street={open.streetId} id={open.id} onClose={() => setOpen(null)} />}
    </Card>
  );
}
