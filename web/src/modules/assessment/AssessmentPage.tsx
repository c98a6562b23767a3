import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useState } from 'react';
import {
  autoSources,
  raterKindNames,
  raterKinds,
  type AutoSource,
  type RaterKind,
} from '../../../../contracts/assessment.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Loaded } from '../../components/Loaded.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { assessmentApi, type Result, type Table as TableRow } from './api.js';
import { Awards } from './Awards.js';
import { Reviews } from './Reviews.js';

const SOURCE_NAMES: Record<AutoSource, string> = {
  'cases.closure': '案件结案率（系统）',
  'visits.within_interval': '按期走访到位率（系统）',
  'party.dual_registered': '在职党员双报到人数（系统）',
  'volunteering.hours': '志愿服务时长（系统）',
};
const QUARTERS = [1, 2, 3, 4].map((q) => ({ value: q, label: `第${['一', '二', '三', '四'][q - 1]}季度` }));

type TableFields = {
  year: number;
  title: string;
  anonymous: boolean;
  dropExtremes: boolean;
  weights: Record<RaterKind, number>;
  items: { title: string; points: number; rule: string; source?: AutoSource; target?: number }[];
};

/** 制定考核表: items with points to 100 (some from the system's figures), each kind's weight to 100 %. */
function NewTable({ street }: { street: string }) {
  const tx = useTx();
  const act = useAct('assessment');
  return (
    <FormModal<TableFields>
      label={tx('制定考核表', 'New table')}
      testId="new-table"
      title={tx('制定年度考核表', 'New assessment table')}
      okText={tx('保存', 'Save')}
      width={860}
      initialValues={{
        year: new Date().getFullYear(),
        anonymous: true,
        dropExtremes: true,
        weights: { street_leader: 40, agency: 20, member_rep: 20, resident_rep: 20 },
        items: [{ title: '', points: 100, rule: '' }],
      }}
      onSubmit={(v) =>
        act(
          () =>
            assessmentApi.create({
              street,
              year: v.year,
              title: v.title,
              subjectKind: 'community',
              anonymous: v.anonymous,
              dropExtremes: v.dropExtremes,
              weights: v.weights,
              items: v.items.map((i) => ({
                title: i.title,
                points: Number(i.points),
                rule: i.rule,
                source: i.source ?? null,
                target: i.target ?? null,
              })),
            }),
          tx('已保存', 'Saved'),
        )
      }
    >
      <Space wrap>
        <Form.Item name="year" label={tx('年度', 'Year')} rules={[{ required: true }]}>
          <InputNumber min={2020} max={2100} />
        </Form.Item>
        <Form.Item name="title" label={tx('名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
          <Input style={{ width: 320 }} />
        </Form.Item>
        <Form.Item name="anonymous" label={tx('匿名评分', 'Anonymous')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="dropExtremes" label={tx('去掉最高分和最低分', 'Drop extremes')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <div>{tx('各类评议主体权重（%，合计100）', 'Weights per kind of rater (%, total 100)')}</div>
      <Space wrap>
        {raterKinds.map((k) => (
          <Form.Item key={k} name={['weights', k]} label={raterKindNames[k].zh}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        ))}
      </Space>
      <div>{tx('考核项目（分值合计100）', 'Items (points total 100)')}</div>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item name={[f.name, 'title']} rules={[{ required: true, min: 2 }]}>
                  <Input placeholder={tx('项目', 'Item')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'points']} rules={[{ required: true }]}>
                  <InputNumber placeholder={tx('分值', 'Points')} min={0.5} max={100} />
                </Form.Item>
                <Form.Item name={[f.name, 'rule']} rules={[{ required: true, min: 2 }]}>
                  <Input placeholder={tx('评分标准', 'Rule')} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'source']}>
                  <Select
                    allowClear
                    placeholder={tx('评议打分', 'Rated')}
                    style={{ width: 200 }}
                    options={autoSources.map((s) => ({ value: s, label: SOURCE_NAMES[s] }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'target']}>
                  <InputNumber placeholder={tx('满分目标', 'Target')} min={1} />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 8 }} onClick={() => remove(f.name)} />}
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ title: '', points: 10, rule: '' })}>
              {tx('加一项', 'Add item')}
            </Button>
          </>
        )}
      </Form.List>
    </FormModal>
  );
}

/** 指定评议人: a person of the street rates some or all communities in a quarter as one kind. */
function AssignRater({ t }: { t: TableRow }) {
  const tx = useTx();
  const act = useAct('assessment');
  const people = useQuery({
    queryKey: ['assessment', 'candidates', t.streetId],
    queryFn: () => assessmentApi.candidates(t.streetId),
  }).data;
  return (
    <FormModal<{ quarter: number; userId: number; kind: RaterKind; subjects?: string[] }>
      label={tx('指定评议人', 'Assign a rater')}
      testId="assign-rater"
      title={tx('指定评议人', 'Assign a rater')}
      okText={tx('保存', 'Save')}
      initialValues={{ quarter: Math.floor(new Date().getMonth() / 3) + 1 }}
      onSubmit={(v) =>
        act(
          () => assessmentApi.assign(t.streetId, t.id, { ...v, subjects: v.subjects?.length ? v.subjects : null }),
          tx('已指定', 'Assigned'),
        )
      }
    >
      <Form.Item name="quarter" label={tx('季度', 'Quarter')} rules={[{ required: true }]}>
        <Select options={QUARTERS} />
      </Form.Item>
      <Form.Item name="userId" label={tx('评议人', 'Rater')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(people?.items ?? []).map((p) => ({
            value: p.id,
            label: `${p.name}（${p.roles.map((r) => roleNames[r as Role]?.zh ?? r).join('、')}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="kind" label={tx('评议主体类别', 'Kind')} rules={[{ required: true }]}>
        <Select
          options={raterKinds
            .filter((k) => (t.weights[k] ?? 0) > 0)
            .map((k) => ({ value: k, label: `${raterKindNames[k].zh}（${t.weights[k]}%）` }))}
        />
      </Form.Item>
      <Form.Item name="subjects" label={tx('评议社区（不选即全部）', 'Communities (all when none)')}>
        <Select mode="multiple" options={t.subjects.map((s) => ({ value: s.code, label: s.name }))} />
      </Form.Item>
    </FormModal>
  );
}

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
