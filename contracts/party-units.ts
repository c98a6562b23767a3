import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * The alliance's units (党建联盟), their quarterly reverse evaluation (反向评价), a member's card,
 * the tasks members may claim, and the party layer of the map (module `party`, docs/DOMAIN.md §4).
 */
export const unitKinds = [
  'organ',
  'institution',
  'state_enterprise',
  'private_enterprise',
  'social_org',
  'property',
  'school',
  'hospital',
] as const;
export type UnitKind = (typeof unitKinds)[number];
export const unitKindNames: Record<UnitKind, { zh: string; en: string }> = {
  organ: { zh: '机关', en: 'Government organ' },
  institution: { zh: '事业单位', en: 'Public institution' },
  state_enterprise: { zh: '国有企业', en: 'State enterprise' },
  private_enterprise: { zh: '非公企业', en: 'Private enterprise' },
  social_org: { zh: '社会组织', en: 'Social organisation' },
  property: { zh: '物业企业', en: 'Property company' },
  school: { zh: '学校', en: 'School' },
  hospital: { zh: '医院', en: 'Hospital' },
};

const code12 = z.string().regex(/^\d{12}$/);

/** A co-building unit as the alliance knows it: a new agency of the street, or one already there. */
export const unitInput = z.object({
  /** The community adding it (its secretary keeps the alliance); units are the street's. */
  community: code12,
  /** An agency already in the street (cases are dispatched to it), else a new one by this name. */
  agencyId: z.number().int().positive().nullable().default(null),
  name: z.string().trim().min(2).max(100).optional(),
  kind: z.enum(unitKinds),
  contactName: z.string().trim().min(2).max(30).nullable().default(null),
  contactPhone: z.string().trim().max(20).nullable().default(null),
  partyBranch: z.string().trim().min(2).max(60).nullable().default(null),
  partyMembers: z.number().int().min(0).max(100_000).default(0),
});

export const unitItem = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(unitKinds).nullable(),
  kindName: z.string(),
  contactName: z.string().nullable(),
  /** Masked (138****0000): calling is for who may reveal it. */
  contactPhone: z.string().nullable(),
  partyBranch: z.string().nullable(),
  partyMembers: z.number(),
  agreements: z.number(),
});
export const unitList = z.object({ items: z.array(unitItem) });

/** The quarter a review is for: 2026-Q4. */
export const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, {
  error: bilingual({ zh: '季度格式应为 2026-Q4', en: 'A quarter is like 2026-Q4' }),
});

/** The reverse evaluation form: 履约情况 (40), 活动参与 (30), 诉求响应 (30). */
export const reviewCriteria = [
  { key: 'fulfilment', max: 40, zh: '协议履约', en: 'Agreement kept' },
  { key: 'participation', max: 30, zh: '活动参与', en: 'Takes part' },
  { key: 'response', max: 30, zh: '诉求响应', en: 'Answers requests' },
] as const;
const score = (max: number) =>
  z
    .number()
    .int()
    .min(0)
    .max(max, { error: bilingual({ zh: `此项最高 ${max} 分`, en: `At most ${max} points` }) });
export const reviewInput = z.object({
  community: code12,
  agencyId: z.number().int().positive(),
  quarter,
  fulfilment: score(40),
  participation: score(30),
  response: score(30),
  comment: z.string().trim().max(500).default(''),
});

export const grades = [
  { min: 90, zh: '优秀', en: 'Excellent' },
  { min: 75, zh: '良好', en: 'Good' },
  { min: 60, zh: '合格', en: 'Adequate' },
  { min: 0, zh: '不合格', en: 'Inadequate' },
] as const;
export const gradeOf = (total: number) => grades.find((g) => total >= g.min) ?? grades[3];

/** Residents' ratings of the cases a unit led, in the quarter (rated then). */
export const residentRatings = z.object({
  rated: z.number(),
  satisfied: z.number(),
  basicallySatisfied: z.number(),
  dissatisfied: z.number(),
  /** (满意 + 基本满意) / 评价数, or null when nothing was rated. */
  satisfaction: z.number().nullable(),
});
export const reviewRow = z.object({
  agencyId: z.number(),
  unit: z.string(),
  community: z.string(),
  communityName: z.string(),
  quarter: z.string(),
  review: z
    .object({
      fulfilment: z.number(),
      participation: z.number(),
      response: z.number(),
      total: z.number(),
      grade: z.string(),
      comment: z.string(),
      reviewedAt: z.string(),
    })
    .nullable(),
  /** The unit's agreements with the community: share of the agreed measures done (0–1, capped per item). */
  agreementProgress: z.number().nullable(),
  resolutions: z.object({ open: z.number(), overdue: z.number(), done: z.number() }),
  residents: residentRatings,
});
export const reviewList = z.object({ quarter: z.string(), items: z.array(reviewRow), canReview: z.boolean() });
export const reviewQuery = z.object({ community: code12, quarter: quarter.optional() });

/** A unit's own record (its handlers see it): reviews by quarter, its resolutions, its agreements. */
export const unitRecord = z.object({
  unit: z.string(),
  reviews: z.array(reviewRow),
  resolutions: z.array(
    z.object({
      id: z.number(),
      what: z.string(),
      meeting: z.string(),
      community: z.string(),
      role: z.enum(['lead', 'assist']),
      dueOn: z.string(),
      state: z.string(),
      stateName: z.string(),
      caseId: z.number().nullable(),
    }),
  ),
  agreements: z.array(
    z.object({ id: z.number(), title: z.string(), community: z.string(), termEnd: z.string(), progress: z.number() }),
  ),
});

/** A member's card: personal data masked, their organisation, posts, 双报到 and services. */
export const memberCard = z.object({
  id: z.number(),
  name: z.string(),
  org: z.string(),
  status: z.string(),
  relation: z.string(),
  category: z.string(),
  joinedOn: z.string(),
  householdMarked: z.boolean(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  officerPosts: z.array(z.string()),
  post: z.string().nullable(),
  registration: z.object({ employer: z.string(), state: z.string(), requestedAt: z.string() }).nullable(),
  services: z.array(z.object({ id: z.number(), servedOn: z.string(), hours: z.number(), what: z.string() })),
  thisYear: z.object({ services: z.number(), hours: z.number(), minimum: z.number() }),
});

/** A member's patch: 亮身份 on or off, the organisation, status. */
export const memberPatch = z.object({
  householdMarked: z.boolean().optional(),
  orgId: z.number().int().positive().optional(),
  status: z.enum(['full', 'probationary']).optional(),
});

export const mergeInput = z.object({ intoId: z.number().int().positive() });

/** Open tasks members may claim: resolutions of joint meetings the community put out to members. */
export const taskList = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      what: z.string(),
      meeting: z.string(),
      dueOn: z.string(),
      lead: z.string(),
      claimedByMe: z.boolean(),
      claimed: z.boolean(),
    }),
  ),
});

/** The party layer of a community's map: branches by grid, groups and 共产党员户 by building. */
export const partyLayer = z.object({
  grids: z.array(
    z.object({ code: z.string(), name: z.string(), branch: z.string().nullable(), markedHouseholds: z.number() }),
  ),
  buildings: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      lng: z.number().nullable(),
      lat: z.number().nullable(),
      group: z.string().nullable(),
      markedHouseholds: z.number(),
    }),
  ),
});

/** 共产党员户 of a building: the households that show it (no names: the mark is public by choice). */
export const markedHouseholds = z.object({ householdIds: z.array(z.number()) });

export const agreementFileQuery = z.object({ name: z.string().trim().min(1).max(100) });

/** An organisation's history (沿革): set up, moved, renamed, merged. */
export const orgHistory = z.object({
  items: z.array(
    z.object({ id: z.number(), at: z.string(), kind: z.string(), text: z.string(), actor: z.string().nullable() }),
  ),
});
