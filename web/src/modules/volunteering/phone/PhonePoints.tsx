import { useQuery } from '@tanstack/react-query';
import { Button, Dialog, List, Tabs, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { redemptionStateNames, transactionKindNames } from '../../../../../contracts/volunteering.js';
import { useAuth } from '../../../auth.js';
import { PhoneBar } from '../../../components/PhoneBar.js';
import { useNameOf } from '../../../lib/names.js';
import { useTx } from '../../../i18n.js';
import { PhoneQueryList, usePhoneRun } from '../../needs/phone/shared.js';
import { idempotencyKey, pointsApi } from '../api.js';

type Goods = Awaited<ReturnType<typeof pointsApi.goods>>['items'][number];
type Redemption = Awaited<ReturnType<typeof pointsApi.myRedemptions>>['items'][number];

/** 我的积分: the balance and its history, the community's store (兑换), and my redemptions with their pickup codes. */
export function PhonePoints() {
  const tx = useTx();
  const name = useNameOf(transactionKindNames, redemptionStateNames);
  const navigate = useNavigate();
  const { me } = useAuth();
  const community = me?.user.roles.find((r) => r.regionCode && r.regionCode.length >= 12)?.regionCode?.slice(0, 12);
  const [tab, setTab] = useState('store');
  const points = useQuery({ queryKey: ['points', 'me'], queryFn: () => pointsApi.me() });
  const goods = useQuery({
    queryKey: ['points', 'goods', community],
    queryFn: () => pointsApi.goods(community ?? ''),
    enabled: Boolean(community),
  });
  const mine = useQuery({ queryKey: ['points', 'redemptions', 'mine'], queryFn: () => pointsApi.myRedemptions() });
  const { busy, run } = usePhoneRun('points');
  const balance = points.data?.balance ?? 0;
  const banked = points.data?.bankedMinutes ?? null;
  const price = (g: Goods) =>
    g.unit === 'minutes'
      ? tx(`${g.price / 60} 小时服务时长`, `${g.price / 60} banked hours`)
      : tx(`${g.price} 积分`, `${g.price} points`);
  const exchange = async (g: Goods) => {
    const sure = await Dialog.confirm({
      content: tx(`用 ${price(g)}兑换“${g.name}”？`, `Spend ${price(g)} on ${g.name}?`),
      confirmText: tx('兑换', 'Redeem'),
      cancelText: tx('取消', 'Cancel'),
    });
    if (!sure || !community) return;
    // one key per press: a retry over a bad network cannot spend twice
    const key = idempotencyKey();
    if (
      await run(
        () => pointsApi.redeem(community.slice(0, 9), g.id, key),
        tx('兑换成功，请凭取货码到社区领取', 'Redeemed: show the pickup code at the community'),
      )
    )
      setTab('mine');
  };
  const goodsRow = (g: Goods) => (
    <List.Item
      key={g.id}
      data-testid={`m-goods-${g.id}`}
      description={`${price(g)} · ${tx(`库存 ${g.stock}`, `${g.stock} left`)}`}
      extra={
        <Button
          size="mini"
          color="primary"
          disabled={busy || g.stock === 0 || g.price > (g.unit === 'minutes' ? (banked ?? 0) : balance)}
          data-testid={`m-redeem-${g.id}`}
          onClick={() => void exchange(g)}
        >
          {g.stock === 0 ? tx('已兑完', 'Gone') : tx('兑换', 'Redeem')}
        </Button>
      }
    >
      {g.name}
    </List.Item>
  );
  const redemptionRow = (r: Redemption) => (
    <List.Item
      key={r.id}
      data-testid={`m-redemption-${r.id}`}
      description={`${r.points} ${tx('积分', 'points')} · ${r.createdAt.slice(0, 10)}`}
      extra={
        <>
          <Tag color={r.state === 'reserved' ? 'primary' : 'default'}>{name(r.stateName)}</Tag>
          {r.state === 'reserved' && (
            <Button
              size="mini"
              disabled={busy}
              onClick={() =>
                void run(() => pointsApi.cancel(r.id), tx('已取消，积分已退回', 'Cancelled: points returned'))
              }
            >
              {tx('取消', 'Cancel')}
            </Button>
          )}
        </>
      }
    >
      {r.goods}
      {r.state === 'reserved' && (
        <div style={{ fontSize: 20, letterSpacing: 4 }} data-testid={`m-pickup-${r.id}`}>
          {tx('取货码', 'Pickup code')} {r.pickupCode}
        </div>
      )}
    </List.Item>
  );
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <PhoneBar title={tx('我的积分', 'My points')} onBack={() => navigate('/m')} />
      <div style={{ padding: 16, background: '#fff', textAlign: 'center' }}>
        <div style={{ color: '#595959' }}>{tx('积分余额', 'Balance')}</div>
        <div style={{ fontSize: 36, fontWeight: 600 }} data-testid="m-points-balance">
          {points.isPending ? '…' : balance}
        </div>
        {banked !== null && (
          <div style={{ color: '#595959' }} data-testid="m-banked">
            {tx(
              `时间银行：${Math.round((banked / 60) * 100) / 100} 小时（只兑换服务，不兑现金）`,
              `Time bank: ${Math.round((banked / 60) * 100) / 100} h (services only, never cash)`,
            )}
          </div>
        )}
      </div>
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={tx('积分超市', 'Store')} key="store">
          <PhoneQueryList
            query={goods}
            empty={tx('社区暂未上架商品', 'Nothing in the store yet')}
            testId="m-store"
            row={goodsRow}
          />
        </Tabs.Tab>
        <Tabs.Tab title={tx('我的兑换', 'My redemptions')} key="mine">
          <PhoneQueryList
            query={mine}
            empty={tx('还没有兑换记录', 'Nothing redeemed yet')}
            testId="m-redemptions"
            row={redemptionRow}
          />
        </Tabs.Tab>
        <Tabs.Tab title={tx('积分明细', 'History')} key="history">
          <List data-testid="m-points-history">
            {(points.data?.entries ?? []).map((e) => (
              <List.Item
                key={e.id}
                description={`${e.note} · ${e.at.slice(0, 10)}`}
                extra={
                  <span style={{ color: e.amount > 0 ? '#237804' : '#a8071a' }}>
                    {e.amount > 0 ? `+${e.amount}` : e.amount}
                  </span>
                }
              >
                {name(e.kind)}
              </List.Item>
            ))}
          </List>
        </Tabs.Tab>
      </Tabs>
    </div>
  );
}
