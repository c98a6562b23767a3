import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import { frequencyNames, type Frequency } from '../../../../contracts/visits.js';
import { useAuth } from '../../auth.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { GridMap } from '../../components/GridMap.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { regionsApi } from '../org/api.js';
import { useAct } from '../party/useAct.js';
import { visitsApi } from './api.js';
import { AlarmsBoard } from './Alarms.js';
import { VisitLog } from './VisitLog.js';
import { CareSubjects } from './Care.js';
import { useVisitName } from './names.js';

const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
type PlanItem = NonNullable<Awaited<ReturnType<typeof visitsApi.plan>>['plan']>['items'][number];

/** 联户走访: coverage of a community (the share, by frequency and visitor, the buildings on the map), plans, the log. */
export function VisitsPage({ defaultTab = 'coverage' }: { defaultTab?: string } = {}) {
  const tx = useTx();
  const { home, params, community, tab, set } = useCommunityPage(defaultTab);
  return (
    <Card
      title={tx('联户走访', 'Household visits')}
      extra={
        home.length < 12 && <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
      }
    >
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k, state: undefined, level: undefined })}
          items={[
            { key: 'coverage', label: tx('覆盖率', 'Coverage'), children: <Coverage community={community} /> },
            {
              key: 'plans',
              label: tx('走访计划', 'Plans'),
              children: (
                <Plans community={community} grid={params.get('grid') ?? undefined} onGrid={(g) => set({ grid: g })} />
              ),
            },
            {
              key: 'log',
              label: tx('民情日记', 'Visit log'),
              children: <VisitLog region={params.get('grid') ?? community} params={params} set={set} />,
            },
            {
              key: 'care',
              label: tx('关爱对象', 'Care subjects'),
              children: <CareSubjects community={community} params={params} set={set} />,
            },
            {
              key: 'alarms',
              label: tx('告警看板', 'Alarms'),
              children: <AlarmsBoard community={community} params={params} set={set} />,
            },
          ]}
        />
      )}
    </Card>
  );
}

const standing = (b: { overdue: number; neverVisited: number; households: number }) =>
  b.neverVisited > 0 ? 'never' : b.overdue > 0 ? 'overdue' : 'within';
const COLOURS = { within: '#389e0d', overdue: '#d46b08', never: '#c8102e' };

function Coverage({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const cov = useQuery({ queryKey: ['visits', 'coverage', community], queryFn: () => visitsApi.coverage(community) });
  const buildings = useQuery({
    queryKey: ['visits', 'buildings', community],
    queryFn: () => visitsApi.buildings(community),
  });
  const map = useQuery({ queryKey: ['regions', 'map', community], queryFn: () => regionsApi.regionMap(community) });
  return (
    <Loaded query={cov}>
      {(c) => (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic
                title={tx('按要求频次走访到位率', 'Seen within their interval')}
                value={c.share === null ? '—' : (c.share * 100).toFixed(1)}
                suffix={c.share === null ? '' : '%'}
                data-testid="visits-share"
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={tx('住户', 'Households')} value={c.households} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={tx('本月已走访', 'Seen this month')} value={c.visitedThisMonth} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={tx('逾期未访', 'Overdue')}
                value={c.overdue}
                styles={{ content: { color: '#d46b08' } }}
              />
            </Col>
            <Col xs={12} md={4}>
              <Statistic
                title={tx('从未走访', 'Never seen')}
                value={c.neverVisited}
                styles={{ content: { color: '#c8102e' } }}
              />
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={14}>
              {map.data && (
                <GridMap
                  data={map.data}
                  points={(buildings.data?.items ?? []).flatMap((b) =>
                    b.lng !== null && b.lat !== null
                      ? [
                          {
                            lng: b.lng,
                            lat: b.lat,
                            name: `${b.name}：${tx('到位', 'within')} ${b.withinInterval} / ${b.households}${b.overdue ? ` · ${tx('逾期', 'overdue')} ${b.overdue}` : ''}${b.neverVisited ? ` · ${tx('未访', 'never')} ${b.neverVisited}` : ''}`,
                            color: COLOURS[standing(b)],
                          },
                        ]
                      : [],
                  )}
                />
              )}
              <Space style={{ marginTop: 8 }}>
                <Tag color={COLOURS.within}>{tx('全部到位', 'All within')}</Tag>
                <Tag color={COLOURS.overdue}>{tx('有逾期', 'Some overdue')}</Tag>
                <Tag color={COLOURS.never}>{tx('有从未走访', 'Some never seen')}</Tag>
              </Space>
            </Col>
            <Col xs={24} lg={10}>
              <Table
                data-testid="visits-by-frequency"
                rowKey="frequency"
                size="small"
                pagination={false}
                dataSource={c.byFrequency}
                columns={[
                  {
                    title: tx('要求频次', 'Frequency'),
                    dataIndex: 'frequency',
                    render: (f: Frequency) => frequencyNames[f][lang],
                  },
                  { title: tx('住户', 'Households'), dataIndex: 'households', align: 'right' },
                  { title: tx('到位', 'Within'), dataIndex: 'withinInterval', align: 'right' },
                  { title: tx('逾期', 'Overdue'), dataIndex: 'overdue', align: 'right' },
                  { title: tx('从未', 'Never'), dataIndex: 'neverVisited', align: 'right' },
                ]}
              />
              <Table
                style={{ marginTop: 12 }}
                rowKey="visitor"
                size="small"
                pagination={false}
                dataSource={c.byVisitor}
                columns={[
                  { title: tx('走访人', 'Visitor'), dataIndex: 'visitor', className: 'nowrap' },
                  { title: tx('本月走访次数', 'Visits this month'), dataIndex: 'visitsThisMonth', align: 'right' },
                  { title: tx('本月走访户数', 'Households'), dataIndex: 'households', align: 'right' },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </Loaded>
  );
}

function Plans({
  community,
  grid,
  onGrid,
}: {
  community: string;
  grid: string | undefined;
  onGrid: (g: string) => void;
}) {
  const name = useVisitName();
  const tx = useTx();
  const act = useAct();
  const { me } = useAuth();
  const region = useQuery({ queryKey: ['regions', community], queryFn: () => regionsApi.region(community) });
  const grids = (region.data?.children ?? []).filter((g) => g.code.length === 15);
  const current = grid ?? grids[0]?.code;
  const plan = useQuery({
    queryKey: ['visits', 'plan', current],
    queryFn: () => visitsApi.plan(current ?? ''),
    enabled: current !== undefined,
  });
  const canPlan = me?.abilities.includes('visits.plan') ?? false;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          aria-label={tx('网格', 'Grid')}
          style={{ width: 220 }}
          value={current}
          onChange={onGrid}
          options={grids.map((g) => ({ value: g.code, label: g.name }))}
        />
        {canPlan && (
          <Button
            onClick={() =>
              void act(() => visitsApi.generate(community, month()), tx('本月计划已生成', 'Plans generated'))
            }
            data-testid="visits-generate"
          >
            {tx('重新生成本月计划', 'Generate this month’s plans')}
          </Button>
        )}
        {plan.data?.plan && (
          <span style={{ color: '#555' }}>
            {tx(
              `${plan.data.plan.month} · ${plan.data.plan.items.length} 户（月走访量 ${plan.data.plan.load}）· 已完成 ${plan.data.plan.items.filter((i) => i.done).length}`,
              `${plan.data.plan.month} · ${plan.data.plan.items.length} households · ${plan.data.plan.items.filter((i) => i.done).length} done`,
            )}
          </span>
        )}
      </Space>
      <Loaded query={plan}>
        {(p) => (
          <Table<PlanItem>
            data-testid="visits-plan"
            rowKey="householdId"
            size="small"
            dataSource={p.plan?.items ?? []}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: tx('本月尚未生成计划', 'No plan for this month yet') }}
            columns={[
              { title: tx('顺序', 'Order'), dataIndex: 'position', width: 60 },
              { title: tx('住址', 'Address'), dataIndex: 'address', className: 'nowrap' },
              { title: tx('户主', 'Head'), dataIndex: 'head', render: (v: string | null) => v ?? '—' },
              {
                title: tx('要求频次', 'Frequency'),
                className: 'nowrap',
                render: (_: unknown, r: { frequencyName: string }) => name(r.frequencyName),
              },
              { title: tx('应访日期', 'Due'), dataIndex: 'dueOn', className: 'nowrap' },
              {
                title: tx('上次走访', 'Last seen'),
                dataIndex: 'lastVisitedOn',
                className: 'nowrap',
                render: (v: string | null) => v ?? tx('从未', 'Never'),
              },
              {
                title: tx('本月', 'This month'),
                dataIndex: 'done',
                render: (d: boolean) =>
                  d ? <Tag color="green">{tx('已访', 'Seen')}</Tag> : <Tag>{tx('待访', 'To do')}</Tag>,
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

/** The care tab as a page of its own (what the inbox links to). */
export const CarePage = () => <VisitsPage defaultTab="care" />;
/** The alarms board as a page of its own (what the inbox links to). */
export const AlarmsPage = () => <VisitsPage defaultTab="alarms" />;
