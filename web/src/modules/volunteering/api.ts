import { z } from 'zod';
import {
  activityRow,
  entryRow,
  goodsRow,
  myHours,
  pointsOverview,
  recordRow,
  redemptionRow,
  type activityInput,
} from '../../../../contracts/volunteering.js';
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
          z.object({
            id: z.number(),
            kind: z.string(),
            unit: z.enum(['points', 'minutes']),
            balance: z.number(),
            holder: z.string().nullable(),
          }),
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
  addGoods: (body: { community: string; name: string; price: number; stock: number; unit: 'points' | 'minutes' }) =>
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
  activities: (community: string) =>
    http.get(z.object({ items: z.array(activityRow) }), withQuery('/api/activities', { community })),
  addActivity: (body: z.input<typeof activityInput>) => http.post(created, '/api/activities', body),
  signUp: (id: number, street: string) =>
    http.post(z.object({ state: z.enum(['signed', 'waiting']) }), `/api/activities/${id}/signup`, { street }),
  cancelSignup: (id: number, street: string) => http.post(ok, `/api/activities/${id}/cancel-signup`, { street }),
  checkinCode: (id: number, street: string) =>
    http.get(
      z.object({ token: z.string(), turnsAt: z.string() }),
      withQuery(`/api/activities/${id}/checkin-code`, { street }),
    ),
  scan: (body: {
    street: string;
    activityId: number;
    token: string;
    action: 'in' | 'out';
    point: { lng: number; lat: number } | null;
  }) =>
    http.post(
      z.object({ id: z.number(), hours: z.number().nullable(), flagged: z.boolean() }),
      '/api/activities/scan',
      body,
    ),
  records: (id: number, street: string) =>
    http.get(z.object({ items: z.array(recordRow) }), withQuery(`/api/activities/${id}/records`, { street })),
  confirm: (id: number, street: string, recordIds: number[]) =>
    http.post(z.object({ confirmed: z.number() }), `/api/activities/${id}/confirm`, { street, recordIds }),
  correct: (id: number, street: string, hours: number, reason: string) =>
    http.post(ok, `/api/service-records/${id}/correct`, { street, hours, reason }),
  myHours: () => http.get(myHours, '/api/volunteering/me'),
};
