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
  /** Priced in points (a good), or in minutes of banked service (a service of the time bank). */
  unit: z.enum(['points', 'minutes']).default('points'),
});
export const goodsRow = z.object({
  id: z.number(),
  name: z.string(),
  price: z.number(),
  stock: z.number(),
  unit: z.enum(['points', 'minutes']),
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
  /** Minutes of service banked (时间银行), when the street keeps one; null when it does not. */
  bankedMinutes: z.number().nullable(),
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
  /** Points for granting a micro-wish (once the one who posted it confirms it came true). */
  pointsPerWish: z.number().int().min(0).max(1_000).default(20),
  /** Points for a pair-up helper's care visit (结对帮扶, "a visit helped"). */
  pointsPerCareVisit: z.number().int().min(0).max(1_000).default(5),
  /** A community's own rules, where they differ from the street's (积分规则 per community). */
  communities: z
    .record(
      z.string().regex(/^\d{12}$/),
      z
        .object({
          pointsPerHour: z.number().int().min(0).max(1_000),
          pointsPerWish: z.number().int().min(0).max(1_000),
          pointsPerCareVisit: z.number().int().min(0).max(1_000),
        })
        .partial(),
    )
    .default({}),
  /** Days after check-out within which the organiser confirms the hours (timely, 2021 measures); later is flagged. */
  confirmDays: z.number().int().min(1).max(60).default(7),
  /** Confirmed hours for one to five stars (the common 100 / 300 / 600 / 1,000 / 1,500). */
  starHours: z.array(z.number().int().positive()).length(5).default([100, 300, 600, 1000, 1500]),
  /**
   * 时间银行 (the Nanjing model): confirmed hours are also banked as minutes of service, to be exchanged for services
   * (goods priced in minutes) — never for cash. Off by default.
   */
  timeBank: z.boolean().default(false),
  /** A person's banked time may not exceed this many hours (Nanjing: 1,500). */
  timeBankCapHours: z.number().int().min(1).max(10_000).default(1500),
  /** Points not spent by the year's end expire (into the community's expiry account). Off by default. */
  expireAtYearEnd: z.boolean().default(false),
});
export type VolunteeringSettings = z.output<typeof volunteeringSettingsSchema>;

/** The registry tags an activity may be limited to (open ones: 党员志愿服务, 楼栋长 …; never health or hardship). */
export const activityTags = [
  'party_member',
  'working_party_member',
  'retired_party_member',
  'volunteer',
  'building_leader',
  'deputy',
] as const;

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
    /** A co-building unit that organises it (the community records it for them). */
    unitId: z.number().int().positive().nullable().default(null),
    /** Who may join: volunteers with any of these skills (empty: anyone). */
    skills: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
    /** Residents with any of these registry tags (党员, 楼栋长 …; empty: anyone) — never a sensitive one. */
    tags: z.array(z.enum(activityTags)).max(6).default([]),
    minAge: z.number().int().min(0).max(120).nullable().default(null),
    maxAge: z.number().int().min(0).max(120).nullable().default(null),
  })
  .refine((a) => Date.parse(a.endsAt) > Date.parse(a.startsAt), {
    path: ['endsAt'],
    error: bilingual({ zh: '结束时间须晚于开始时间', en: 'The end must come after the start' }),
  })
  .refine((a) => a.minAge === null || a.maxAge === null || a.minAge <= a.maxAge, {
    path: ['maxAge'],
    error: bilingual({ zh: '最大年龄不能小于最小年龄', en: 'The maximum age is below the minimum' }),
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
  /** Who organises it: the co-building unit, else the team, else the community. */
  organisedBy: z.string(),
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

const date = z.iso.date();
/** 出具志愿服务记录证明: by the community that recorded the hours, for a period (default: all of them). */
export const certificateInput = z
  .object({
    community: z.string().regex(/^\d{12}$/),
    volunteerId: z.number().int().positive(),
    from: date.optional(),
    to: date.optional(),
    /** 负责人: the person in charge of the issuing organisation. */
    principal: z.string().trim().min(2).max(20),
    /** 联系方式: the issuer's telephone. */
    contact: z
      .string()
      .trim()
      .regex(/^[0-9-]{5,30}$/),
  })
  .refine((c) => !c.from || !c.to || c.from <= c.to, {
    path: ['to'],
    error: bilingual({ zh: '结束日期不能早于开始日期', en: 'The end comes before the start' }),
  });
export const certificateRow = z.object({
  id: z.number(),
  certNo: z.string(),
  holderName: z.string(),
  idType: z.string(),
  idMasked: z.string(),
  volunteerNo: z.string(),
  issuer: z.string(),
  principal: z.string(),
  handler: z.string(),
  contact: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  hours: z.number(),
  content: z.array(z.object({ date: z.string(), title: z.string(), hours: z.number() })),
  issuedAt: z.string(),
  /** The date on the paper (Beijing time). */
  issuedOn: z.string(),
  revoked: z.boolean(),
});
/** What the public verification page shows: that the paper is genuine, never who it is about. */
export const certificateCheck = z.object({
  genuine: z.boolean(),
  certNo: z.string(),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  hours: z.number().nullable(),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  revoked: z.boolean(),
});

export const recordKinds = ['training', 'award', 'evaluation'] as const;
export const recordKindNames = {
  training: { zh: '培训记录', en: 'Training' },
  award: { zh: '表彰奖励', en: 'Award' },
  evaluation: { zh: '评价记录', en: 'Evaluation' },
};
export const gradeNames = {
  excellent: { zh: '优秀', en: 'Excellent' },
  good: { zh: '良好', en: 'Good' },
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
};
/** A training, award or evaluation record (the service records come from check-ins). */
export const volunteerRecordInput = z
  .object({
    street: z.string().regex(/^\d{9}$/),
    kind: z.enum(recordKinds),
    onDate: z.iso.date(),
    title: z.string().trim().min(2).max(60),
    detail: z.string().trim().max(500).default(''),
    hours: z.number().min(0.25).max(500).nullable().default(null),
    grade: z.enum(['excellent', 'good', 'pass', 'fail']).nullable().default(null),
  })
  .refine((r) => (r.kind === 'evaluation') === (r.grade !== null), {
    path: ['grade'],
    error: bilingual({ zh: '评价记录须选择等次（其他记录不选）', en: 'An evaluation has a grade, others none' }),
  });
export const volunteerRow = z.object({
  id: z.number(),
  name: z.string(),
  volunteerNo: z.string(),
  skills: z.array(z.string()),
  teams: z.array(z.string()),
  hours: z.number(),
  stars: z.number(),
  /** Linked to the registry's record (real name and ID for certificates). */
  realName: z.boolean(),
  registeredAt: z.string(),
});
export const volunteerProfile = volunteerRow.extend({
  community: z.string(),
  availability: z.string(),
  service: z.array(
    z.object({
      id: z.number(),
      activity: z.string(),
      date: z.string(),
      hours: z.number().nullable(),
      confirmed: z.boolean(),
      community: z.string(),
    }),
  ),
  records: z.array(
    z.object({
      id: z.number(),
      kind: z.enum(recordKinds),
      kindName: z.string(),
      onDate: z.string(),
      title: z.string(),
      detail: z.string(),
      hours: z.number().nullable(),
      grade: z.string().nullable(),
    }),
  ),
});
export const volunteerEdit = z.object({
  street: z.string().regex(/^\d{9}$/),
  skills: z.array(z.string().trim().min(1).max(20)).max(20),
  availability: z.string().trim().max(100),
});
export const teamInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(2).max(40),
  leaderId: z.number().int().positive().nullable().default(null),
  /** The party group inside the team: an organisation of the party tree (a 党小组 or branch) … */
  partyOrgId: z.number().int().positive().nullable().default(null),
  /** … or, where it is not in the tree yet, its name. */
  partyGroup: z.string().trim().max(40).default(''),
});
export const teamRow = z.object({
  id: z.number(),
  name: z.string(),
  leader: z.string().nullable(),
  partyGroup: z.string(),
  partyOrgId: z.number().nullable(),
  members: z.number(),
  hoursYear: z.number(),
  activitiesYear: z.number(),
});

/** 年度报告 of a community's volunteering: people, activities, hours, and the points issued, spent and expired. */
export const volunteeringReport = z.object({
  community: z.string(),
  year: z.number(),
  volunteers: z.number(),
  newVolunteers: z.number(),
  activeVolunteers: z.number(),
  teams: z.number(),
  activities: z.number(),
  hours: z.number(),
  pointsIssued: z.number(),
  pointsSpent: z.number(),
  pointsExpired: z.number(),
  redemptions: z.number(),
  certificates: z.number(),
  bankedMinutes: z.number(),
  months: z.array(z.object({ month: z.number(), activities: z.number(), hours: z.number(), points: z.number() })),
});
