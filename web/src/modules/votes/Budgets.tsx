import { useQuery } from '@tanstack/react-query';
import { DatePicker, Form, Input, InputNumber, Radio, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Loaded } from '../../components/Loaded.js';
import { useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { votesApi } from './api.js';
import { BudgetDrawer } from './BudgetDrawer.js';

const PHASE_COLOR: Record<string, string> = {
  upcoming: 'default',
  proposals: 'blue',
  review: 'gold',
  voting: 'red',
  selection: 'orange',
  delivery: 'cyan',
  accounts: 'green',
};
const d = (x: Dayjs) => x.format('YYYY-MM-DD');

/** 微实事: the community's budgets by phase; a new one with its rule and the dates of its phases. */
export function Budgets({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('budgets');
  const list = useQuery({ queryKey: ['budgets', 'list', community], queryFn: () => votesApi.budgets(community) });
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Loaded query={list}>
      {(data) => (
        <>
          {data.canManage && (
            <Space style={{ marginBottom: 8 }}>
              <FormModal<{
                title: string;
                amount: number;
                rule: 'approval' | 'knapsack';
                maxChoices?: number;
                proposals: [Dayjs, Dayjs];
                reviewTo: Dayjs;
                voting: [Dayjs, Dayjs];
                deliveryTo: Dayjs;
              }>
                label={tx('新建微实事预算', 'New budget')}
                testId="add-budget"
                title={tx('新建微实事预算', 'New participatory budget')}
                okText={tx('保存', 'Save')}
                initialValues={{ rule: 'approval', maxChoices: 3 }}
                onSubmit={(v) =>
                  act(
                    () =>
                      votesApi.addBudget({
                        community,
                        title: v.title,
                        amount: String(v.amount),
                        rule: v.rule,
                        maxChoices: v.rule === 'approval' ? (v.maxChoices ?? 3) : null,
                        proposalsFrom: d(v.proposals[0]),
                        proposalsTo: d(v.proposals[1]),
                        reviewTo: d(v.reviewTo),
                        votingFrom: d(v.voting[0]),
                        votingTo: d(v.voting[1]),
                        deliveryTo: d(v.deliveryTo),
                      }),
                    tx('预算已建立', 'Created'),
                  )
                }
              >
                <Form.Item name="title" label={tx('名称', 'Title')} rules={[{ required: true, min: 2, max: 60 }]}>
                  <Input placeholder="2027年微实事" />
                </Form.Item>
                <Form.Item name="amount" label={tx('总预算（元）', 'Amount (yuan)')} rules={[{ required: true }]}>
                  <InputNumber min={1} precision={2} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name="rule" label={tx('投票规则', 'Rule')}>
                  <Radio.Group
                    options={[
                      { value: 'approval', label: tx('限选K项', 'Up to K projects') },
                      { value: 'knapsack', label: tx('预算内任选', 'Any within the budget') },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="maxChoices" label={tx('每人最多选几项（限选规则）', 'K (approval)')}>
                  <InputNumber min={1} max={20} />
                </Form.Item>
                <Form.Item name="proposals" label={tx('征集项目', 'Proposals')} rules={[{ required: true }]}>
                  <DatePicker.RangePicker />
                </Form.Item>
                <Form.Item name="reviewTo" label={tx('可行性审查截止', 'Review until')} rules={[{ required: true }]}>
                  <DatePicker />
                </Form.Item>
                <Form.Item name="voting" label={tx('居民投票', 'Voting')} rules={[{ required: true }]}>
                  <DatePicker.RangePicker />
                </Form.Item>
                <Form.Item name="deliveryTo" label={tx('实施完成', 'Delivery until')} rules={[{ required: true }]}>
                  <DatePicker />
                </Form.Item>
              </FormModal>
            </Space>
          )}
          <Table
            data-testid="budgets"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.items}
            columns={[
              {
                title: tx('微实事', 'Budget'),
                render: (_, b) => (
                  <a onClick={() => setOpen(b.id)} data-testid={`budget-${b.id}`}>
                    {b.title}
                  </a>
                ),
              },
              { title: tx('总预算（元）', 'Amount'), dataIndex: 'amount' },
              { title: tx('投票规则', 'Rule'), dataIndex: 'ruleName' },
              {
                title: tx('投票时间', 'Voting'),
                render: (_, b) => `${b.dates.votingFrom} — ${b.dates.votingTo}`,
              },
              { title: tx('已投票', 'Ballots'), dataIndex: 'ballots' },
              {
                title: tx('阶段', 'Phase'),
                render: (_, b) => <Tag color={PHASE_COLOR[b.phase]}>{b.phaseName}</Tag>,
              },
            ]}
          />
          {open !== null && <BudgetDrawer id={open} street={community.slice(0, 9)} onClose={() => setOpen(null)} />}
        </>
      )}
    </Loaded>
  );
}
