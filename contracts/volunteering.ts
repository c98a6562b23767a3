import { z } from 'zod';

/**
 * 志愿服务 and 微积分 (module `volunteering`, docs/DOMAIN.md §6): the points ledger — double-entry, never
 * negative, never spent twice — and the community's points store (积分超市).
 */

const key = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/);

export const goodsInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(2).max(40),
  price: z.number().int().min(1).max(100_000),
  stock: z.number().int().min(0).max(100_000),
});
export const goodsRow = z.object({
  id: z.number(),
  name: z.string(),
  price: z.number(),
  stock: z.number(),
  active: z.boolean(),
});
export const redeemInput = z.object({
  goodsId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(20).default(1),
  /** The phone's key for this press of the button: a repeat answers the first redemption and moves nothing. */
  idempotencyKey: key,
});
export const redemptionStates = ['reserved', 'picked_up', 'cancelled'] as const;
export const redemptionStateNames = {
  reserved: { zh: '待领取', en: 'To pick up' },
  picked_up: { zh: '已领取', en: 'Picked up' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const redemptionRow = z.object({
  id: z.number(),
  goods: z.string(),
  quantity: z.number(),
  points: z.number(),
  state: z.enum(redemptionStates),
  stateName: z.string(),
  /** Shown to the one who redeemed and to the community's staff. */
  pickupCode: z.string(),
  person: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export const awardInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  userId: z.number().int().positive(),
  points: z.number().int().min(1).max(10_000),
  note: z.string().trim().min(2).max(200),
  idempotencyKey: key,
});
export const entryRow = z.object({
  id: z.number(),
  transactionId: z.number(),
  kind: z.string(),
  amount: z.number(),
  note: z.string(),
  source: z.string().nullable(),
  at: z.string(),
});
export const pointsOverview = z.object({
  accountId: z.number().nullable(),
  balance: z.number(),
  entries: z.array(entryRow),
});
export const transactionKindNames = {
  earn: { zh: '服务获得', en: 'Earned' },
  award: { zh: '社区奖励', en: 'Awarded' },
  redeem: { zh: '兑换商品', en: 'Redeemed' },
  return: { zh: '兑换退回', en: 'Returned' },
  reverse: { zh: '冲正', en: 'Reversed' },
  expire: { zh: '年末清零', en: 'Expired' },
};

/** The street's volunteering settings (configuration). */
export const volunteeringSettingsSchema = z.object({
  /** Days a redemption waits for pickup before it is cancelled and everything returned. */
  pickupDays: z.number().int().min(1).max(60).default(7),
  /** Points an hour of confirmed service earns. */
  pointsPerHour: z.number().int().min(0).max(1_000).default(10),
});
export type VolunteeringSettings = z.output<typeof volunteeringSettingsSchema>;
