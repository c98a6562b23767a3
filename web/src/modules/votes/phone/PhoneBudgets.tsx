import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, ErrorBlock, Form, Input, List, Popup, SpinLoading, Tag, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useTx } from '../../../i18n.js';
import { errorMessage } from '../../../lib/query.js';
import { useMyCommunity } from '../../deliberation/phone/PhoneTopics.js';
import { usePhoneRun } from '../../needs/phone/shared.js';
import { votesApi, type Budget } from '../api.js';

const fen = (y: string) => Math.round(Number(y) * 100);

/** 提出项目: what, where, about how much — in the proposal phase. */
function Propose({ b }: { b: Budget }) {
  const tx = useTx();
  const [open, setOpen] = useState(false);
  const { busy, run } = usePhoneRun('budgets');
  const [form] = Form.useForm<{ title: string; place: string; cost: string; detail?: string }>();
  return (
    <>
      <Button block color="primary" data-testid={`m-propose-${b.id}`} onClick={() => setOpen(true)}>
        {tx('我要提项目', 'Propose a project')}
      </Button>
      <Popup visible={open} onMaskClick={() => setOpen(false)} bodyStyle={{ padding: 12 }}>
        <Form
          form={form}
          footer={
            <Button
              block
              color="primary"
              disabled={busy}
              data-testid="m-propose-send"
              onClick={() =>
                void form.validateFields().then(async (v) => {
                  const ok = await run(
                    () =>
                      votesApi.propose(b.id, {
                        street: b.street,
                        title: v.title,
                        place: v.place,
                        cost: v.cost,
                        detail: v.detail ?? '',
                      }),
                    tx('项目已提交，等待社区审查', 'Proposed; the community reviews it'),
                  );
                  if (ok) {
                    form.resetFields();
                    setOpen(false);
                  }
                })
              }
            >
              {tx('提交', 'Send')}
            </Button>
          }
        >
          <Form.Item name="title" label={tx('项目名称', 'Project')} rules={[{ required: true, min: 4, max: 60 }]}>
            <Input placeholder={tx('如：楼下增设休闲座椅', 'e.g. benches')} />
          </Form.Item>
          <Form.Item name="place" label={tx('地点', 'Place')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="cost" label={tx('估算费用（元）', 'Cost (yuan)')} rules={[{ required: true }]}>
            <Input type="number" inputMode="decimal" />
          </Form.Item>
          <Form.Item name="detail" label={tx('说明', 'Details')}>
            <TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Popup>
    </>
  );
}

/** 投票: the accepted projects, chosen within the rule (up to K, or within the budget), sent once. */
function Vote({ b }: { b: Budget }) {
  const tx = useTx();
  const { busy, run } = usePhoneRun('budgets');
  const [picked, setPicked] = useState<number[]>([]);
  const open = b.proposals.filter((p) => p.state === 'accepted');
  const total = open.filter((p) => picked.includes(p.id)).reduce((a, p) => a + fen(p.cost), 0);
  const over = b.rule === 'knapsack' ? total > fen(b.amount) : picked.length > (b.maxChoices ?? 0);
  if (b.myBallot)
    return (
      <div style={{ color: 'var(--adm-color-success)' }}>
        {tx('您已投票：', 'You voted: ')}
        {open
          .filter((p) => b.myBallot?.includes(p.id))
          .map((p) => p.title)
          .join('、')}
      </div>
    );
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        {b.rule === 'approval'
          ? tx(`每人一票，最多选 ${b.maxChoices} 个项目（已选 ${picked.length} 个）`, `Up to ${b.maxChoices}`)
          : tx(`所选项目合计不超过 ${b.amount} 元（已选 ${(total / 100).toFixed(2)} 元）`, 'Within the budget')}
      </div>
      <Checkbox.Group value={picked} onChange={(v) => setPicked(v as number[])}>
        {open.map((p) => (
          <div key={p.id} style={{ padding: '6px 0' }}>
            <Checkbox value={p.id} data-testid={`m-pick-${p.id}`}>
              {p.title} · {p.cost} 元
            </Checkbox>
          </div>
        ))}
      </Checkbox.Group>
      {over && (
        <div style={{ color: 'var(--adm-color-danger)' }}>
          {tx('超出了规则允许的范围', 'Over what the rule allows')}
        </div>
      )}
      <Button
        block
        color="primary"
        disabled={busy || over || picked.length === 0}
        data-testid={`m-budget-vote-${b.id}`}
        onClick={() => void run(() => votesApi.budgetBallot(b.id, b.street, picked), tx('投票成功，每人一票', 'Voted'))}
      >
        {tx('投票', 'Vote')}
      </Button>
    </>
  );
}

/** The projects and, once selected, the result with its rule and each project's spending. */
export function BudgetBody({ b }: { b: Budget }) {
  const tx = useTx();
  return (
    <>
      <div style={{ color: 'var(--adm-color-weak)', marginBottom: 8 }}>
        {tx('总预算', 'Budget')} {b.amount} 元 · {b.ruleName} · {tx('投票', 'Voting')} {b.dates.votingFrom}—
        {b.dates.votingTo}
      </div>
      {b.phase === 'proposals' && <Propose b={b} />}
      {b.phase === 'voting' && <Vote b={b} />}
      {b.phase !== 'voting' && (
        <List>
          {b.proposals.map((p) => (
            <List.Item
              key={p.id}
              description={`${p.place} · ${p.cost} 元${p.votes !== null ? ` · ${p.votes} 票` : ''}${p.reason ? ` · ${p.reason}` : ''}`}
              extra={
                p.selected ? (
                  <Tag color="success">{tx(`入选 · 已支出${p.spent}元`, 'Selected')}</Tag>
                ) : p.state === 'submitted' ? (
                  <Tag>{tx('待审查', 'To review')}</Tag>
                ) : p.state === 'rejected' ? (
                  <Tag color="danger">{tx('不予采纳', 'Rejected')}</Tag>
                ) : p.state === 'merged' ? (
                  <Tag color="primary">{tx('已合并', 'Merged')}</Tag>
                ) : null
              }
            >
              {p.title}
            </List.Item>
          ))}
        </List>
      )}
      {b.selection && (
        <div style={{ fontSize: 'var(--adm-font-size-main)', color: 'var(--adm-color-weak)', marginTop: 8 }}>
          {b.selection.rule}
          {tx(`已支出 ${b.accounts.spent} 元，结余 ${b.accounts.unspent} 元。`, '')}
        </div>
      )}
    </>
  );
}

/** 微实事: the community's budgets — propose in the proposal phase, vote once in the voting phase, see the results. */
export function PhoneBudgets() {
  const tx = useTx();
  const navigate = useNavigate();
  const community = useMyCommunity();
  const list = useQuery({
    queryKey: ['budgets', 'phone', community],
    queryFn: async () => {
      const rows = (await votesApi.budgets(community ?? '')).items;
      return Promise.all(rows.slice(0, 3).map((r) => votesApi.budget(r.id, r.street)));
    },
    enabled: Boolean(community),
  });
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('微实事', 'Participatory budget')} onBack={() => navigate('/m')} />
      {list.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {list.isError && <ErrorBlock status="empty" title={errorMessage(list.error)} description="" />}
      {list.data?.length === 0 && <ErrorBlock status="empty" title={tx('暂无微实事', 'None yet')} description="" />}
      <div data-testid="m-budgets">
        {list.data?.map((b) => (
          <Card
            key={b.id}
            title={b.title}
            extra={<Tag color="primary">{b.phaseName}</Tag>}
            style={{ margin: 12 }}
            data-testid={`m-budget-${b.id}`}
          >
            <BudgetBody b={b} />
          </Card>
        ))}
      </div>
    </div>
  );
}

/** 微实事公开账目: anyone, without signing in — projects, the selection by its rule, every payment, totals. */
export function PublicBudget() {
  const tx = useTx();
  const { street = '', id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public-budget', street, id],
    queryFn: () => votesApi.publicBudget(street, Number(id)),
  });
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="m-public-budget">
      <PhoneBar title={tx('微实事公开账目', 'Public accounts')} />
      {q.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
      {q.isError && <ErrorBlock status="empty" title={errorMessage(q.error)} description="" />}
      {q.data && (
        <Card title={q.data.title} style={{ margin: 12 }}>
          <BudgetBody b={q.data} />
          <List header={tx('实施进度', 'Milestones')}>
            {q.data.proposals.flatMap((p) =>
              p.milestones.map((m) => (
                <List.Item key={m.id} description={`${m.doneOn} ${m.note}`}>
                  {p.title}：{m.title}
                  {m.photo && (
                    <img
                      src={`/api/public/budgets/${street}/${id}/milestones/${m.id}/photo`}
                      alt={`${p.title}${m.title}`}
                      style={{ display: 'block', maxWidth: '100%', marginTop: 4 }}
                    />
                  )}
                </List.Item>
              )),
            )}
          </List>
          <List header={tx('支出明细', 'Payments')}>
            {q.data.proposals.flatMap((p) =>
              p.spending.map((s) => (
                <List.Item
                  key={s.voucher}
                  description={`${s.paidOn} · ${s.payee} · ${s.voucher}`}
                  extra={`${s.amount} 元`}
                >
                  {p.title}：{s.item}
                </List.Item>
              )),
            )}
          </List>
        </Card>
      )}
    </div>
  );
}
