import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * 需求对接 (module `needs`, docs/DOMAIN.md §5): the three lists — resources, needs, projects — one
 * catalogue of categories shared by needs and resources, and micro-wishes (微心愿).
 */

/** The catalogue: a top category and its items (`elderly.meal` under `elderly`). */
export const needCategories = {
  elderly: { zh: '养老服务', en: 'Elderly care', parent: null },
  'elderly.meal': { zh: '助餐送餐', en: 'Meals', parent: 'elderly' },
  'elderly.home': { zh: '上门照护', en: 'Home care', parent: 'elderly' },
  'elderly.company': { zh: '探访陪伴', en: 'Company', parent: 'elderly' },
  medical: { zh: '医疗健康', en: 'Health', parent: null },
  'medical.clinic': { zh: '义诊体检', en: 'Free clinics', parent: 'medical' },
  'medical.rehab': { zh: '康复护理', en: 'Rehabilitation', parent: 'medical' },
  child: { zh: '儿童关爱', en: 'Children', parent: null },
  'child.tutoring': { zh: '课业辅导(四点半课堂)', en: 'After-school tutoring', parent: 'child' },
  'child.care': { zh: '看护托管', en: 'Childcare', parent: 'child' },
  disability: { zh: '助残服务', en: 'Disability support', parent: null },
  hardship: { zh: '困难帮扶', en: 'Hardship relief', parent: null },
  'hardship.goods': { zh: '物资帮扶', en: 'Goods', parent: 'hardship' },
  'hardship.fund': { zh: '资金救助', en: 'Funds', parent: 'hardship' },
  employment: { zh: '就业创业', en: 'Employment', parent: null },
  housing: { zh: '居住环境', en: 'Housing', parent: null },
  'housing.repair': { zh: '家电水电维修', en: 'Repairs', parent: 'housing' },
  legal: { zh: '法律咨询', en: 'Legal advice', parent: null },
  culture: { zh: '文体活动', en: 'Culture and sport', parent: null },
  venue: { zh: '活动场地', en: 'Venues', parent: null },
  other: { zh: '其他', en: 'Other', parent: null },
} as const satisfies Record<string, { zh: string; en: string; parent: string | null }>;
export type NeedCategory = keyof typeof needCategories;
export const needCategoryCodes = Object.keys(needCategories) as [NeedCategory, ...NeedCategory[]];
/** Categories whose needs reveal health, disability or hardship: never public (RULES.md "Needs"). */
export const sensitiveCategories: readonly NeedCategory[] = [
  'medical',
  'medical.clinic',
  'medical.rehab',
  'disability',
  'hardship',
  'hardship.goods',
  'hardship.fund',
];
export const topOf = (c: NeedCategory): NeedCategory => needCategories[c].parent ?? c;

export const resourceKinds = ['venue', 'service', 'goods', 'fund'] as const;
export const resourceKindNames = {
  venue: { zh: '场地', en: 'Venue' },
  service: { zh: '技能服务', en: 'Service' },
  goods: { zh: '物资', en: 'Goods' },
  fund: { zh: '资金', en: 'Funds' },
};
export const ownerKinds = ['unit', 'organisation', 'team', 'member'] as const;
export const ownerKindNames = {
  unit: { zh: '共建单位', en: 'Co-building unit' },
  organisation: { zh: '社会组织', en: 'Social organisation' },
  team: { zh: '志愿服务队', en: 'Volunteer team' },
  member: { zh: '党员', en: 'Party member' },
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const community = z.string().regex(/^\d{12}$/);
const point = z.object({ lng: z.number().min(73).max(136), lat: z.number().min(3).max(54) });

export const resourceInput = z
  .object({
    community: community.nullable().default(null),
    kind: z.enum(resourceKinds),
    category: z.enum(needCategoryCodes),
    title: z.string().trim().min(2).max(60),
    detail: z.string().trim().max(1000).default(''),
    ownerKind: z.enum(ownerKinds),
    /** A co-building unit or social organisation (an agency of the street). */
    agencyId: z.number().int().positive().nullable().default(null),
    /** A team's or member's name when no agency owns it. */
    ownerName: z.string().trim().min(2).max(40).nullable().default(null),
    address: z.string().trim().max(100).default(''),
    point: point.nullable().default(null),
    /** Times a month (a service), people at once (a venue), pieces (goods), yuan (funds). */
    capacity: z.number().int().min(1).max(1_000_000),
    forWhom: z.string().trim().max(100).default(''),
    validFrom: day,
    validTo: day,
  })
  .refine((r) => r.validTo >= r.validFrom, {
    path: ['validTo'],
    error: bilingual({ zh: '有效期的结束日不能早于开始日', en: 'The validity cannot end before it starts' }),
  })
  .refine((r) => r.agencyId !== null || r.ownerName !== null, {
    path: ['ownerName'],
    error: bilingual({ zh: '请填写提供方', en: 'Name who provides it' }),
  });

export const needSources = ['visit', 'case', 'survey', 'resident', 'staff'] as const;
export const needSourceNames = {
  visit: { zh: '走访发现', en: 'From a visit' },
  case: { zh: '诉求转入', en: 'From a case' },
  survey: { zh: '问卷调查', en: 'Survey' },
  resident: { zh: '居民提出', en: 'A resident' },
  staff: { zh: '社区录入', en: 'Entered by staff' },
};
export const urgencies = ['normal', 'urgent'] as const;
export const urgencyNames = { normal: { zh: '一般', en: 'Normal' }, urgent: { zh: '紧急', en: 'Urgent' } };
export const privacies = ['public', 'community', 'private'] as const;
export const privacyNames = {
  public: { zh: '可公开', en: 'Public' },
  community: { zh: '社区内可见', en: 'Community staff' },
  private: { zh: '仅经办人可见', en: 'Handlers only' },
};
export const needStates = ['open', 'matched', 'fallback', 'met', 'closed'] as const;
export const needStateNames = {
  open: { zh: '待对接', en: 'Open' },
  matched: { zh: '已对接', en: 'Matched' },
  fallback: { zh: '社区兜底', en: 'Fallen to the community' },
  met: { zh: '已满足', en: 'Met' },
  closed: { zh: '已关闭', en: 'Closed' },
};
export const requesterKinds = ['resident', 'household', 'building', 'community'] as const;

export const needInput = z
  .object({
    community,
    category: z.enum(needCategoryCodes),
    title: z.string().trim().min(2).max(60),
    detail: z.string().trim().max(1000).default(''),
    requesterKind: z.enum(requesterKinds),
    householdId: z.number().int().positive().nullable().default(null),
    buildingId: z.number().int().positive().nullable().default(null),
    urgency: z.enum(urgencies).default('normal'),
    privacy: z.enum(privacies).default('community'),
    source: z.enum(['survey', 'staff']).default('staff'),
  })
  .refine((n) => n.requesterKind !== 'household' || n.householdId !== null, {
    path: ['householdId'],
    error: bilingual({ zh: '请选择提出需求的家庭', en: 'Pick the household' }),
  })
  .refine((n) => n.requesterKind !== 'building' || n.buildingId !== null, {
    path: ['buildingId'],
    error: bilingual({ zh: '请选择楼栋', en: 'Pick the building' }),
  });

export const listQuery = z.object({
  /** A community, or a grid of it (a grid's people read their grid's). */
  community: z.string().regex(/^\d{12}(\d{3})?$/),
  state: z.string().max(20).optional(),
  category: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const resourceRow = z.object({
  id: z.number(),
  community: z.string().nullable(),
  kind: z.enum(resourceKinds),
  kindName: z.string(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  owner: z.string(),
  ownerKindName: z.string(),
  address: z.string(),
  capacity: z.number(),
  capacityLeft: z.number(),
  validTo: z.string(),
  rating: z.number().nullable(),
});
export const needRow = z.object({
  id: z.number(),
  category: z.string(),
  categoryName: z.string(),
  title: z.string(),
  /** Who asked, as a person may read it: 1号楼 2单元 王** / the whole community; hidden when private and out of reach. */
  requester: z.string(),
  source: z.enum(needSources),
  sourceName: z.string(),
  urgency: z.enum(urgencies),
  privacy: z.enum(privacies),
  state: z.enum(needStates),
  stateName: z.string(),
  createdAt: z.string(),
  fallbackTo: z.string().nullable(),
});
export const projectRow = z.object({
  id: z.number(),
  needId: z.number(),
  need: z.string(),
  resourceId: z.number(),
  resource: z.string(),
  provider: z.string(),
  owner: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  state: z.enum(['active', 'done', 'cancelled']),
  rating: z.number().nullable(),
});
export const page = <T extends z.ZodType>(row: T) => z.object({ total: z.number(), items: z.array(row) });

/** A candidate resource for a need, with each reason's points (the score is their sum). */
export const candidate = z.object({
  resourceId: z.number(),
  title: z.string(),
  provider: z.string(),
  score: z.number(),
  reasons: z.array(z.object({ factor: z.string(), text: z.string(), en: z.string(), points: z.number() })),
});
export const candidates = z.object({ needId: z.number(), items: z.array(candidate) });

export const matchInput = z
  .object({
    resourceId: z.number().int().positive(),
    startsOn: day,
    endsOn: day,
    beneficiaries: z.number().int().min(1).max(100_000).default(1),
    budgetYuan: z.number().min(0).max(10_000_000).nullable().default(null),
    note: z.string().trim().max(500).default(''),
  })
  .refine((m) => m.endsOn >= m.startsOn, {
    path: ['endsOn'],
    error: bilingual({ zh: '结束日不能早于开始日', en: 'The end cannot come before the start' }),
  });
export const rateInput = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(''),
});

export const wishStates = ['pending', 'open', 'claimed', 'delivered', 'confirmed', 'rejected'] as const;
export const wishStateNames = {
  pending: { zh: '待审核', en: 'Waiting for review' },
  open: { zh: '待认领', en: 'Open' },
  claimed: { zh: '已认领', en: 'Claimed' },
  delivered: { zh: '已送达', en: 'Delivered' },
  confirmed: { zh: '已实现', en: 'Granted' },
  rejected: { zh: '未通过', en: 'Not approved' },
};
export const beneficiaryKinds = ['child', 'elderly', 'hardship', 'resident'] as const;
export const beneficiaryKindNames = {
  child: { zh: '困境儿童', en: 'A child' },
  elderly: { zh: '独居老人', en: 'An elderly person' },
  hardship: { zh: '困难家庭', en: 'A family in hardship' },
  resident: { zh: '居民', en: 'A resident' },
};
export const wishInput = z.object({
  community: community.optional(),
  wish: z.string().trim().min(4).max(200),
  valueYuan: z.number().int().min(1).max(100_000),
  beneficiaryKind: z.enum(beneficiaryKinds).default('resident'),
  /** The first name shown on the wall (小明): never the address or tags. */
  shownName: z.string().trim().min(1).max(10),
});
export const wishRow = z.object({
  id: z.number(),
  community: z.string(),
  communityName: z.string(),
  wish: z.string(),
  valueYuan: z.number(),
  shownName: z.string(),
  beneficiaryKindName: z.string(),
  state: z.enum(wishStates),
  stateName: z.string(),
  claimedBy: z.string().nullable(),
  mine: z.boolean(),
  claimedByMe: z.boolean(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  photos: z.array(z.string()),
});
export const wishList = z.object({ items: z.array(wishRow) });
export const reviewWish = z.object({
  approve: z.boolean(),
  reason: z.string().trim().max(200).default(''),
});

export const orderStates = ['ordered', 'passed', 'taken', 'assigned', 'delivered', 'rated', 'cancelled'] as const;
export const orderStateNames = {
  ordered: { zh: '待交单', en: 'Waiting for the community' },
  passed: { zh: '待领单', en: 'Waiting for the unit' },
  taken: { zh: '待派单', en: 'Waiting for someone to go' },
  assigned: { zh: '服务中', en: 'On its way' },
  delivered: { zh: '待评价', en: 'Waiting for the rating' },
  rated: { zh: '已评价', en: 'Rated' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const orderInput = z.object({
  resourceId: z.number().int().positive(),
  note: z.string().trim().max(500).default(''),
});
/** One step of an order: 交单 to a unit, 领单, 退单 with a reason, 派单 to a member or volunteer, 送达, 评价. */
export const orderStep = z.discriminatedUnion('step', [
  z.object({ step: z.literal('pass'), agencyId: z.number().int().positive() }),
  z.object({ step: z.literal('take') }),
  z.object({ step: z.literal('decline'), reason: z.string().trim().min(2).max(200) }),
  z.object({ step: z.literal('assign'), assigneeId: z.number().int().positive() }),
  z.object({ step: z.literal('deliver'), note: z.string().trim().max(500).default('') }),
  z.object({
    step: z.literal('rate'),
    rating: z.number().int().min(1).max(5),
    comment: z.string().trim().max(500).default(''),
  }),
  z.object({ step: z.literal('cancel'), reason: z.string().trim().min(2).max(200) }),
]);
export const orderRow = z.object({
  id: z.number(),
  service: z.string(),
  provider: z.string().nullable(),
  orderer: z.string(),
  note: z.string(),
  state: z.enum(orderStates),
  stateName: z.string(),
  unit: z.string().nullable(),
  assignee: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** 临期 (three quarters of the step's time gone) or 超期. */
  timing: z.enum(['ok', 'warning', 'overdue']),
  rating: z.number().nullable(),
  createdAt: z.string(),
  steps: z.array(z.object({ step: z.string(), actor: z.string().nullable(), note: z.string(), at: z.string() })),
  /** What the reader may do next. */
  can: z.array(z.string()),
});
export const orderList = z.object({ items: z.array(orderRow) });
export const menuList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      categoryName: z.string(),
      provider: z.string(),
      forWhom: z.string(),
    }),
  ),
});

/** The street's needs settings (configuration). */
export const needsSettingsSchema = z.object({
  /** Working days an open need waits for a match before it falls to the community (兜底). */
  fallbackWorkingDays: z.number().int().min(1).max(60).default(5),
  /** A wish's value cap, yuan (seeds/000: small wishes). */
  wishCapYuan: z.number().int().min(10).max(10_000).default(200),
  /** Days a claimed wish may wait for delivery before the claim is released. */
  wishClaimDays: z.number().int().min(1).max(60).default(14),
  /** Working days for each step of an ordered service: 交单, 领单, 派单, 送达. */
  orderDays: z
    .object({
      pass: z.number().int().min(1).max(30).default(1),
      take: z.number().int().min(1).max(30).default(1),
      assign: z.number().int().min(1).max(30).default(1),
      deliver: z.number().int().min(1).max(60).default(5),
    })
    .prefault({}),
});
export type NeedsSettings = z.output<typeof needsSettingsSchema>;
