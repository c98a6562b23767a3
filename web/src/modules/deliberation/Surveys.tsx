import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Drawer, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { regionsApi } from '../org/api.js';
import { deliberationApi } from './api.js';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Kind = 'single' | 'multiple' | 'rating' | 'text';

/** 征集问卷: the community's surveys; one opens with its live results as charts (and as Excel). */
export function Surveys({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('deliberation');
  const list = useQuery({
    queryKey: ['deliberation', 'surveys', community],
    queryFn: () => deliberationApi.surveys(community),
  });
  const [open, setOpen] = useState<number | null>(null);
  const place = useQuery({ queryKey: ['region', community], queryFn: () => regionsApi.region(community) });
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <FormModal<{
          title: string;
          intro?: string;
          period: [Dayjs, Dayjs];
          grids?: string[];
          wholeStreet?: boolean;
          questions: { kind: Kind; text: string; options?: string }[];
        }>
          label={tx('新建问卷', 'New survey')}
          testId="add-survey"
          title={tx('新建征集问卷', 'New survey')}
          okText={tx('发布', 'Publish')}
          width={640}
          initialValues={{ questions: [{ kind: 'single', text: '', options: '' }] }}
          onSubmit={(v) =>
            act(
              () =>
                deliberationApi.addSurvey({
                  community: v.wholeStreet ? community.slice(0, 9) : community,
                  title: v.title,
                  intro: v.intro ?? '',
                  grids: v.wholeStreet ? [] : (v.grids ?? []),
                  opensAt: v.period[0].toISOString(),
                  closesAt: v.period[1].toISOString(),
                  questions: v.questions.map((q) => ({
                    kind: q.kind,
                    text: q.text,
                    options:
                      q.kind === 'single' || q.kind === 'multiple'
                        ? (q.options ?? '')
                            .split(/[\n,，、]/)
                            .map((o) => o.trim())
                            .filter(Boolean)
                        : [],
                  })),
                }),
              tx('问卷已发布', 'Published'),
            )
          }
        >
          <Form.Item name="title" label={tx('问卷名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="intro" label={tx('说明', 'Intro')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="grids" label={tx('对象（不选为全社区）', 'For (none: the whole community)')}>
            <Select
              mode="multiple"
              options={(place.data?.children ?? []).map((g) => ({ value: g.code, label: g.name }))}
            />
          </Form.Item>
          <Form.Item
            name="wholeStreet"
            label={tx('面向全街道（街道工作人员发布）', 'The whole street (by the street’s staff)')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="period" label={tx('填写时间', 'Open')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item name={[f.name, 'kind']} label={tx(`第${i + 1}题`, `Q${i + 1}`)}>
                      <Select
                        style={{ width: 96 }}
                        options={[
                          { value: 'single', label: tx('单选', 'Single') },
                          { value: 'multiple', label: tx('多选', 'Multiple') },
                          { value: 'rating', label: tx('评分', 'Rating') },
                          { value: 'text', label: tx('填空', 'Text') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'text']}
                      label={tx('题目', 'Question')}
                      rules={[{ required: true, min: 2 }]}
                    >
                      <Input style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'options']} label={tx('选项（逗号分隔）', 'Options')}>
                      <Input style={{ width: 180 }} />
                    </Form.Item>
                    <Button onClick={() => remove(f.name)} disabled={fields.length === 1}>
                      {tx('删除', 'Remove')}
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({ kind: 'single', text: '', options: '' })}>
                  {tx('添加题目', 'Add a question')}
                </Button>
              </>
            )}
          </Form.List>
        </FormModal>
      </Space>
      <Loaded query={list}>
        {(d) => (
          <Table
            data-testid="surveys"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.items}
            columns={[
              { title: tx('问卷', 'Survey'), render: (_, s) => <a onClick={() => setOpen(s.id)}>{s.title}</a> },
              {
                title: tx('状态', 'State'),
                render: (_, s) =>
                  s.open ? <Tag color="green">{tx('填写中', 'Open')}</Tag> : <Tag>{tx('已截止', 'Closed')}</Tag>,
              },
              { title: tx('截止', 'Closes'), render: (_, s) => s.closesAt.slice(0, 10) },
              { title: tx('答卷', 'Responses'), dataIndex: 'responses', align: 'right' },
            ]}
          />
        )}
      </Loaded>
      {open && <Results id={open} street={community.slice(0, 9)} onClose={() => setOpen(null)} />}
    </>
  );
}

function Results({ id, street, onClose }: { id: number; street: string; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('deliberation');
  const r = useQuery({ queryKey: ['deliberation', 'results', id], queryFn: () => deliberationApi.results(id, street) });
  return (
    <Drawer open width={720} title={r.data?.title ?? ''} onClose={onClose}>
      <Loaded query={r}>
        {(x) => (
          <>
            <Space style={{ marginBottom: 12 }}>
              <span>{tx(`共 ${x.responses} 份答卷`, `${x.responses} responses`)}</span>
              <Button href={deliberationApi.resultsXlsx(id, street)}>{tx('导出 Excel', 'Export to Excel')}</Button>
              <FormModal<{ title: string; detail?: string }>
                small
                label={tx('据此提出议题', 'Make a topic of it')}
                testId="survey-topic"
                title={tx('由问卷征集形成议题', 'A topic from the survey')}
                okText={tx('保存', 'Save')}
                onSubmit={(v) =>
                  act(
                    () => deliberationApi.topicFromSurvey(id, street, v.title, v.detail ?? ''),
                    tx('议题已提出', 'Proposed'),
                  )
                }
              >
                <Form.Item name="title" label={tx('议题', 'Title')} rules={[{ required: true, min: 4, max: 60 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="detail" label={tx('说明', 'Detail')}>
                  <Input.TextArea rows={3} />
                </Form.Item>
              </FormModal>
            </Space>
            {x.questions.map((q, i) => (
              <div key={i} style={{ marginBottom: 16 }}>
                <h4>
                  {i + 1}. {q.text}
                </h4>
                {q.kind === 'rating' && <p>{tx(`平均 ${q.mean ?? '—'} 分`, `Mean ${q.mean ?? '—'}`)}</p>}
                {q.kind === 'text' && (
                  <ul>
                    {q.texts.map((t, k) => (
                      <li key={k}>{t}</li>
                    ))}
                  </ul>
                )}
                {q.options.length > 0 && (
                  <Bars labels={q.options.map((o) => o.option)} values={q.options.map((o) => o.count)} />
                )}
              </div>
            ))}
          </>
        )}
      </Loaded>
    </Drawer>
  );
}

function Bars({ labels, values }: { labels: string[]; values: number[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: {},
      grid: { left: 100, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: labels },
      series: [{ type: 'bar', data: values, color: '#c8102e' }],
    });
    return () => chart.dispose();
  }, [labels, values]);
  return (
    <div
      ref={ref}
      style={{ height: 40 + labels.length * 28 }}
      role="img"
      aria-label={labels.map((l, i) => `${l} ${values[i]}`).join('，')}
    />
  );
}
