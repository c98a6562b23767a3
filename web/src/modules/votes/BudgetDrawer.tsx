import { useQuery } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { budgetPhases, budgetPhaseNames } from '../../../../contracts/votes.js';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { votesApi, type Budget } from './api.js';

type Proposal = Budget['proposals'][number];
const STATE: Record<Proposal['state'], [string, string]> = {
  submitted: ['待审查', 'default'],
  accepted: ['已采纳', 'green'],
  merged: ['已合并', 'blue'],
  rejected: ['不予采纳', 'red'],
};

/** 审查: accept, merge into another accepted project, or reject — the reason is published. */
function Review({ b, p, street }: { b: Budget; p: Proposal; street: string }) {
  const tx = useTx();
  const act = useAct('budgets');
  return (
    <FormModal<{ decision: 'accepted' | 'merged' | 'rejected'; reason?: string; mergeInto?: number }>
      small
      label={tx('审查', 'Review')}
      testId={`review-${p.id}`}
      title={`${tx('可行性审查', 'Review')}：${p.title}`}
      okText={tx('保存', 'Save')}
      initialValues={{ decision: 'accepted' }}
      onSubmit={(v) =>
        act(
          () =>
            votesApi.review(b.id, p.id, {
              street,
              decision: v.decision,
              reason: v.reason ?? '',
              mergeInto: v.mergeInto ?? null,
            }),
          tx('审查结果已公开', 'Published'),
        )
      }
    >
      <Form.Item name="decision" label={tx('结论', 'Decision')}>
        <Select
          options={[
            { value: 'accepted', label: tx('采纳，进入投票', 'Accept') },
            { value: 'merged', label: tx('与其他项目合并', 'Merge') },
            { value: 'rejected', label: tx('不予采纳', 'Reject') },
          ]}
        />
      </Form.Item>
      <Form.Item name="mergeInto" label={tx('合并到（已采纳的项目）', 'Merge into')}>
        <Select
          allowClear
          options={b.proposals
            .filter((x) => x.state === 'accepted' && x.id !== p.id)
            .map((x) => ({ value: x.id, label: x.title }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={tx('理由（将公开）', 'Reason (public)')}>
        <Input.TextArea rows={2} maxLength={300} />
      </Form.Item>
    </FormModal>
  );
}

/** 实施: a milestone or a payment of a selected project. */
function Delivery({ b, p, street }: { b: Budget; p: Proposal; street: string }) {
  const tx = useTx();
  const act = useAct('budgets');
  return (
    <Space size={0}>
      <FormModal<{ title: string; note?: string; doneOn: Dayjs }>
        small
        label={tx('进度', 'Milestone')}
        title={`${tx('实施进度', 'Milestone')}：${p.title}`}
        okText={tx('保存', 'Save')}
        onSubmit={(v) =>
          act(
            () =>
              votesApi.milestone(b.id, p.id, {
                street,
                title: v.title,
                note: v.note ?? '',
                doneOn: v.doneOn.format('YYYY-MM-DD'),
              }),
            tx('已记录', 'Recorded'),
          )
        }
      >
        <Form.Item name="title" label={tx('进度', 'Milestone')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={tx('说明', 'Note')}>
          <Input />
        </Form.Item>
        <Form.Item name="doneOn" label={tx('日期', 'Date')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </FormModal>
      <FormModal<{ item: string; payee: string; amount: number; paidOn: Dayjs; voucher: string }>
        small
        label={tx('支出', 'Payment')}
        title={`${tx('支出', 'Payment')}：${p.title}（${tx('预算', 'budget')} ${p.cost} 元，${tx('已支出', 'spent')} ${p.spent} 元）`}
        okText={tx('保存', 'Save')}
        onSubmit={(v) =>
          act(
            () =>
              votesApi.spending(b.id, p.id, {
                street,
                item: v.item,
                payee: v.payee,
                amount: v.amount.toFixed(2),
                paidOn: v.paidOn.format('YYYY-MM-DD'),
                voucher: v.voucher,
              }),
            tx('已记账', 'Recorded'),
          )
        }
      >
        <Form.Item name="item" label={tx('事项', 'Item')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="payee" label={tx('收款单位', 'Payee')} rules={[{ required: true, min: 2 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="amount" label={tx('金额（元）', 'Amount')} rules={[{ required: true }]}>
          <InputNumber min={0.01} precision={2} />
        </Form.Item>
        <Form.Item name="paidOn" label={tx('支付日期', 'Paid on')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="voucher" label={tx('凭证号', 'Voucher')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
      </FormModal>
    </Space>
  );
}

/** A budget's page: its phases, the proposals and their review, the votes and selection by its rule, delivery, accounts. */
export function BudgetDrawer({ id, street, onClose }: { id: number; street: string; onClose: () => void }) {
  const tx = useTx();
  const act = useAct('budgets');
  const q = useQuery({ queryKey: ['budgets', 'one', id], queryFn: () => votesApi.budget(id, street) });
  return (
    <Drawer open width={980} title={tx('微实事', 'Participatory budget')} onClose={onClose}>
      <Loaded query={q}>
        {(b) => (
          <>
            <Descriptions size="small" column={3} title={b.title}>
              <Descriptions.Item label={tx('总预算', 'Amount')}>{b.amount} 元</Descriptions.Item>
              <Descriptions.Item label={tx('投票规则', 'Rule')}>{b.ruleName}</Descriptions.Item>
              <Descriptions.Item label={tx('已投票', 'Ballots')}>{b.ballots} 人</Descriptions.Item>
              <Descriptions.Item label={tx('已支出', 'Spent')}>{b.accounts.spent} 元</Descriptions.Item>
              <Descriptions.Item label={tx('结余', 'Unspent')}>{b.accounts.unspent} 元</Descriptions.Item>
              <Descriptions.Item label={tx('公开账目', 'Public accounts')}>
                <a href={`/m/public/budget/${street}/${b.id}`} target="_blank" rel="noreferrer">
                  {tx('免登录查看', 'Open')}
                </a>
              </Descriptions.Item>
            </Descriptions>
            <Steps
              size="small"
              current={budgetPhases.indexOf(b.phase) - 1}
              style={{ margin: '12px 0' }}
              items={budgetPhases.slice(1).map((p) => ({ title: budgetPhaseNames[p].zh }))}
            />
            {b.phase === 'selection' && (
              <Button
                type="primary"
                data-testid="select-budget"
                style={{ marginBottom: 8 }}
                onClick={() => void act(() => votesApi.select(b.id, street), tx('入选项目已确定并公开', 'Selected'))}
              >
                {tx('按规则确定入选项目', 'Select by the rule')}
              </Button>
            )}
            {b.selection && (
              <p data-testid="selection-rule">
                {tx('入选规则：', 'Rule: ')}
                {b.selection.rule}
                {tx(`入选合计 ${b.selection.selectedTotal} 元，剩余 ${b.selection.remaining} 元。`, '')}
              </p>
            )}
            <Table
              data-testid="proposals"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b.proposals}
              expandable={{
                rowExpandable: (p) => p.milestones.length + p.spending.length > 0,
                expandedRowRender: (p) => (
                  <>
                    {p.milestones.map((m) => (
                      <div key={m.id}>
                        {m.doneOn} {m.title} {m.note}{' '}
                        {m.photo ? (
                          <a
                            href={`/api/public/budgets/${street}/${b.id}/milestones/${m.id}/photo`}
                            target="_blank"
                            rel="noreferrer"
                          >
                            {tx('现场照片', 'Photo')}
                          </a>
                        ) : (
                          (b.phase === 'delivery' || b.phase === 'accounts') && (
                            <Upload
                              accept="image/jpeg,image/png"
                              showUploadList={false}
                              beforeUpload={(file) => {
                                void act(
                                  () => votesApi.milestonePhoto(b.id, street, m.id, file),
                                  tx('照片已上传', 'Uploaded'),
                                );
                                return false;
                              }}
                            >
                              <Button size="small" type="link">
                                {tx('上传照片', 'Add a photo')}
                              </Button>
                            </Upload>
                          )
                        )}
                      </div>
                    ))}
                    {p.spending.map((s) => (
                      <div key={s.voucher}>
                        {s.paidOn} {s.item} · {s.payee} · {s.amount} 元 · {s.voucher}
                      </div>
                    ))}
                  </>
                ),
              }}
              columns={[
                { title: tx('项目', 'Project'), render: (_, p) => `${p.title}（${p.place}）` },
                { title: tx('预算（元）', 'Cost'), dataIndex: 'cost' },
                { title: tx('提出人', 'By'), dataIndex: 'by' },
                {
                  title: tx('审查', 'Review'),
                  render: (_, p) => (
                    <>
                      <Tag color={STATE[p.state][1]}>{STATE[p.state][0]}</Tag>
                      {p.reason}
                    </>
                  ),
                },
                { title: tx('得票', 'Votes'), render: (_, p) => p.votes ?? '—' },
                {
                  title: tx('结果 / 已支出', 'Result / spent'),
                  render: (_, p) =>
                    p.selected === null ? (
                      '—'
                    ) : p.selected ? (
                      <>
                        <Tag color="green">{tx('入选', 'Selected')}</Tag>
                        {p.spent} 元
                      </>
                    ) : (
                      <Tag>{tx('未入选', 'Not selected')}</Tag>
                    ),
                },
                {
                  title: '',
                  render: (_, p) =>
                    (b.phase === 'proposals' || b.phase === 'review') && p.state === 'submitted' ? (
                      <Review b={b} p={p} street={street} />
                    ) : p.selected && (b.phase === 'delivery' || b.phase === 'accounts') ? (
                      <Delivery b={b} p={p} street={street} />
                    ) : null,
                },
              ]}
            />
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
