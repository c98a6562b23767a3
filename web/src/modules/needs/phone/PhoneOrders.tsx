import { useQuery } from '@tanstack/react-query';
import { Button, Dialog, Input, List, Popup, Rate, Selector, SpinLoading, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { z } from 'zod';
import type { orderStep } from '../../../../../contracts/needs.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useI18n, useTx } from '../../../i18n.js';
import { needsApi } from '../api.js';
import { PhoneQueryList, usePhoneRun } from './shared.js';
import { STEP_NAMES } from '../Orders.js';
import { useNeedName } from '../names.js';

type Order = Awaited<ReturnType<typeof needsApi.orders>>['items'][number];
const TIMING: Record<string, [string, string] | null> = {
  ok: null,
  warning: ['临期', 'Due soon'],
  overdue: ['超期', 'Overdue'],
};

/**
 * 点单 on the phone: a resident orders from the community's menu, follows the order and rates it; a
 * unit's handler takes (or declines) what the community passed on and sends a member or volunteer,
 * who delivers.
 */
export function PhoneOrders() {
  const name = useNeedName();
  const tx = useTx();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { me } = useAuth();
  const handler = me?.abilities.includes('needs.take') ?? false;
  const [tab, setTab] = useState(handler ? 'unit' : 'menu');
  const menu = useQuery({ queryKey: ['needs', 'menu'], queryFn: () => needsApi.menu(), enabled: !handler });
  const mine = useQuery({ queryKey: ['needs', 'orders', 'mine'], queryFn: () => needsApi.orders('mine') });
  const unit = useQuery({
    queryKey: ['needs', 'orders', 'unit'],
    queryFn: () => needsApi.orders('unit'),
    enabled: handler,
  });
  const helpers = useQuery({ queryKey: ['needs', 'helpers'], queryFn: () => needsApi.helpers(), enabled: handler });
  const [rating, setRating] = useState<{ order: Order; stars: number } | null>(null);
  const [assigning, setAssigning] = useState<Order | null>(null);
  const { busy, run } = usePhoneRun();

  const step = (o: Order, body: z.input<typeof orderStep>, done: string) => run(() => needsApi.step(o.id, body), done);
  const decline = async (o: Order) => {
    let reason = '';
    const ok = await Dialog.confirm({
      title: tx('退单原因', 'Why decline'),
      content: (
        <Input placeholder={tx('例如：本周人手不足', 'e.g. nobody free this week')} onChange={(v) => (reason = v)} />
      ),
      confirmText: tx('退回社区', 'Back to the community'),
      cancelText: tx('取消', 'Cancel'),
    });
    if (ok) await step(o, { step: 'decline', reason }, tx('已退回社区', 'Returned to the community'));
  };
  const row = (o: Order) => {
    const t = TIMING[o.timing];
    return (
      <List.Item
        key={o.id}
        data-testid={`m-order-${o.id}`}
        description={
          <>
            <div>
              {o.orderer}
              {o.note ? ` · ${o.note}` : ''}
              {o.assignee ? ` · ${tx('服务人员', 'by')} ${o.assignee}` : ''}
            </div>
            <div style={{ fontSize: 12 }}>
              {o.steps
                .slice(-3)
                .map((x) => STEP_NAMES[x.step]?.[lang === 'zh' ? 0 : 1] ?? x.step)
                .join(' → ')}
            </div>
          </>
        }
        extra={
          <div style={{ display: 'flex', flexDirection: 'column', gap: 4, alignItems: 'flex-end' }}>
            <Tag color="primary">{name(o.stateName)}</Tag>
            {t && <Tag color={o.timing === 'overdue' ? 'danger' : 'warning'}>{tx(...t)}</Tag>}
            {o.can.includes('take') && (
              <Button
                size="mini"
                color="primary"
                disabled={busy}
                data-testid={`m-take-${o.id}`}
                onClick={() => void step(o, { step: 'take' }, tx('已领单', 'Taken'))}
              >
                {tx('领单', 'Take')}
              </Button>
            )}
            {o.can.includes('decline') && (
              <Button size="mini" disabled={busy} onClick={() => void decline(o)}>
                {tx('退单', 'Decline')}
              </Button>
            )}
            {o.can.includes('assign') && (
              <Button size="mini" color="primary" data-testid={`m-assign-${o.id}`} onClick={() => setAssigning(o)}>
                {tx('派单', 'Send someone')}
              </Button>
            )}
            {o.can.includes('deliver') && (
              <Button
                size="mini"
                color="primary"
                disabled={busy}
                data-testid={`m-served-${o.id}`}
                onClick={() => void step(o, { step: 'deliver' }, tx('已完成服务', 'Delivered'))}
              >
                {tx('服务完成', 'Done')}
              </Button>
            )}
            {o.can.includes('rate') && (
              <Button
                size="mini"
                color="success"
                data-testid={`m-rate-${o.id}`}
                onClick={() => setRating({ order: o, stars: 5 })}
              >
                {tx('评价', 'Rate')}
              </Button>
            )}
          </div>
        }
      >
        {o.service}
      </List.Item>
    );
  };
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('点单服务', 'Order a service')} onBack={() => navigate('/m')} />
      <Tabs activeKey={tab} onChange={setTab}>
        {handler ? (
          <Tabs.Tab title={tx('本单位订单', 'My unit’s orders')} key="unit">
            <PhoneQueryList
              query={unit}
              empty={tx('暂无社区交来的订单', 'Nothing passed to your unit')}
              testId={'m-orders-unit'}
              row={row}
            />
          </Tabs.Tab>
        ) : (
          <Tabs.Tab title={tx('服务菜单', 'Menu')} key="menu">
            {menu.isPending && <SpinLoading style={{ margin: '40px auto' }} />}
            {menu.data && (
              <List data-testid="m-menu">
                {menu.data.items.map((m) => (
                  <List.Item
                    key={m.id}
                    description={`${name(m.categoryName)} · ${m.provider}${m.forWhom ? ` · ${m.forWhom}` : ''}`}
                    extra={
                      <Button
                        size="mini"
                        color="primary"
                        disabled={busy}
                        data-testid={`m-order-menu-${m.id}`}
                        onClick={async () => {
                          if (
                            await run(
                              () => needsApi.order(m.id),
                              tx('已点单，社区将尽快安排', 'Ordered: the community will arrange it'),
                            )
                          )
                            setTab('mine');
                        }}
                      >
                        {tx('点单', 'Order')}
                      </Button>
                    }
                  >
                    {m.title}
                  </List.Item>
                ))}
              </List>
            )}
          </Tabs.Tab>
        )}
        <Tabs.Tab title={tx('我的订单', 'My orders')} key="mine">
          <PhoneQueryList query={mine} empty={tx('还没有订单', 'No orders yet')} testId={'m-orders-mine'} row={row} />
        </Tabs.Tab>
      </Tabs>
      <Popup visible={assigning !== null} onMaskClick={() => setAssigning(null)} bodyStyle={{ padding: 12 }}>
        <p>{tx('派谁去服务', 'Whom to send')}</p>
        <Selector
          columns={2}
          options={(helpers.data?.items ?? []).map((h) => ({ value: String(h.id), label: `${h.name}（${h.role}）` }))}
          onChange={async (v) => {
            const id = Number(v[0]);
            if (!assigning || !id) return;
            if (await step(assigning, { step: 'assign', assigneeId: id }, tx('已派单', 'Sent'))) setAssigning(null);
          }}
        />
      </Popup>
      <Popup visible={rating !== null} onMaskClick={() => setRating(null)} bodyStyle={{ padding: 12 }}>
        <p>{rating?.order.service}</p>
        <Rate value={rating?.stars ?? 5} onChange={(v) => rating && setRating({ ...rating, stars: v })} />
        <Button
          block
          color="primary"
          style={{ marginTop: 12 }}
          loading={busy}
          data-testid="m-rate-submit"
          onClick={async () => {
            if (
              rating &&
              (await step(rating.order, { step: 'rate', rating: rating.stars }, tx('谢谢您的评价', 'Thank you')))
            )
              setRating(null);
          }}
        >
          {tx('提交评价', 'Send')}
        </Button>
      </Popup>
    </div>
  );
}
