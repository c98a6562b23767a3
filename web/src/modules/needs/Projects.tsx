import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Drawer, Form, Input, Rate, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { EvidenceFields, EvidencePhotos } from './Evidence.js';

type Project = Awaited<ReturnType<typeof needsApi.projects>>['items'][number];
const STATE: Record<string, [string, string, string]> = {
  active: ['进行中', 'Running', 'blue'],
  done: ['已办结', 'Done', 'green'],
  cancelled: ['已取消', 'Cancelled', 'default'],
};

/** 项目清单: the community's projects; one opens with its milestones, their evidence and the rating. */
export function ProjectList({ community }: { community: string }) {
  const tx = useTx();
  const [pageNo, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['needs', 'projects', community, pageNo],
    queryFn: () => needsApi.projects({ community, page: pageNo }),
  });
  return (
    <>
      <Loaded query={list}>
        {(d) => (
          <Table<Project>
            data-testid="project-list"
            size="small"
            rowKey="id"
            dataSource={d.items}
            scroll={{ x: 'max-content' }}
            pagination={{ current: pageNo, total: d.total, pageSize: 20, onChange: setPage, showSizeChanger: false }}
            columns={[
              {
                title: tx('项目（需求）', 'Project (need)'),
                render: (_, p) => (
                  <Button type="link" size="small" onClick={() => setOpen(p.id)}>
                    {p.need}
                  </Button>
                ),
              },
              { title: tx('资源', 'Resource'), render: (_, p) => `${p.resource} · ${p.provider}` },
              { title: tx('负责人', 'Owner'), dataIndex: 'owner', className: 'nowrap' },
              { title: tx('周期', 'Term'), className: 'nowrap', render: (_, p) => `${p.startsOn} ~ ${p.endsOn}` },
              {
                title: tx('状态', 'State'),
                className: 'nowrap',
                render: (_, p) => {
                  const [zh, en, colour] = STATE[p.state] ?? [p.state, p.state, 'default'];
                  return <Tag color={colour}>{tx(zh, en)}</Tag>;
                },
              },
              {
                title: tx('评价', 'Rating'),
                className: 'nowrap',
                render: (_, p) => (p.rating ? `${p.rating} ★` : '—'),
              },
            ]}
          />
        )}
      </Loaded>
      {open !== null && <ProjectDrawer id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function ProjectDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('needs');
  const q = useQuery({ queryKey: ['needs', 'project', id], queryFn: () => needsApi.project(id) });
  const [rating, setRating] = useState(5);
  return (
    <Drawer open width={720} title={tx('项目详情', 'Project')} onClose={onClose}>
      <Loaded query={q}>
        {(p) => (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={tx('需求', 'Need')}>{p.need}</Descriptions.Item>
              <Descriptions.Item
                label={tx('资源 · 提供方', 'Resource')}
              >{`${p.resource} · ${p.provider}`}</Descriptions.Item>
              <Descriptions.Item label={tx('负责人', 'Owner')}>{p.owner}</Descriptions.Item>
              <Descriptions.Item label={tx('周期', 'Term')}>{`${p.startsOn} ~ ${p.endsOn}`}</Descriptions.Item>
              <Descriptions.Item label={tx('受益人数', 'Beneficiaries')}>{p.beneficiaries}</Descriptions.Item>
              <Descriptions.Item label={tx('预算', 'Budget')}>
                {p.budgetYuan === null ? '—' : `¥${p.budgetYuan.toLocaleString('zh-CN')}`}
              </Descriptions.Item>
              {p.rating !== null && (
                <Descriptions.Item label={tx('受益人评价', 'Rating')} span={2}>
                  {`${p.rating} ★ ${p.ratingComment}`}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Space style={{ margin: '16px 0 8px' }}>
              <h3 style={{ margin: 0 }}>{tx('项目节点', 'Milestones')}</h3>
              {p.state === 'active' && (
                <FormModal<{ title: string; due: { format: (f: string) => string } }>
                  small
                  label={tx('添加节点', 'Add a milestone')}
                  testId="add-milestone"
                  title={tx('添加节点', 'Add a milestone')}
                  okText={tx('保存', 'Save')}
                  onSubmit={(v) =>
                    act(
                      () => needsApi.addMilestone(id, v.title, v.due.format('YYYY-MM-DD')),
                      tx('节点已添加', 'Milestone added'),
                    )
                  }
                >
                  <Form.Item name="title" label={tx('节点', 'Milestone')} rules={[{ required: true, min: 2, max: 40 }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="due" label={tx('计划完成日', 'Due')} rules={[{ required: true }]}>
                    <DatePicker />
                  </Form.Item>
                </FormModal>
              )}
            </Space>
            <Table
              data-testid="milestones"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.milestones}
              columns={[
                { title: tx('节点', 'Milestone'), dataIndex: 'title' },
                { title: tx('计划完成日', 'Due'), dataIndex: 'dueOn', className: 'nowrap' },
                {
                  title: tx('完成情况', 'Done'),
                  render: (_, m) =>
                    m.doneAt ? (
                      <>
                        <Tag color="green">{tx('已完成', 'Done')}</Tag>
                        {m.doneAt.slice(0, 10)} {m.doneBy}
                        <div>{m.evidence}</div>
                        <EvidencePhotos ids={m.photos} />
                      </>
                    ) : (
                      <Space>
                        {m.overdue ? (
                          <Tag color="red">{tx('已逾期', 'Overdue')}</Tag>
                        ) : (
                          <Tag>{tx('未完成', 'Open')}</Tag>
                        )}
                        <FormModal<{ evidence: string; photos: string[] }>
                          small
                          label={tx('完成', 'Done')}
                          testId={`milestone-done-${m.id}`}
                          title={`${tx('完成节点', 'Milestone done')}：${m.title}`}
                          okText={tx('提交', 'Submit')}
                          onSubmit={(v) =>
                            act(
                              () => needsApi.milestoneDone(m.id, v.evidence, v.photos ?? []),
                              tx('节点已完成', 'Milestone done'),
                            )
                          }
                        >
                          <EvidenceFields />
                        </FormModal>
                      </Space>
                    ),
                },
              ]}
            />
            {p.state === 'active' && (
              <Space style={{ marginTop: 16 }}>
                <span>{tx('受益人评价', 'The beneficiaries’ rating')}</span>
                <Rate value={rating} onChange={setRating} aria-label={tx('评分', 'Rating')} />
                <Button
                  data-testid="rate-project"
                  onClick={() => void act(() => needsApi.rate(id, rating), tx('项目已评价并办结', 'Rated and closed'))}
                >
                  {tx('评价并办结', 'Rate and close')}
                </Button>
              </Space>
            )}
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
