import { z } from 'zod';
import { entryRow, goodsRow, pointsOverview, redemptionRow } from '../../../../contracts/volunteering.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });
const ok = z.object({ ok: z.literal(true) });

/** A fresh key for one press of a button that moves points (a repeat of the same request moves nothing). */
export const idempotencyKey = () => `w${crypto.randomUUID().replace(/-/g, '')}`;

/** 微积分 (module `volunteering`): the points ledger and the store. */
export const pointsApi = {
  me: () => http.get(pointsOverview, '/api/points/me'),
  accounts: (community: string) =>
    http.get(
      z.object({
        items: z.array(
          z.object({ id: z.number(), kind: z.string(), balance: z.number(), holder: z.string().nullable() }),
        ),
      }),
      withQuery('/api/points/accounts', { community }),
    ),
  entries: (id: number, community: string) =>
    http.get(
      z.object({ balance: z.number(), items: z.array(entryRow) }),
      withQuery(`/api/points/accounts/${id}/entries`, { community }),
    ),
  reverse: (id: number, street: string, note: string) =>
    http.post(created, `/api/points/transactions/${id}/reverse`, { street, note }),
  goods: (community: string) =>
    http.get(z.object({ items: z.array(goodsRow) }), withQuery('/api/store/goods', { community })),
  addGoods: (body: { community: string; name: string; price: number; stock: number }) =>
    http.post(created, '/api/store/goods', body),
  redeem: (street: string, goodsId: number, key: string) =>
    http.post(
      z.object({ id: z.number(), pickupCode: z.string(), points: z.number(), replayed: z.boolean() }),
      '/api/store/redeem',
      { street, goodsId, quantity: 1, idempotencyKey: key },
    ),
  redemptions: (community: string, state?: string) =>
    http.get(z.object({ items: z.array(redemptionRow) }), withQuery('/api/store/redemptions', { community, state })),
  myRedemptions: () => http.get(z.object({ items: z.array(redemptionRow) }), '/api/store/redemptions/mine'),
  pickup: (id: number, pickupCode: string) => http.post(ok, `/api/store/redemptions/${id}/pickup`, { pickupCode }),
  cancel: (id: number) => http.post(ok, `/api/store/redemptions/${id}/cancel`),
};
