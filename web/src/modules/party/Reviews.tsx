import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { gradeOf, reviewCriteria } from '../../../../contracts/party-units.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { partyApi } from './api.js';
import { today, useAct } from './useAct.js';

type Row = Awaited<ReturnType<typeof partyApi.reviews>>['items'][number];

/** This quarter and the three before it: 2026-Q4, 2026-Q3, … */
function recentQuarters(): string[] {
  const d = today();
  let y = Number(d.slice(0, 4));
  let q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

const GRADE_COLOURS: Record<string, string> = { 优秀: 'green', 良好: 'blue', 合格: 'gold', 不合格: 'red' };
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/**
 * 反向评价: each quarter the community scores its units (协议履约 40, 活动参与 30, 诉求响应 30); beside
 * the score, how far the unit's agreements got, its resolutions, and residents' ratings of its cases.
 */
export function Reviews({ community }: { community: string }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct();
  const quarters = recentQuarters();
  const [quarter, setQuarter] = useState(quarters[0] as string);
  const data = useQuery({
    queryKey: ['party', 'reviews', community, quarter],
    queryFn: () => partyApi.reviews(community, quarter),
  });
  const [scoring, setScoring] = useState<Row | null>(null);
  const [form] = Form.useForm();
  const total = (Form.useWatch([], form) as Record<string, number> | undefined) ?? {};
  const sum = reviewCriteria.reduce((n, c) => n + (Number(total[c.key]) || 0), 0);
  const submit = async () => {
    const v = await form.validateFields();
    const ok = await act(
      () => partyApi.review({ community, agencyId: scoring?.agencyId, quarter, ...v }),
      tx('评价已保存', 'Saved'),
    );
    if (ok) setScoring(null);
  };
  return (
    <Loaded query={data}>
      {(d) => (
        <>
          <Space style={{ marginBottom: 12 }}>
            <span>{tx('季度', 'Quarter')}</span>
            <Select
              aria-label={tx('季度', 'Quarter')}
              value={quarter}
              onChange={setQuarter}
              options={quarters.map((q) => ({ value: q, label: tx(q.replace('-Q', ' 年第 ') + ' 季度', q) }))}
              style={{ width: 160 }}
            />
            <span style={{ color: '#555' }}>
              {tx(
                `已评 ${d.items.filter((r) => r.review).length} / ${d.items.length} 个单位`,
                `${d.items.filter((r) => r.review).length} of ${d.items.length} rated`,
              )}
            </span>
          </Space>
          <Table<Row>
            data-testid="party-reviews"
            rowKey="agencyId"
            size="small"
            dataSource={d.items}
            pagination={{ pageSize: 15 }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: tx('共建单位', 'Unit'), dataIndex: 'unit', className: 'nowrap' },
              {
                title: tx('社区评分', 'Community’s score'),
                className: 'nowrap',
                render: (_, r) =>
                  r.review ? (
                    <span title={r.review.comment}>
                      {r.review.total} <Tag color={GRADE_COLOURS[r.review.grade]}>{gradeOf(r.review.total)[lang]}</Tag>
                    </span>
                  ) : (
                    <Tag>{tx('未评', 'Not yet')}</Tag>
                  ),
              },
              {
                title: tx('协议完成度', 'Agreement done'),
                render: (_, r) =>
                  r.agreementProgress === null ? (
                    '—'
                  ) : (
                    <Progress
                      aria-label={`${r.unit} ${tx('协议完成度', 'agreement done')}`}
                      percent={Math.round(r.agreementProgress * 100)}
                      size="small"
                      style={{ width: 120 }}
                    />
                  ),
              },
              {
                title: tx('决议（办理中 / 逾期 / 完成）', 'Resolutions (open / overdue / done)'),
                className: 'nowrap',
                render: (_, r) => (
                  <span>
                    {r.resolutions.open} /{' '}
                    <b style={{ color: r.resolutions.overdue ? '#c8102e' : undefined }}>{r.resolutions.overdue}</b> /{' '}
                    {r.resolutions.done}
                  </span>
                ),
              },
              {
                title: tx('居民评价（本季度案件）', 'Residents’ ratings (cases)'),
                className: 'nowrap',
                render: (_, r) =>
                  r.residents.rated === 0
                    ? tx('本季度无评价', 'None this quarter')
                    : tx(
                        `${r.residents.rated} 件 · 满意率 ${pct(r.residents.satisfaction)}（不满意 ${r.residents.dissatisfied}）`,
                        `${r.residents.rated} rated · ${pct(r.residents.satisfaction)} satisfied`,
                      ),
              },
              ...(d.canReview
                ? [
                    {
                      title: tx('操作', 'Actions'),
                      className: 'nowrap',
                      render: (_: unknown, r: Row) => (
                        <Button
                          size="small"
                          data-testid={`party-review-${r.agencyId}`}
                          onClick={() => {
                            setScoring(r);
                            form.setFieldsValue(
                              r.review ?? {
                                fulfilment: undefined,
                                participation: undefined,
                                response: undefined,
                                comment: '',
                              },
                            );
                          }}
                        >
                          {r.review ? tx('修改评分', 'Revise') : tx('评分', 'Score')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Modal
            open={scoring !== null}
            title={`${tx('反向评价', 'Reverse evaluation')} · ${scoring?.unit ?? ''} · ${quarter}`}
            okText={tx('保存', 'Save')}
            cancelText={tx('取消', 'Cancel')}
            onOk={() => void submit()}
            onCancel={() => setScoring(null)}
            forceRender
          >
            <Form form={form} layout="vertical">
              {reviewCriteria.map((c) => (
                <Form.Item
                  key={c.key}
                  name={c.key}
                  label={tx(`${c.zh}（满分 ${c.max}）`, `${c.en} (of ${c.max})`)}
                  rules={[
                    {
                      required: true,
                      type: 'number',
                      min: 0,
                      max: c.max,
                      message: tx(`请填 0–${c.max} 分`, `0–${c.max}`),
                    },
                  ]}
                >
                  <InputNumber min={0} max={c.max} precision={0} />
                </Form.Item>
              ))}
              <Form.Item name="comment" label={tx('评语', 'Comment')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <p data-testid="party-review-total">{tx(`合计 ${sum} 分`, `Total ${sum}`)}</p>
            </Form>
          </Modal>
        </>
      )}
    </Loaded>
  );
}
