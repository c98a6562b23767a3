import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Button, Card, Col, Drawer, Row, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { needStateNames, needStates } from '../../../../contracts/needs.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { today, useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { OrderBoard } from './Orders.js';
import { WishBoard } from './Wishes.js';
import { ProjectList } from './Projects.js';
import { PurchaseBoard } from './Purchases.js';
import { YearReport } from './YearReport.js';
import { AddNeed, AddResource, useCategoryOptions } from './NeedForms.js';
import { useNeedName } from './names.js';

type Need = Awaited<ReturnType<typeof needsApi.needs>>['items'][number];
const STATE_COLOURS: Record<string, string> = {
  open: 'blue',
  matched: 'gold',
  fallback: 'red',
  met: 'green',
  closed: 'default',
};
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** 需求对接: the three lists side by side, needs with matching, the needs fallen to the community, micro-wishes. */
export function NeedsPage({ defaultTab = 'lists' }: { defaultTab?: string } = {}) {
  const tx = useTx();
  const { home, params, community, tab, set } = useCommunityPage(defaultTab);
  return (
    <Card
      title={tx('需求对接', 'Needs and resources')}
      extra={
        home.length < 12 && <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
      }
    >
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k, state: undefined, category: undefined })}
          items={[
            { key: 'lists', label: tx('三个清单', 'The three lists'), children: <ThreeLists community={community} /> },
            {
              key: 'needs',
              label: tx('需求与对接', 'Needs and matching'),
              children: <Needs community={community} params={params} set={set} />,
            },
            {
              key: 'fallback',
              label: tx('社区兜底', 'Fallen to the community'),
              children: (
                <Needs community={community} params={new URLSearchParams({ state: 'fallback' })} set={set} fixed />
              ),
            },
            { key: 'projects', label: tx('项目清单', 'Projects'), children: <ProjectList community={community} /> },
            { key: 'orders', label: tx('点单服务', 'Menu orders'), children: <OrderBoard community={community} /> },
            { key: 'wishes', label: tx('微心愿', 'Micro-wishes'), children: <WishBoard community={community} /> },
            {
              key: 'purchases',
              label: tx('两库·购买服务', 'Purchased services'),
              children: <PurchaseBoard community={community} />,
            },
            { key: 'report', label: tx('年度报告', 'Yearly report'), children: <YearReport community={community} /> },
          ]}
        />
      )}
    </Card>
  );
}

/** The needs fallen to the community (where a 兜底 notice leads). */
export const NeedsFallbackPage = () => <NeedsPage defaultTab="fallback" />;

/** One of the three lists: a card with its newest rows (two lines in the first column) and how many in all. */
function ListCard<T extends { id: number }>({
  title,
  testId,
  extra,
  query,
  columns,
}: {
  title: string;
  testId: string;
  extra?: ReactNode;
  query: UseQueryResult<{ total: number; items: T[] }>;
  columns: [string, (row: T) => [ReactNode, ReactNode?]][];
}) {
  const tx = useTx();
  return (
    <Col xs={24} lg={8}>
      <Card size="small" title={title} extra={extra}>
        <Loaded query={query}>
          {(d) => (
            <Table<T>
              data-testid={testId}
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.items}
              footer={() => tx(`共 ${d.total} 项`, `${d.total} in all`)}
              columns={columns.map(([heading, cell]) => ({
                title: heading,
                render: (_: unknown, row: T) => {
                  const [main, below] = cell(row);
                  return (
                    <>
                      {main}
                      {below !== undefined && <div style={{ color: '#595959' }}>{below}</div>}
                    </>
                  );
                },
              }))}
            />
          )}
        </Loaded>
      </Card>
    </Col>
  );
}

/** 资源清单 · 需求清单 · 项目清单 side by side, the newest of each. */
function ThreeLists({ community }: { community: string }) {
  const name = useNeedName();
  const tx = useTx();
  const resources = useQuery({
    queryKey: ['needs', 'resources', community],
    queryFn: () => needsApi.resources({ community }),
  });
  const needs = useQuery({ queryKey: ['needs', 'needs', community], queryFn: () => needsApi.needs({ community }) });
  const projects = useQuery({
    queryKey: ['needs', 'projects', community],
    queryFn: () => needsApi.projects({ community }),
  });
  return (
    <Row gutter={12}>
      <ListCard
        title={tx('资源清单', 'Resources')}
        testId="needs-resources"
        extra={<AddResource community={community} />}
        query={resources}
        columns={[
          [tx('资源', 'Resource'), (r) => [r.title, r.owner]],
          [tx('类别', 'Category'), (r) => [name(r.categoryName)]],
          [tx('余量', 'Left'), (r) => [`${r.capacityLeft}/${r.capacity}`]],
        ]}
      />
      <ListCard
        title={tx('需求清单', 'Needs')}
        testId="needs-needs"
        extra={<AddNeed community={community} />}
        query={needs}
        columns={[
          [tx('需求', 'Need'), (n) => [n.title, n.requester]],
          [tx('状态', 'State'), (n) => [<Tag color={STATE_COLOURS[n.state]}>{name(n.stateName)}</Tag>]],
        ]}
      />
      <ListCard
        title={tx('项目清单', 'Projects')}
        testId="needs-projects"
        query={projects}
        columns={[
          [tx('项目', 'Project'), (p) => [p.need, `${p.resource} · ${p.provider}`]],
          [
            tx('评价', 'Rating'),
            (p) => [p.rating ? `${p.rating} ★` : p.state === 'active' ? tx('进行中', 'Running') : ''],
          ],
        ]}
      />
    </Row>
  );
}

/** The needs of a community with filters in the address; a need opens its ranked candidates. */
function Needs({
  community,
  params,
  set,
  fixed,
}: {
  community: string;
  params: URLSearchParams;
  set: (p: Record<string, string | undefined>) => void;
  fixed?: boolean;
}) {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const options = useCategoryOptions();
  const state = params.get('state') ?? undefined;
  const category = params.get('category') ?? undefined;
  const pageNo = Number(params.get('page') ?? 1);
  const list = useQuery({
    queryKey: ['needs', 'needs', community, state, category, pageNo],
    queryFn: () => needsApi.needs({ community, state, category, page: pageNo }),
  });
  const [open, setOpen] = useState<Need | null>(null);
  return (
    <>
      {!fixed && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            aria-label={tx('状态', 'State')}
            placeholder={tx('状态', 'State')}
            style={{ width: 140 }}
            value={state}
            onChange={(v?: string) => set({ state: v, page: undefined })}
            options={needStates.map((s) => ({ value: s, label: needStateNames[s][lang] }))}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={tx('类别', 'Category')}
            placeholder={tx('类别', 'Category')}
            style={{ width: 220 }}
            value={category}
            onChange={(v?: string) => set({ category: v, page: undefined })}
            options={options}
          />
        </Space>
      )}
      <Loaded query={list}>
        {(d) => (
          <Table<Need>
            data-testid={fixed ? 'needs-fallback' : 'needs-list'}
            rowKey="id"
            size="small"
            dataSource={d.items}
            pagination={{ current: pageNo, total: d.total, pageSize: 20, onChange: (p) => set({ page: String(p) }) }}
            columns={[
              { title: tx('需求', 'Need'), dataIndex: 'title' },
              { title: tx('类别', 'Category'), render: (_, n) => name(n.categoryName) },
              { title: tx('提出人', 'Requester'), dataIndex: 'requester' },
              { title: tx('来源', 'Source'), render: (_, n) => name(n.sourceName) },
              {
                title: tx('紧急', 'Urgency'),
                render: (_, n) => (n.urgency === 'urgent' ? <Tag color="red">{tx('紧急', 'Urgent')}</Tag> : ''),
              },
              {
                title: tx('状态', 'State'),
                render: (_, n) => <Tag color={STATE_COLOURS[n.state]}>{name(n.stateName)}</Tag>,
              },
              ...(fixed ? [{ title: tx('兜底责任人', 'Responsible'), dataIndex: 'fallbackTo' }] : []),
              { title: tx('登记时间', 'Raised'), render: (_, n) => n.createdAt.slice(0, 10) },
              {
                title: tx('操作', 'Action'),
                render: (_, n) =>
                  n.state === 'open' || n.state === 'fallback' ? (
                    <Button size="small" data-testid={`match-${n.id}`} onClick={() => setOpen(n)}>
                      {tx('匹配资源', 'Match')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </Loaded>
      <Drawer width={560} open={open !== null} onClose={() => setOpen(null)} title={open?.title} destroyOnHidden>
        {open && <Candidates need={open} onDone={() => setOpen(null)} />}
      </Drawer>
    </>
  );
}

/** A need's candidates, best first, each with the points of every reason; 对接 makes the project. */
function Candidates({ need, onDone }: { need: Need; onDone: () => void }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const list = useQuery({ queryKey: ['needs', 'candidates', need.id], queryFn: () => needsApi.candidates(need.id) });
  return (
    <Loaded query={list}>
      {(d) =>
        d.items.length === 0 ? (
          <p>
            {tx(
              '暂无可匹配的资源：到期未对接的需求将转社区兜底',
              'No resource can meet it: it falls to the community when its days run out',
            )}
          </p>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="candidates">
            {d.items.map((c, i) => (
              <Card
                key={c.resourceId}
                size="small"
                title={`${i + 1}. ${c.title}`}
                extra={<Tag color="blue">{tx(`${c.score} 分`, `${c.score} points`)}</Tag>}
              >
                <div style={{ color: '#595959', marginBottom: 8 }}>{c.provider}</div>
                <Space wrap>
                  {c.reasons.map((r) => (
                    <Tag key={r.factor}>
                      {lang === 'zh' ? r.text : r.en} +{r.points}
                    </Tag>
                  ))}
                </Space>
                <div style={{ marginTop: 8 }}>
                  <Button
                    type="primary"
                    size="small"
                    data-testid={`pick-${c.resourceId}`}
                    onClick={async () => {
                      const ok = await act(
                        () =>
                          needsApi.match(need.id, { resourceId: c.resourceId, startsOn: today(), endsOn: inDays(30) }),
                        tx('已对接，生成项目', 'Matched: a project is made'),
                      );
                      if (ok) onDone();
                    }}
                  >
                    {tx('对接', 'Match')}
                  </Button>
                </div>
              </Card>
            ))}
          </Space>
        )
      }
    </Loaded>
  );
}
