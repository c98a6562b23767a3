import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, TreeSelect } from 'antd';
import { useState } from 'react';
import { gradeNames, grades, type Grade } from '../../../../contracts/assessment.js';
import type { OrgNode } from '../../../../contracts/party.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { partyApi } from '../party/api.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { reviewsApi } from './api.js';

type TreeItem = { value: number; title: string; children: TreeItem[] };
const tree = (nodes: OrgNode[]): TreeItem[] =>
  nodes.map((n) => ({ value: n.id, title: `${n.name}（${n.members}人）`, children: tree(n.children) }));

function OpenReview({ street }: { street: string }) {
  const tx = useTx();
  const act = useAct('assessment');
  const orgs = useQuery({ queryKey: ['party', 'tree'], queryFn: () => partyApi.tree() }).data;
  const year = new Date().getFullYear();
  return (
    <FormModal<{ orgId: number; title: string; excellentMax: number }>
      label={tx('开展民主评议', 'Open a review')}
      testId="open-review"
      title={tx('开展民主评议党员', 'Democratic review of members')}
      okText={tx('保存', 'Save')}
      initialValues={{ title: `${year}年度民主评议党员`, excellentMax: 30 }}
      onSubmit={(v) => act(() => reviewsApi.open({ street, year, ...v }), tx('已开展', 'Opened'))}
    >
      <Form.Item name="orgId" label={tx('党支部', 'Branch')} rules={[{ required: true }]}>
        <TreeSelect treeDefaultExpandAll treeData={tree(orgs?.roots ?? [])} />
      </Form.Item>
      <Form.Item name="title" label={tx('名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="excellentMax" label={tx('优秀比例上限（%）', 'Most excellent (%)')} rules={[{ required: true }]}>
        <InputNumber min={1} max={100} />
      </Form.Item>
    </FormModal>
  );
}

/** A review's members: their self-assessment, how the others graded them, and the grade the branch sets. */
function ReviewDrawer({ street, id, onClose }: { street: string; id: number; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('assessment');
  const q = useQuery({ queryKey: ['assessment', 'review', id], queryFn: () => reviewsApi.detail(street, id) });
  const [set, setSet] = useState<Record<number, Grade>>({});
  return (
    <Drawer open width={900} onClose={onClose} title={q.data ? `${q.data.review.org} · ${q.data.review.title}` : ''}>
      <Loaded query={q}>
        {(d) => (
          <>
            <div style={{ marginBottom: 8, color: '#666' }}>
              {tx(
                `评为优秀的不超过 ${d.review.excellentMax}%（${d.entries.length} 人中最多 ${Math.floor((d.entries.length * d.review.excellentMax) / 100)} 人）。`,
                `At most ${d.review.excellentMax}% excellent.`,
              )}
            </div>
            <Table
              rowKey="memberId"
              size="small"
              pagination={false}
              dataSource={d.entries}
              data-testid="review-entries"
              expandable={{
                expandedRowRender: (e) => e.selfText ?? tx('尚未自评', 'No self-assessment yet'),
                rowExpandable: (e) => Boolean(e.selfText),
              }}
              columns={[
                { title: tx('党员', 'Member'), dataIndex: 'name' },
                {
                  title: tx('自评', 'Self'),
                  render: (_: unknown, e) =>
                    e.selfGrade ? gradeNames[e.selfGrade].zh : <Tag>{tx('未自评', 'None')}</Tag>,
                },
                ...grades.map((g) => ({
                  title: `${tx('互评', 'Peers')}·${gradeNames[g].zh}`,
                  render: (_: unknown, e: (typeof d.entries)[number]) => e.tally[g] ?? 0,
                })),
                {
                  title: tx('评定等次', 'Grade'),
                  render: (_: unknown, e) =>
                    d.canClose ? (
                      <Select
                        aria-label={`${e.name}${tx('的等次', ' grade')}`}
                        style={{ width: 120 }}
                        value={set[e.memberId]}
                        onChange={(v) => setSet({ ...set, [e.memberId]: v })}
                        options={grades.map((g) => ({ value: g, label: gradeNames[g].zh }))}
                      />
                    ) : e.finalGrade ? (
                      gradeNames[e.finalGrade].zh
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
            {d.canClose && (
              <Space style={{ marginTop: 12 }}>
                <Button
                  onClick={() =>
                    setSet(
                      Object.fromEntries(
                        d.entries.map((e) => {
                          const best =
                            [...grades].sort((a, b) => (e.tally[b] ?? 0) - (e.tally[a] ?? 0))[0] ?? 'qualified';
                          return [e.memberId, best === 'excellent' ? 'qualified' : best];
                        }),
                      ),
                    )
                  }
                >
                  {tx('按互评多数填入（优秀另行确定）', 'Fill from the peers’ majority')}
                </Button>
                <Button
                  type="primary"
                  data-testid="close-review"
                  onClick={() =>
                    void act(
                      () =>
                        reviewsApi.close(
                          street,
                          id,
                          Object.entries(set).map(([memberId, grade]) => ({ memberId: Number(memberId), grade })),
                        ),
                      tx('已确定等次，评议结束', 'Closed'),
                    )
                  }
                >
                  {tx('确定等次并结束评议', 'Set grades and close')}
                </Button>
              </Space>
            )}
          </>
        )}
      </Loaded>
    </Drawer>
  );
}

/** 民主评议党员: the branches' reviews, their progress, and setting the grades. */
export function Reviews({ street }: { street: string }) {
  const tx = useTx();
  const q = useQuery({ queryKey: ['assessment', 'reviews', street], queryFn: () => reviewsApi.list(street) });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <OpenReview street={street} />
      <Loaded query={q}>
        {(d) => (
          <Table
            rowKey="id"
            size="small"
            style={{ marginTop: 12 }}
            dataSource={d.items}
            pagination={false}
            data-testid="reviews"
            columns={[
              {
                title: tx('党组织', 'Branch'),
                dataIndex: 'org',
                render: (v: string, r) => <a onClick={() => setOpen(r.id)}>{v}</a>,
              },
              { title: tx('名称', 'Title'), dataIndex: 'title' },
              { title: tx('党员', 'Members'), dataIndex: 'members' },
              { title: tx('已自评', 'Self done'), dataIndex: 'selfDone' },
              { title: tx('已互评', 'Rated'), dataIndex: 'raters' },
              {
                title: tx('状态', 'State'),
                render: (_: unknown, r) =>
                  r.state === 'open' ? (
                    <Tag color="processing">{tx('进行中', 'Open')}</Tag>
                  ) : (
                    <Tag>{tx('已结束', 'Closed')}</Tag>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      {open !== null && <ReviewDrawer street={street} id={open} onClose={() => setOpen(null)} />}
    </>
  );
}
