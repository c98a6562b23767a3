import { z } from 'zod';
import { bilingual } from './i18n.js';

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
  /** Days after check-out within which the organiser confirms the hours (timely, 2021 measures); later is flagged. */
  confirmDays: z.number().int().min(1).max(60).default(7),
  /** Confirmed hours for one to five stars (the common 100 / 300 / 600 / 1,000 / 1,500). */
  starHours: z.array(z.number().int().positive()).length(5).default([100, 300, 600, 1000, 1500]),
});
export type VolunteeringSettings = z.output<typeof volunteeringSettingsSchema>;

const day = z.iso.datetime({ offset: true });
const point = z.object({ lng: z.number().min(73).max(136), lat: z.number().min(3).max(54) });
export const activityInput = z
  .object({
    community: z.string().regex(/^\d{12}$/),
    title: z.string().trim().min(2).max(60),
    detail: z.string().trim().max(1000).default(''),
    address: z.string().trim().min(2).max(100),
    point: point.nullable().default(null),
    radiusM: z.number().int().min(50).max(5000).default(300),
    startsAt: day,
    endsAt: day,
    capacity: z.number().int().min(1).max(10_000),
    teamId: z.number().int().positive().nullable().default(null),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    path: ['endsAt'],
    error: bilingual({ zh: '结束时间须晚于开始时间', en: 'The end must come after the start' }),
  });
export const scanInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  activityId: z.number().int().positive(),
  token: z.string().max(80),
  action: z.enum(['in', 'out']),
  point: point.nullable().default(null),
});
export const correctInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  hours: z.number().min(0).max(24),
  reason: z.string().trim().min(2).max(200),
});
export const activityRow = z.object({
  id: z.number(),
  title: z.string(),
  address: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  signed: z.number(),
  waiting: z.number(),
  organiser: z.string(),
  state: z.enum(['open', 'cancelled']),
  /** The reader's own: not signed up, signed, waiting, cancelled; checked in or out. */
  mine: z.enum(['none', 'signed', 'waiting', 'cancelled']),
  checkedIn: z.boolean(),
  checkedOut: z.boolean(),
  /** The reader organises it (shows the check-in code and confirms the hours). */
  organising: z.boolean(),
});
export const recordRow = z.object({
  id: z.number(),
  volunteer: z.string(),
  volunteerNo: z.string(),
  checkinAt: z.string(),
  checkoutAt: z.string().nullable(),
  hours: z.number().nullable(),
  flagged: z.boolean(),
  confirmedAt: z.string().nullable(),
  /** Not confirmed within the street's days after check-out (timely, 2021 measures). */
  late: z.boolean(),
});
export const myHours = z.object({
  volunteerNo: z.string().nullable(),
  hours: z.number(),
  stars: z.number(),
  nextStarHours: z.number().nullable(),
  records: z.array(
    z.object({ activity: z.string(), date: z.string(), hours: z.number().nullable(), confirmed: z.boolean() }),
  ),
});
