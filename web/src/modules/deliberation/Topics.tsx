import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Form, Input, InputNumber, Select, Space, Steps, Table, Tag, Timeline } from 'antd';
import { Link } from 'react-router-dom';
import { casesApi } from '../cases/api.js';
import dayjs from 'dayjs';
import { useState } from 'react';
import { decidingKinds, stepKeys, stepNames, type StepKey } from '../../../../contracts/deliberation.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { useNameOf } from '../../lib/names.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { deliberationApi } from './api.js';
import { Attachments } from './Attachments.js';

type Topic = Awaited<ReturnType<typeof deliberationApi.topics>>['items'][number];
const ORDER = ['solicit', ...stepKeys] as const;

/** 议题: the board of a community's topics — each topic's step of 一征三议两公开, its deadline and supporters. */
export function Topics({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('deliberation');
  const nameOf = useNameOf(stepNames);
  const list = useQuery({
    queryKey: ['deliberation', 'topics', community],
    queryFn: () => deliberationApi.topics(community),
  });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <FormModal<{ title: string; detail?: string }>
          label={tx('社区提出议题', 'New topic')}
          testId="add-topic"
          title={tx('提出议题（征）', 'Propose a topic')}
          okText={tx('保存', 'Save')}
          onSubmit={(v) =>
            act(() => deliberationApi.propose(community, v.title, v.detail ?? ''), tx('议题已提出', 'Proposed'))
          }
        >
          <Form.Item name="title" label={tx('议题', 'Title')} rules={[{ required: true, min: 4, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="detail" label={tx('说明', 'Detail')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </FormModal>
      </Space>
      <Loaded query={list}>
        {(d) => {
          const open_ = d.items.find((t) => t.id === open);
          return (
            <>
              <Table
                data-testid="topics"
                size="small"
                rowKey="id"
                dataSource={d.items}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                columns={[
                  {
                    title: tx('议题', 'Topic'),
                    render: (_, t) => (
                      <a onClick={() => setOpen(t.id)} data-testid={`topic-${t.id}`}>
                        {t.title}
                      </a>
                    ),
                  },
                  {
                    title: tx('当前环节', 'Step'),
                    render: (_, t) =>
                      t.state === 'withdrawn' ? (
                        <Tag>{tx('已撤回', 'Withdrawn')}</Tag>
                      ) : t.state === 'completed' ? (
                        <Tag color="green">{tx('已办结', 'Done')}</Tag>
                      ) : (
                        nameOf(t.stepName)
                      ),
                  },
                  {
                    title: tx('下一环节期限', 'Next step due'),
                    render: (_, t) =>
                      t.state !== 'open' ? (
                        '—'
                      ) : (
                        <>
                          {dayjs(t.dueAt).format('YYYY-MM-DD')}
                          {t.overdue && (
                            <Tag color="red" style={{ marginLeft: 6 }}>
                              {tx('逾期', 'Overdue')}
                            </Tag>
                          )}
                        </>
                      ),
                  },
                  { title: tx('附议', 'Support'), dataIndex: 'supporters', align: 'right' },
                  {
                    title: tx('来源', 'Source'),
                    render: (_, t) =>
                      ({
                        resident: tx('居民提出', 'Resident'),
                        community: tx('社区', 'Community'),
                        case: tx('共事案件', 'Case'),
                        survey: tx('问卷', 'Survey'),
                      })[t.source] ?? t.source,
                  },
                ]}
              />
              {open_ && (
                <TopicDrawer
                  community={community}
                  topic={open_}
                  canManage={d.canManage}
                  onClose={() => setOpen(null)}
                />
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function TopicDrawer({
  community,
  topic,
  canManage,
  onClose,
}: {
  community: string;
  topic: Topic;
  canManage: boolean;
  onClose: () => void;
}) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('deliberation');
  const street = community.slice(0, 9);
  const steps = useQuery({
    queryKey: ['deliberation', 'steps', topic.id],
    queryFn: () => deliberationApi.steps(topic.id, street),
  });
  const since = dayjs().subtract(1, 'year').format('YYYY-MM-DD');
  const meetings = useQuery({
    queryKey: ['deliberation', 'meetings', community, 'past'],
    queryFn: () => deliberationApi.meetings(community, since, dayjs().add(1, 'day').format('YYYY-MM-DD')),
  });
  const next = ORDER[ORDER.indexOf(topic.step) + 1] as StepKey | undefined;
  const [form] = Form.useForm<{ text: string; meetingId?: number; for?: number; against?: number; abstain?: number }>();
  const held = (meetings.data?.items ?? []).filter(
    (m) =>
      m.source === 'deliberation' &&
      Date.parse(m.startsAt) <= Date.now() &&
      (next !== 'decide' || decidingKinds.includes(m.kind)),
  );
  return (
    <Drawer open width={720} title={topic.title} onClose={onClose}>
      <p style={{ whiteSpace: 'pre-wrap' }}>{topic.detail}</p>
      <Steps
        size="small"
        current={ORDER.indexOf(topic.step)}
        status={topic.state === 'withdrawn' ? 'error' : topic.state === 'completed' ? 'finish' : 'process'}
        items={ORDER.map((s) => ({ title: stepNames[s][lang] }))}
        style={{ marginBottom: 16 }}
      />
      {topic.state === 'withdrawn' && (
        <p>
          <Tag>{tx('已撤回', 'Withdrawn')}</Tag>
          {topic.withdrawnReason}
        </p>
      )}
      <Loaded query={steps}>
        {(s) => (
          <Timeline
            data-testid="topic-steps"
            items={s.items.map((x) => ({
              color: x.counts ? 'green' : 'red',
              children: (
                <>
                  <b>{stepNames[x.step][lang]}</b> · {dayjs(x.at).format('YYYY-MM-DD')} · {x.by ?? '—'}
                  {x.meeting && ` · ${x.meeting}`}
                  <div style={{ whiteSpace: 'pre-wrap' }}>{x.text}</div>
                  <Attachments street={street} kind="step" id={x.id} files={x.files} canUpload={canManage} />
                  {x.votes && (
                    <div>
                      {tx(
                        `到会 ${x.votes.present} 人：赞成 ${x.votes.for}，反对 ${x.votes.against}，弃权 ${x.votes.abstain}`,
                        `${x.votes.present} present: ${x.votes.for} for, ${x.votes.against} against, ${x.votes.abstain} abstain`,
                      )}{' '}
                      {x.quorumMet === false ? (
                        <Tag color="red">{tx('未达法定人数，决议不成立', 'No quorum: does not count')}</Tag>
                      ) : x.passed ? (
                        <Tag color="green">{tx('通过', 'Carried')}</Tag>
                      ) : (
                        <Tag color="red">{tx('未获通过', 'Not carried')}</Tag>
                      )}
                    </div>
                  )}
                </>
              ),
            }))}
          />
        )}
      </Loaded>
      {canManage && ORDER.indexOf(topic.step) >= ORDER.indexOf('decide') && topic.state !== 'withdrawn' && (
        <ToCase topic={topic} street={street} />
      )}
      {canManage && topic.state === 'open' && next && (
        <Space>
          <FormModal
            form={form}
            label={`${tx('办理下一环节', 'Next step')}：${stepNames[next][lang]}`}
            testId="next-step"
            title={stepNames[next][lang]}
            okText={tx('保存', 'Save')}
            onSubmit={(v) =>
              act(
                async () => {
                  const r = await deliberationApi.step(topic.id, {
                    street,
                    step: next,
                    text: v.text,
                    meetingId: v.meetingId ?? null,
                    votes:
                      next === 'decide' ? { for: v.for ?? 0, against: v.against ?? 0, abstain: v.abstain ?? 0 } : null,
                  });
                  if (!r.counts)
                    throw new Error(
                      tx('已记录，但未达法定人数或未获通过，决议不成立', 'Recorded, but it does not count'),
                    );
                },
                tx('已办理', 'Done'),
              )
            }
          >
            <Form.Item name="text" label={tx('内容', 'Text')} rules={[{ required: true, min: 2, max: 4000 }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            {next !== 'publish_decision' && next !== 'publish_result' && (
              <Form.Item
                name="meetingId"
                label={
                  next === 'decide'
                    ? tx('表决会议（居民/居民代表会议）', 'Meeting')
                    : tx('会议（可选）', 'Meeting (optional)')
                }
                rules={[{ required: next === 'decide' }]}
              >
                <Select
                  allowClear
                  options={held.map((m) => ({
                    value: m.id,
                    label: `${dayjs(m.startsAt).format('YYYY-MM-DD')} ${m.title}`,
                  }))}
                />
              </Form.Item>
            )}
            {next === 'decide' && (
              <Space>
                <Form.Item name="for" label={tx('赞成', 'For')} rules={[{ required: true }]}>
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="against" label={tx('反对', 'Against')} rules={[{ required: true }]}>
                  <InputNumber min={0} />
                </Form.Item>
                <Form.Item name="abstain" label={tx('弃权', 'Abstain')} rules={[{ required: true }]}>
                  <InputNumber min={0} />
                </Form.Item>
              </Space>
            )}
          </FormModal>
          <FormModal<{ reason: string }>
            small
            label={tx('撤回', 'Withdraw')}
            testId="withdraw-topic"
            title={tx('撤回议题', 'Withdraw the topic')}
            okText={tx('撤回', 'Withdraw')}
            onSubmit={(v) => act(() => deliberationApi.withdraw(topic.id, street, v.reason), tx('已撤回', 'Withdrawn'))}
          >
            <Form.Item name="reason" label={tx('撤回原因', 'Reason')} rules={[{ required: true, min: 2, max: 200 }]}>
              <Input />
            </Form.Item>
          </FormModal>
        </Space>
      )}
    </Drawer>
  );
}

/** 决议落实: the decision carried out through the case loop (a case of a shared or public category), linked. */
function ToCase({ topic, street }: { topic: Topic; street: string }) {
  const tx = useTx();
  const act = useAct('deliberation');
  const [category, setCategory] = useState<string | undefined>();
  const categories = useQuery({ queryKey: ['case-categories'], queryFn: () => casesApi.categories() });
  const choices = (categories.data ?? []).filter((c) => c.active && c.parentId !== null && c.tier !== 'household');
  if (topic.resolutionCaseId !== null)
    return (
      <p>
        {tx('决议落实：', 'Carried out by ')}
        <Link to={`/cases/${topic.resolutionCaseId}`} data-testid="topic-case">
          {tx(`案件 ${topic.resolutionCaseId}`, `case ${topic.resolutionCaseId}`)}
        </Link>
      </p>
    );
  return (
    <Space style={{ marginBottom: 12 }}>
      <Select
        size="small"
        aria-label={tx('案件类别', 'Case category')}
        placeholder={tx('案件类别', 'Category')}
        style={{ width: 160 }}
        value={category}
        onChange={setCategory}
        options={choices.map((c) => ({ value: c.code, label: c.name }))}
      />
      <Button
        size="small"
        disabled={!category}
        data-testid="topic-to-case"
        onClick={() =>
          void act(() => deliberationApi.toCase(topic.id, street, category ?? ''), tx('已转为案件办理', 'Case opened'))
        }
      >
        {tx('决议转案件办理', 'Carry out as a case')}
      </Button>
    </Space>
  );
}
