import { useQuery } from '@tanstack/react-query';
import { Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { redemptionStateNames, transactionKindNames } from '../../../../contracts/volunteering.js';
import { CommunityPicker } from '../../components/CommunityPicker.js';
import { Loaded } from '../../components/Loaded.js';
import { useCommunityPage } from '../../components/useCommunityPage.js';
import { useTx } from '../../i18n.js';
import { useNameOf } from '../../lib/names.js';
import { FormModal } from '../party/FormModal.js';
import { useAct } from '../party/useAct.js';
import { pointsApi } from './api.js';
import { Activities } from './Activities.js';
import { Certificates } from './Certificates.js';
import { VolunteeringReport } from './Report.js';
import { Teams } from './Teams.js';
import { Volunteers } from './Volunteers.js';

/** 积分超市: the goods and their stock, redemptions awaiting pickup (handed over by code), the community's accounts and their ledgers. */
export function PointsPage() {
  const tx = useTx();
  const { home, community, tab, set } = useCommunityPage('store');
  return (
    <Card
      title={tx('志愿与积分', 'Volunteering and points')}
      extra={
        home.length < 12 && <CommunityPicker home={home} value={community} onChange={(c) => set({ community: c })} />
      }
    >
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'store', label: tx('商品与领取', 'Goods and pickups'), children: <Store community={community} /> },
            { key: 'activities', label: tx('志愿活动', 'Activities'), children: <Activities community={community} /> },
            { key: 'volunteers', label: tx('志愿者', 'Volunteers'), children: <Volunteers community={community} /> },
            { key: 'teams', label: tx('服务队', 'Teams'), children: <Teams community={community} /> },
            {
              key: 'certificates',
              label: tx('服务证明', 'Certificates'),
              children: <Certificates community={community} />,
            },
            { key: 'accounts', label: tx('积分账户', 'Accounts'), children: <Accounts community={community} /> },
            {
              key: 'report',
              label: tx('年度报告', 'Yearly report'),
              children: <VolunteeringReport community={community} />,
            },
          ]}
        />
      )}
    </Card>
  );
}

function Store({ community }: { community: string }) {
  const tx = useTx();
  const act = useAct('points');
  const name = useNameOf(redemptionStateNames);
  const goods = useQuery({ queryKey: ['points', 'goods', community], queryFn: () => pointsApi.goods(community) });
  const waiting = useQuery({
    queryKey: ['points', 'redemptions', community],
    queryFn: () => pointsApi.redemptions(community),
  });
  const [codes, setCodes] = useState<Record<number, string>>({});
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <h3 style={{ margin: 0 }}>{tx('上架商品', 'Goods')}</h3>
        <FormModal<{ name: string; price: number; stock: number; unit: 'points' | 'minutes' }>
          small
          label={tx('上架商品', 'Add a good')}
          testId="add-goods"
          title={tx('上架商品或时间银行服务', 'Add a good or a time-bank service')}
          okText={tx('保存', 'Save')}
          initialValues={{ unit: 'points' }}
          onSubmit={(v) =>
            act(
              () =>
                pointsApi.addGoods({
                  community,
                  ...v,
                  price: v.unit === 'minutes' ? Math.round(v.price * 60) : v.price,
                }),
              tx('商品已上架', 'Good added'),
            )
          }
        >
          <Form.Item name="name" label={tx('商品名称', 'Name')} rules={[{ required: true, min: 2, max: 40 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="unit" label={tx('标价方式', 'Priced in')}>
            <Select
              options={[
                { value: 'points', label: tx('积分（商品）', 'Points (a good)') },
                {
                  value: 'minutes',
                  label: tx('服务时长（时间银行服务，不兑现金）', 'Banked hours (a service, never cash)'),
                },
              ]}
            />
          </Form.Item>
          <Form.Item name="price" label={tx('所需积分 / 小时', 'Points / hours')} rules={[{ required: true }]}>
            <InputNumber min={0.25} step={1} />
          </Form.Item>
          <Form.Item name="stock" label={tx('库存', 'Stock')} rules={[{ required: true }]}>
            <InputNumber min={0} />
          </Form.Item>
        </FormModal>
      </Space>
      <Loaded query={goods}>
        {(d) => (
          <Table
            data-testid="store-goods"
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={d.items}
            columns={[
              { title: tx('商品', 'Good'), dataIndex: 'name' },
              {
                title: tx('价格', 'Price'),
                render: (_, g) =>
                  g.unit === 'minutes'
                    ? tx(`${g.price / 60} 小时（时间银行）`, `${g.price / 60} h (time bank)`)
                    : tx(`${g.price} 积分`, `${g.price} points`),
              },
              { title: tx('库存', 'Stock'), dataIndex: 'stock' },
            ]}
          />
        )}
      </Loaded>
      <h3 style={{ marginTop: 16 }}>{tx('兑换记录', 'Redemptions')}</h3>
      <Loaded query={waiting}>
        {(d) => (
          <Table
            data-testid="store-redemptions"
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10, showSizeChanger: false }}
            dataSource={d.items}
            columns={[
              { title: tx('兑换人', 'Who'), dataIndex: 'person' },
              { title: tx('商品', 'Good'), render: (_, r) => `${r.goods} × ${r.quantity}` },
              { title: tx('积分', 'Points'), dataIndex: 'points' },
              { title: tx('兑换时间', 'When'), render: (_, r) => r.createdAt.slice(0, 10) },
              { title: tx('状态', 'State'), render: (_, r) => <Tag>{name(r.stateName)}</Tag> },
              {
                title: tx('领取', 'Pickup'),
                render: (_, r) =>
                  r.state === 'reserved' && (
                    <Space.Compact>
                      <Input
                        aria-label={tx('取货码', 'Pickup code')}
                        placeholder={tx('取货码', 'Pickup code')}
                        maxLength={6}
                        style={{ width: 110 }}
                        value={codes[r.id] ?? ''}
                        onChange={(e) => setCodes({ ...codes, [r.id]: e.target.value.trim() })}
                        data-testid={`pickup-code-${r.id}`}
                      />
                      <Button
                        data-testid={`pickup-${r.id}`}
                        onClick={() =>
                          void act(() => pointsApi.pickup(r.id, codes[r.id] ?? ''), tx('已确认领取', 'Handed over'))
                        }
                      >
                        {tx('确认领取', 'Hand over')}
                      </Button>
                    </Space.Compact>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </>
  );
}

function Accounts({ community }: { community: string }) {
  const tx = useTx();
  const list = useQuery({ queryKey: ['points', 'accounts', community], queryFn: () => pointsApi.accounts(community) });
  const [open, setOpen] = useState<{ id: number; who: string } | null>(null);
  const KIND: Record<string, [string, string]> = {
    issuing: ['社区发放账户', 'Issuing'],
    store: ['积分超市账户', 'Store'],
    expiry: ['清零账户', 'Expiry'],
  };
  return (
    <>
      <Loaded query={list}>
        {(d) => (
          <Table
            data-testid="points-accounts"
            size="small"
            rowKey="id"
            pagination={{ pageSize: 20, showSizeChanger: false }}
            dataSource={d.items}
            columns={[
              {
                title: tx('账户', 'Account'),
                render: (_, a) => {
                  const who = a.holder ?? tx(...(KIND[a.kind] ?? [a.kind, a.kind]));
                  return (
                    <Button type="link" size="small" onClick={() => setOpen({ id: a.id, who })}>
                      {who}
                    </Button>
                  );
                },
              },
              {
                title: tx('单位', 'Unit'),
                render: (_, a) =>
                  a.unit === 'minutes' ? (
                    <Tag color="blue">{tx('时间银行（分钟）', 'Time bank (minutes)')}</Tag>
                  ) : (
                    tx('积分', 'Points')
                  ),
              },
              { title: tx('余额', 'Balance'), dataIndex: 'balance' },
            ]}
          />
        )}
      </Loaded>
      {open && <Ledger account={open} community={community} onClose={() => setOpen(null)} />}
    </>
  );
}

/** An account's entries, each with its source; a transaction is corrected by its reversal, with a reason. */
function Ledger({
  account,
  community,
  onClose,
}: {
  account: { id: number; who: string };
  community: string;
  onClose: () => void;
}) {
  const tx = useTx();
  const act = useAct('points');
  const name = useNameOf(transactionKindNames);
  const q = useQuery({
    queryKey: ['points', 'entries', account.id],
    queryFn: () => pointsApi.entries(account.id, community),
  });
  return (
    <Drawer open width={720} title={`${tx('积分明细', 'Ledger')}：${account.who}`} onClose={onClose}>
      <Loaded query={q}>
        {(d) => (
          <>
            <p>
              {tx('余额', 'Balance')}：<b>{d.balance}</b>
            </p>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.items}
              columns={[
                { title: tx('时间', 'When'), render: (_, e) => e.at.slice(0, 16).replace('T', ' ') },
                { title: tx('类型', 'Kind'), render: (_, e) => name(e.kind) },
                { title: tx('积分', 'Points'), dataIndex: 'amount' },
                { title: tx('说明', 'Note'), dataIndex: 'note' },
                { title: tx('来源', 'Source'), render: (_, e) => e.source ?? '—' },
                {
                  title: tx('更正', 'Correct'),
                  render: (_, e) =>
                    e.kind !== '冲正' && (
                      <FormModal<{ note: string }>
                        small
                        label={tx('冲正', 'Reverse')}
                        title={tx('冲正这笔积分（生成反向记录）', 'Reverse this transaction')}
                        okText={tx('冲正', 'Reverse')}
                        onSubmit={(v) =>
                          act(
                            () => pointsApi.reverse(e.transactionId, community.slice(0, 9), v.note),
                            tx('已冲正', 'Reversed'),
                          )
                        }
                      >
                        <Form.Item
                          name="note"
                          label={tx('原因', 'Reason')}
                          rules={[{ required: true, min: 2, max: 200 }]}
                        >
                          <Input />
                        </Form.Item>
                      </FormModal>
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
