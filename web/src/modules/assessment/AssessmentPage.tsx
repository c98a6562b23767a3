import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Segmented, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { raterKindNames, raterKinds } from '../../../../contracts/assessment.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Loaded } from '../../components/Loaded.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useTx } from '../../i18n.js';
import { assessmentApi, type Result, type Table as TableRow } from './api.js';
import { Awards } from './Awards.js';
import { QUARTERS } from './names.js';
import { Reviews } from './Reviews.js';
import { AssignRater, NewTable } from './TableForms.js';

/** Every score behind an item: each kind's sheets (dropped ones struck through), its mean and weight. */
function Drill({ r }: { r: Result }) {
  const tx = useTx();
  return (
    <Table
      rowKey="no"
      size="small"
      pagination={false}
      dataSource={r.items}
      columns={[
        { title: tx('项目', 'Item'), render: (_: unknown, i) => `${i.no}. ${i.title}（${i.points}分）` },
        { title: tx('得分', 'Score'), dataIndex: 'score' },
        {
          title: tx('计算', 'How'),
          render: (_: unknown, i) =>
            i.formula ? (
              <span>{i.formula}</span>
            ) : (
              i.kinds.map((k) => (
                <div key={k.kind}>
                  <b>{k.kindName}</b>（{k.weight}%）：
                  {k.scores.map((s, n) => (
                    <span
                      key={n}
                      style={{
                        marginRight: 6,
                        textDecoration: s.dropped ? 'line-through' : undefined,
                        color: s.dropped ? '#999' : undefined,
                      }}
                    >
                      {s.score}
                      {s.rater ? `（${s.rater}）` : ''}
                    </span>
                  ))}
                  {k.mean === null ? tx('未评', 'none') : `→ ${tx('平均', 'mean')} ${k.mean}`}
                </div>
              ))
            ),
        },
      ]}
    />
  );
}

function Results({ t }: { t: TableRow }) {
  const tx = useTx();
  const { params, set } = useCommunityPage('results');
  const scored = t.progress.filter((p) => p.scored > 0).map((p) => p.quarter);
  const quarter = Number(params.get('quarter') ?? scored[scored.length - 1] ?? 1);
  const q = useQuery({
    queryKey: ['assessment', 'results', t.id, quarter],
    queryFn: () => assessmentApi.results(t.streetId, t.id, quarter),
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          aria-label={tx('季度', 'Quarter')}
          value={quarter}
          onChange={(v) => set({ quarter: String(v) })}
          options={QUARTERS}
          style={{ width: 140 }}
          data-testid="quarter"
        />
        <span style={{ color: '#666' }}>
          {t.dropExtremes
            ? tx('各类评议主体去掉一个最高分和一个最低分（满3份时）后取平均，', 'Extremes dropped, ')
            : ''}
          {tx('按权重加权；无评分的类别不计，其余按权重比例折算。', 'weighted by kind.')}
          {t.anonymous ? tx('本表匿名评分，不显示评议人。', ' Anonymous.') : ''}
        </span>
      </Space>
      <Loaded query={q}>
        {(d) => (
          <Table
            rowKey="subject"
            size="small"
            pagination={false}
            dataSource={d.items}
            data-testid="results"
            expandable={{ expandedRowRender: (r) => <Drill r={r} /> }}
            columns={[
              { title: tx('名次', 'Rank'), dataIndex: 'rank', width: 70 },
              { title: tx('社区', 'Community'), dataIndex: 'name', width: 120 },
              { title: tx('总分', 'Total'), dataIndex: 'total', width: 80 },
              { title: tx('评分表', 'Sheets'), dataIndex: 'sheets' },
              ...t.items.map((i) => ({
                title: `${i.title}(${i.points})`,
                render: (_: unknown, r: Result) => r.items.find((x) => x.no === i.no)?.score ?? '—',
              })),
            ]}
            scroll={{ x: 1100 }}
          />
        )}
      </Loaded>
    </>
  );
}

function TableView({ t, canManage }: { t: TableRow; canManage: boolean }) {
  const tx = useTx();
  const { tab, set } = useCommunityPage('results');
  return (
    <Tabs
      activeKey={tab}
      onChange={(k) => set({ tab: k })}
      items={[
        { key: 'results', label: tx('考核结果', 'Results'), children: <Results t={t} /> },
        {
          key: 'table',
          label: tx('考核表', 'Table'),
          children: (
            <>
              <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
                <Descriptions.Item label={tx('评分方式', 'Scoring')}>
                  {t.anonymous ? tx('匿名', 'Anonymous') : tx('实名', 'Named')}
                </Descriptions.Item>
                <Descriptions.Item label={tx('去掉最高最低分', 'Drop extremes')}>
                  {t.dropExtremes ? tx('是', 'Yes') : tx('否', 'No')}
                </Descriptions.Item>
                <Descriptions.Item label={tx('权重', 'Weights')}>
                  {raterKinds
                    .filter((k) => t.weights[k])
                    .map((k) => `${raterKindNames[k].zh} ${t.weights[k]}%`)
                    .join('、')}
                </Descriptions.Item>
              </Descriptions>
              <Table
                rowKey="no"
                size="small"
                pagination={false}
                dataSource={t.items}
                columns={[
                  { title: tx('序号', 'No.'), dataIndex: 'no', width: 60 },
                  { title: tx('项目', 'Item'), dataIndex: 'title' },
                  { title: tx('分值', 'Points'), dataIndex: 'points' },
                  { title: tx('评分标准', 'Rule'), dataIndex: 'rule' },
                  {
                    title: tx('来源', 'Source'),
                    render: (_: unknown, i) =>
                      i.formula ? <Tag color="blue">{i.formula}</Tag> : tx('评议打分', 'Rated'),
                  },
                ]}
              />
            </>
          ),
        },
        {
          key: 'raters',
          label: tx('评议进度', 'Raters'),
          children: (
            <>
              {canManage && <AssignRater t={t} />}
              <Table
                rowKey="quarter"
                size="small"
                pagination={false}
                style={{ marginTop: 8 }}
                dataSource={t.progress}
                columns={[
                  { title: tx('季度', 'Quarter'), render: (_: unknown, p) => QUARTERS[p.quarter - 1]?.label },
                  { title: tx('已指定（人·社区）', 'Assigned'), dataIndex: 'assigned' },
                  { title: tx('已评分', 'Scored'), dataIndex: 'scored' },
                ]}
              />
            </>
          ),
        },
      ]}
    />
  );
}

/** 考核评议: target tables and results, 民主评议, 评选表彰 — each a section in the address. */
export function AssessmentPage() {
  const tx = useTx();
  const { home, community, params, set } = useCommunityPage('results');
  const section = params.get('section') ?? 'tables';
  return (
    <Card title={tx('考核评议', 'Assessment')}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={section}
          onChange={(v) => set({ section: String(v), tab: undefined })}
          options={[
            { value: 'tables', label: tx('考核结果', 'Targets and results') },
            { value: 'reviews', label: tx('民主评议党员', 'Member reviews') },
            { value: 'awards', label: tx('评选表彰', 'Awards') },
          ]}
          data-testid="assessment-section"
        />
        {section === 'awards' && (
          <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
        )}
      </Space>
      {section === 'reviews' ? (
        <Reviews street={home.slice(0, 9)} />
      ) : section === 'awards' ? (
        <Awards community={community} />
      ) : (
        <Tables />
      )}
    </Card>
  );
}

function Tables() {
  const tx = useTx();
  const q = useQuery({ queryKey: ['assessment', 'tables'], queryFn: () => assessmentApi.tables() });
  const [picked, setPicked] = useState<number | undefined>();
  return (
    <>
      <Loaded query={q}>
        {(d) => {
          const t = d.items.find((x) => x.id === picked) ?? d.items[0];
          return (
            <>
              <Space style={{ marginBottom: 12 }} wrap>
                <Select
                  aria-label={tx('考核表', 'Table')}
                  style={{ width: 360 }}
                  value={t?.id}
                  onChange={setPicked}
                  options={d.items.map((x) => ({
                    value: x.id,
                    label: x.title.startsWith(String(x.year)) ? x.title : `${x.year} ${x.title}`,
                  }))}
                />
                {d.canManage && <NewTable street={d.street} />}
              </Space>
              {t ? <TableView t={t} canManage={d.canManage} /> : <span>{tx('还没有考核表', 'No tables yet')}</span>}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
