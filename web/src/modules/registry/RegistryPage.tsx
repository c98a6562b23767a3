import { regionsApi } from '../org/api.js';
import { registryApi } from './api.js';
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Space, Table, Tabs, Tag, Spin } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { GridStats } from '../../../../contracts/registry.js';
import { sizingNames } from '../../../../contracts/registry.js';
import type { RegionMap } from '../../../../contracts/regions.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { useAuth } from '../../auth.js';
import { GridMap } from '../../components/GridMap.js';
import { Estates, GridLinesDialog } from './RegistryEdits.js';
import { useI18n, useTx } from '../../i18n.js';
import { useApi } from '../../lib/query.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Buildings } from './Buildings.js';
import { Residents } from './Residents.js';

const SIZING_COLOR = { under: '#bae0ff', ok: '#b7eb8f', over: '#ffa39e' } as const;
const SIZING_TAG = { under: 'blue', ok: 'green', over: 'red' } as const;

/**
 * 以图管房、以房管人: a community's grids on the map, coloured by households against the sizing
 * rule; grid → buildings → houses → households → residents; residents found by name, ID or tag.
 * Every filter lives in the URL, so a link reproduces the view.
 */
export function RegistryPage() {
  const { lang } = useI18n();

  const tx = useTx();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const home = me?.user.roles.find((r) => r.regionCode)?.regionCode ?? '';
  // those who work above a community pick one (the street's command centre, a district)
  const picked = params.get('community') ?? undefined;
  const community = picked && picked.length === 12 ? picked : home.length >= 12 ? home.slice(0, 12) : undefined;
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
  const [stats, statsError, reloadStats, statsLoading] = useApi<GridStats>(
    ['registry', 'gridStats', community],
    community ? () => registryApi.gridStats(community) : null,
  );
  const [editingLines, setEditingLines] = useState<GridStats['grids'][number] | null>(null);
  const [map, , , mapLoading] = useApi<RegionMap>(
    ['registry', 'regionMap', community],
    community ? () => regionsApi.regionMap(community) : null,
  );
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
  const picker = (
    <CommunityPicker home={home} value={picked} onChange={(c) => setParams(new URLSearchParams({ community: c }))} />
  );
  if (!community)
    return (
      <Card title={tx('网格与居民', 'Grids and residents')}>
        <Space direction="vertical">
          {picker}
          <Empty description={tx('请先选择要查看的社区', 'Pick the community to open')} />
        </Space>
      </Card>
    );
  if (statsError) return <Alert type="error" title={statsError} />;
  const region = grid || community;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {home.length < 12 && picker}
      <Row gutter={16}>
        <Col xs={24} xl={10}>
          <Card
            title={tx('网格分布图', 'Grid map')}
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
            {mapLoading ? (
              <Spin style={{ display: 'block', margin: '80px auto' }} />
            ) : map && map.features.length > 0 ? (
              <GridMap data={map} onPick={onPick} colors={colors} labels={labels} />
            ) : (
              <Empty
                description={tx(
                  '还没有网格边界：请在服务器上用 linli grids import 导入社区的网格图（GeoJSON）',
                  'No grid boundaries yet: import the community’s grid map (GeoJSON) with linli grids import',
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={tx('网格', 'Grids')}
            extra={
              canImport && (
                <Button icon={<UploadOutlined />} onClick={() => navigate('/registry/import')}>
                  {tx('导入居民信息', 'Import residents')}
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
              loading={statsLoading}
              locale={{
                emptyText: tx(
                  '本社区还没有网格：请在服务器上用 linli grids import 导入网格图',
                  'No grids yet: import the grid map with linli grids import',
                ),
              }}
              scroll={{ x: 'max-content' }}
              rowClassName={(g) => (g.code === grid ? 'ant-table-row-selected' : '')}
              onRow={(g) => ({ onClick: () => set({ grid: g.code === grid ? undefined : g.code }) })}
              columns={[
                { title: tx('网格', 'Grid'), dataIndex: 'name', className: 'nowrap', fixed: 'left' },
                { title: tx('户数', 'Households'), dataIndex: 'households', align: 'right' },
                { title: tx('居民', 'Residents'), dataIndex: 'residents', align: 'right' },
                { title: tx('楼栋', 'Buildings'), dataIndex: 'buildings', align: 'right' },
                {
                  title: tx('规模', 'Size'),
                  dataIndex: 'sizing',
                  render: (s: 'under' | 'ok' | 'over') => <Tag color={SIZING_TAG[s]}>{sizingNames[s][lang]}</Tag>,
                },
                {
                  title: tx('网格力量', 'Grid staff'),
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
            { key: 'residents', label: tx('居民', 'Residents'), children: <Residents region={region} set={set} /> },
            { key: 'buildings', label: tx('楼栋', 'Buildings'), children: <Buildings region={region} /> },
            { key: 'estates', label: lang === 'zh' ? '小区' : 'Estates', children: <Estates community={community} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
