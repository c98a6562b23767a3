import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Form, InputNumber, Progress, Table, Tag } from 'antd';
import { purchaseStateNames } from '../../../../contracts/purchases.js';
import { Loaded } from '../../components/Loaded.js';
import { useI18n, useTx } from '../../i18n.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { needsApi } from './api.js';
import { EvidenceFields, EvidencePhotos } from './Evidence.js';
import { money, PURCHASE_COLOURS } from './money.js';

/** One purchase: its contract, deliverables with 验收 (count and evidence), the acceptances, and the instalments with 付款. */
export function PurchaseDrawer({ id, community, onClose }: { id: number; community: string; onClose: () => void }) {
  const tx = useTx();
  const { lang } = useI18n();
  const act = useAct('needs');
  const q = useQuery({
    queryKey: ['needs', 'purchase', id, community],
    queryFn: () => needsApi.purchase(id, community),
  });
  return (
    <Drawer open width={860} title={tx('购买服务项目', 'Purchased service')} onClose={onClose}>
      <Loaded query={q}>
        {(p) => (
          <>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={tx('项目', 'Title')} span={2}>
                {p.title} <Tag color={PURCHASE_COLOURS[p.state]}>{purchaseStateNames[p.state][lang]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={tx('承接组织', 'Organisation')}>{p.provider}</Descriptions.Item>
              <Descriptions.Item label={tx('合同编号', 'Contract')}>{p.contractNo}</Descriptions.Item>
              <Descriptions.Item label={tx('资金来源', 'Funded by')}>{p.fundSource || '—'}</Descriptions.Item>
              <Descriptions.Item label={tx('服务期', 'Term')}>{`${p.startsOn} ~ ${p.endsOn}`}</Descriptions.Item>
              <Descriptions.Item label={tx('合同金额', 'Budget')}>{money(p.budgetYuan)}</Descriptions.Item>
              <Descriptions.Item label={tx('已付', 'Paid')}>{money(p.paidYuan)}</Descriptions.Item>
              <Descriptions.Item label={tx('验收进度', 'Accepted')} span={2}>
                <Progress percent={p.acceptedShare} size="small" aria-label={tx('验收进度', 'Accepted')} />
              </Descriptions.Item>
            </Descriptions>
            <h3 style={{ marginTop: 16 }}>{tx('服务内容与验收', 'Deliverables')}</h3>
            <Table
              data-testid="purchase-items"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.items}
              columns={[
                { title: tx('服务内容', 'Deliverable'), dataIndex: 'title' },
                { title: tx('对应需求', 'Answers'), render: (_, i) => i.need ?? '—' },
                {
                  title: tx('已验收/合同数量', 'Accepted / contracted'),
                  className: 'nowrap',
                  render: (_, i) => `${i.accepted} / ${i.target} ${i.unit}`,
                },
                {
                  title: tx('操作', 'Action'),
                  render: (_, i) =>
                    i.accepted < i.target && (
                      <FormModal<{ count: number; evidence: string; photos: string[] }>
                        small
                        label={tx('验收', 'Accept')}
                        testId={`accept-${i.id}`}
                        title={`${tx('验收', 'Accept')}：${i.title}`}
                        okText={tx('确认验收', 'Accept')}
                        initialValues={{ count: i.target - i.accepted }}
                        onSubmit={(v) =>
                          act(
                            () =>
                              needsApi.accept(id, {
                                itemId: i.id,
                                count: v.count,
                                evidence: v.evidence,
                                photos: v.photos ?? [],
                              }),
                            tx('验收已登记', 'Acceptance recorded'),
                          )
                        }
                      >
                        <Form.Item
                          name="count"
                          label={tx(
                            `本次验收数量（${i.unit}，还可验收 ${i.target - i.accepted}）`,
                            `Count (${i.target - i.accepted} left)`,
                          )}
                          rules={[{ required: true }]}
                        >
                          <InputNumber min={1} />
                        </Form.Item>
                        <EvidenceFields />
                      </FormModal>
                    ),
                },
              ]}
            />
            {p.acceptances.length > 0 && (
              <Table
                style={{ marginTop: 8 }}
                size="small"
                rowKey="id"
                pagination={{ pageSize: 5, showSizeChanger: false }}
                dataSource={p.acceptances}
                columns={[
                  { title: tx('验收时间', 'When'), className: 'nowrap', render: (_, a) => a.at.slice(0, 10) },
                  { title: tx('服务内容', 'Deliverable'), render: (_, a) => `${a.item} × ${a.count} ${a.unit}` },
                  {
                    title: tx('佐证', 'Evidence'),
                    render: (_, a) => (
                      <>
                        {a.evidence}
                        <EvidencePhotos ids={a.photos} />
                      </>
                    ),
                  },
                  { title: tx('验收人', 'By'), dataIndex: 'by', className: 'nowrap' },
                ]}
              />
            )}
            <h3 style={{ marginTop: 16 }}>{tx('付款节点', 'Instalments')}</h3>
            <Table
              data-testid="purchase-payments"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.payments}
              columns={[
                { title: tx('节点', 'Instalment'), dataIndex: 'milestone' },
                { title: tx('金额', 'Amount'), className: 'nowrap', render: (_, x) => money(x.amountYuan) },
                {
                  title: tx('付款条件', 'When'),
                  render: (_, x) =>
                    x.afterShare === 0
                      ? tx('签约后', 'On signing')
                      : tx(`验收达 ${x.afterShare}%`, `${x.afterShare}% accepted`),
                },
                { title: tx('计划付款日', 'Due'), dataIndex: 'dueOn', className: 'nowrap' },
                {
                  title: tx('状态', 'State'),
                  render: (_, x) =>
                    x.paidAt ? (
                      <Tag color="green">{tx(`已付 ${x.paidAt.slice(0, 10)}`, `Paid ${x.paidAt.slice(0, 10)}`)}</Tag>
                    ) : x.payable ? (
                      <Button
                        size="small"
                        type="primary"
                        data-testid={`pay-${x.id}`}
                        onClick={() => void act(() => needsApi.pay(id, x.id), tx('已登记付款', 'Payment recorded'))}
                      >
                        {tx('登记付款', 'Record payment')}
                      </Button>
                    ) : (
                      <Tag>{tx('未到付款条件', 'Not yet due')}</Tag>
                    ),
                },
              ]}
            />
          </>
        )}
      </Loaded>
    </Drawer>
  );
}
