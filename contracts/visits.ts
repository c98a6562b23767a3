import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * Visits and care (module `visits`, docs/DOMAIN.md "Visits and care"): how often each household
 * must be seen, from its residents' tags (docs/RULES.md "Visits").
 */
export const frequencies = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;
export type Frequency = (typeof frequencies)[number];
export const frequencyNames: Record<Frequency, { zh: string; en: string }> = {
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月', en: 'Monthly' },
  quarterly: { zh: '每季度', en: 'Quarterly' },
  yearly: { zh: '每年', en: 'Yearly' },
};

export const careLevels = ['high', 'key', 'general'] as const;
export type CareLevel = (typeof careLevels)[number];
export const careLevelNames: Record<CareLevel, { zh: string; en: string }> = {
  high: { zh: '高风险', en: 'High' },
  key: { zh: '重点', en: 'Key' },
  general: { zh: '一般', en: 'General' },
};

const frequency = z.enum(frequencies);

/**
 * The street's visit rules (configuration; defaults of docs/RULES.md): ordinary households yearly;
 * 低保, 流动 and empty-nest elderly monthly; care subjects by level — high weekly, key monthly,
 * general quarterly; a grid worker's monthly load.
 */
export const visitSettingsSchema = z.object({
  ordinary: frequency.default('yearly'),
  subsistence: frequency.default('monthly'),
  floating: frequency.default('monthly'),
  emptyNest: frequency.default('monthly'),
  care: z
    .object({
      high: frequency.default('weekly'),
      key: frequency.default('monthly'),
      general: frequency.default('quarterly'),
    })
    .prefault({}),
  /** Age from which an elderly resident living alone is high risk. */
  highRiskAge: z.number().int().min(60).max(100).default(80),
  /** Households a grid worker visits in a month (seeds/000: about 300). */
  monthlyLoad: z.number().int().min(10).max(2000).default(300),
});
export type VisitSettings = z.output<typeof visitSettingsSchema>;

export const visitKinds = ['home', 'phone', 'video', 'door'] as const;
export const visitKindNames = {
  home: { zh: '入户', en: 'At home' },
  phone: { zh: '电话', en: 'By phone' },
  video: { zh: '视频', en: 'By video' },
  door: { zh: '门口', en: 'At the door' },
};
export const needTypes = [
  'elderly_care',
  'medical',
  'hardship',
  'housing',
  'employment',
  'child',
  'disability',
  'other',
] as const;
export type NeedType = (typeof needTypes)[number];
export const needTypeNames = {
  elderly_care: { zh: '养老照护', en: 'Elderly care' },
  medical: { zh: '医疗健康', en: 'Health' },
  hardship: { zh: '生活困难', en: 'Hardship' },
  housing: { zh: '住房', en: 'Housing' },
  employment: { zh: '就业', en: 'Employment' },
  child: { zh: '儿童关爱', en: 'Children' },
  disability: { zh: '助残', en: 'Disability' },
  other: { zh: '其他', en: 'Other' },
};

/** What a visit found: a problem for the case loop, a need (adopted by the needs module later), or nothing. */
export const findingInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('case'),
    category: z.string().min(1).max(40),
    description: z.string().trim().min(2).max(1000),
  }),
  z.object({ kind: z.literal('need'), needType: z.enum(needTypes), what: z.string().trim().min(2).max(500) }),
  z.object({ kind: z.literal('none') }),
]);

export const visitInput = z.object({
  householdId: z.number().int().positive(),
  /** When it happened (ISO time); not in the future. */
  visitedAt: z.iso.datetime({ offset: true }),
  kind: z.enum(visitKinds).default('home'),
  /** Residents of the household who were met. */
  met: z.array(z.number().int().positive()).max(20).default([]),
  notes: z.string().trim().max(2000).default(''),
  /** Where the phone was (WGS-84); sealed when stored. */
  gps: z
    .object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) })
    .nullable()
    .default(null),
  /** The phone's id for this record (offline queue): sending it again finds the first. */
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .nullable()
    .default(null),
  /** The grid the phone saw the household in (offline: it may have moved since). */
  seenInGrid: z
    .string()
    .regex(/^\d{15}$/)
    .nullable()
    .default(null),
  findings: z.array(findingInput).max(10).default([]),
  /** Photo ids from `POST /api/case-photos` (the cases' upload: metadata stripped). */
  photos: z.array(z.uuid()).max(9).default([]),
});
export type VisitInput = z.input<typeof visitInput>;

export const visitRecorded = z.object({
  id: z.number(),
  created: z.boolean(),
  outsideGrid: z.boolean(),
  householdMoved: z.boolean(),
  findings: z.array(z.object({ id: z.number(), kind: z.string(), caseId: z.number().nullable() })),
});

export const planQuery = z.object({
  grid: z.string().regex(/^\d{15}$/),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});
export const visitPlan = z.object({
  plan: z
    .object({
      month: z.string(),
      load: z.number(),
      generatedAt: z.string(),
      items: z.array(
        z.object({
          householdId: z.number(),
          position: z.number(),
          address: z.string(),
          building: z.string(),
          unit: z.string(),
          /** Masked: 王** */
          head: z.string().nullable(),
          frequency: z.enum(frequencies),
          frequencyName: z.string(),
          dueOn: z.string(),
          lastVisitedOn: z.string().nullable(),
          done: z.boolean(),
        }),
      ),
    })
    .nullable(),
});
export const generateInput = z.object({
  /** A grid, community or street: every grid under it gets the month's plan. */
  region: z.string().regex(/^\d{9}(\d{3}){0,2}$/),
  month: z.string().regex(/^\d{4}-\d{2}$/),
});

export const visitLogQuery = z.object({
  region: z.string().regex(/^\d{9}(\d{3}){0,2}$/),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  visitor: z.coerce.number().int().positive().optional(),
  household: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export const visitLog = z.object({
  total: z.number(),
  items: z.array(
    z.object({
      id: z.number(),
      householdId: z.number(),
      address: z.string(),
      visitor: z.string(),
      visitedAt: z.string(),
      kind: z.enum(visitKinds),
      kindName: z.string(),
      notes: z.string(),
      outsideGrid: z.boolean(),
      householdMoved: z.boolean(),
      photos: z.array(z.string()),
      edits: z.number(),
      findings: z.array(
        z.object({ kind: z.enum(['case', 'need', 'none']), text: z.string(), caseId: z.number().nullable() }),
      ),
    }),
  ),
});

/**
 * Coverage of a place. `share` is the one figure a street leader asks for first: of the place's
 * active households, the part seen within their required interval today — a visit on record and
 * the interval since it (a week, or one, three or twelve calendar months by the household's
 * frequency) not yet run out. Never-visited households count as outside their interval.
 */
export const coverage = z.object({
  region: z.string(),
  regionName: z.string(),
  households: z.number(),
  visitedThisMonth: z.number(),
  visitedThisYear: z.number(),
  withinInterval: z.number(),
  overdue: z.number(),
  neverVisited: z.number(),
  share: z.number().nullable(),
  byFrequency: z.array(
    z.object({
      frequency: z.enum(frequencies),
      frequencyName: z.string(),
      households: z.number(),
      withinInterval: z.number(),
      overdue: z.number(),
      neverVisited: z.number(),
    }),
  ),
  byVisitor: z.array(z.object({ visitor: z.string(), visitsThisMonth: z.number(), households: z.number() })),
});

/** Buildings of a place coloured on the coverage map by their households' standing. */
export const buildingCoverage = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      lng: z.number().nullable(),
      lat: z.number().nullable(),
      households: z.number(),
      withinInterval: z.number(),
      overdue: z.number(),
      neverVisited: z.number(),
      oldestDays: z.number().nullable(),
    }),
  ),
});

/** What may change in a visit afterwards (an edit after 24 hours keeps what it replaced). */
export const visitPatch = z
  .object({
    kind: z.enum(visitKinds).optional(),
    notes: z.string().trim().max(2000).optional(),
    met: z.array(z.number().int().positive()).max(20).optional(),
  })
  .refine((p) => p.kind !== undefined || p.notes !== undefined || p.met !== undefined, {
    error: bilingual({ zh: '没有要修改的内容', en: 'Nothing to change' }),
  });
export const visitEdits = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      actor: z.string().nullable(),
      before: z.object({ kind: z.string(), notes: z.string(), met: z.array(z.number()) }),
    }),
  ),
});
