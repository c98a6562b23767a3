import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import {
  autoSources,
  raterKindNames,
  raterKinds,
  type AutoSource,
  type RaterKind,
} from '../../../../contracts/assessment.js';
import { roleNames, type Role } from '../../../../contracts/roles.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { assessmentApi, type Table as TableRow } from './api.js';
import { QUARTERS, SOURCE_NAMES } from './names.js';

type TableFields = {
  year: number;
  title: string;
  anonymous: boolean;
  dropExtremes: boolean;
  weights: Record<RaterKind, number>;
  items: { title: string; points: number; rule: string; source?: AutoSource; target?: number }[];
};

/** 制定考核表: items with points to 100 (some from the system's figures), each kind's weight to 100 %. */
export function NewTable({ street }: { street: string }) {
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
export function AssignRater({ t }: { t: TableRow }) {
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
