import { z } from 'zod';

/**
 * 考核评议 (module `assessment`, docs/RULES.md "Assessment"): yearly target tables scored each quarter by several kinds
 * of raters with weights per kind, items filled from the system's own figures, results with ranks and every score.
 */
export const raterKinds = ['street_leader', 'agency', 'member_rep', 'resident_rep'] as const;
export type RaterKind = (typeof raterKinds)[number];
export const raterKindNames: Record<RaterKind, { zh: string; en: string }> = {
  street_leader: { zh: '街道领导', en: 'Street leaders' },
  agency: { zh: '共建单位', en: 'Co-building units' },
  member_rep: { zh: '党员代表', en: 'Party-member representatives' },
  resident_rep: { zh: '居民代表', en: 'Resident representatives' },
};
export const autoSources = [
  'cases.closure',
  'visits.within_interval',
  'party.dual_registered',
  'volunteering.hours',
] as const;
export type AutoSource = (typeof autoSources)[number];

const points = z.number().min(0.5).max(100);
export const tableInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  year: z.number().int().min(2020).max(2100),
  title: z.string().trim().min(2).max(60),
  /** Whose work is scored: the street's communities. */
  subjectKind: z.enum(['community']).default('community'),
  anonymous: z.boolean(),
  /** Drop each kind's highest and lowest score of an item (when a kind has at least three). */
  dropExtremes: z.boolean(),
  /** Percent per kind of rater; they must add up to 100. */
  weights: z.partialRecord(z.enum(raterKinds), z.number().int().min(0).max(100)),
  items: z
    .array(
      z.object({
        title: z.string().trim().min(2).max(60),
        points,
        rule: z.string().trim().min(2).max(200),
        /** Filled from the system's own figures instead of by raters. */
        source: z.enum(autoSources).nullable().default(null),
        /** For counts: the figure that earns full points. */
        target: z.number().positive().nullable().default(null),
      }),
    )
    .min(1)
    .max(30),
});
export type TableInput = z.infer<typeof tableInput>;

export const tableRow = z.object({
  id: z.number(),
  streetId: z.string(),
  year: z.number(),
  title: z.string(),
  anonymous: z.boolean(),
  dropExtremes: z.boolean(),
  weights: z.record(z.string(), z.number()),
  items: z.array(
    z.object({
      no: z.number(),
      title: z.string(),
      points: z.number(),
      rule: z.string(),
      source: z.enum(autoSources).nullable(),
      target: z.number().nullable(),
      formula: z.string().nullable(),
    }),
  ),
  subjects: z.array(z.object({ code: z.string(), name: z.string() })),
  /** Per quarter: raters assigned and sheets scored. */
  progress: z.array(z.object({ quarter: z.number(), assigned: z.number(), scored: z.number() })),
});
export type TableRow = z.infer<typeof tableRow>;

/** What a rater is asked to score: a community in a quarter of a table, as a kind of rater, with the rated items. */
export const assignmentRow = z.object({
  street: z.string(),
  tableId: z.number(),
  title: z.string(),
  year: z.number(),
  anonymous: z.boolean(),
  quarter: z.number(),
  kind: z.enum(raterKinds),
  kindName: z.string(),
  subject: z.string(),
  subjectName: z.string(),
  scored: z.boolean(),
  items: z.array(z.object({ no: z.number(), title: z.string(), points: z.number(), rule: z.string() })),
});

export const sheetInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  tableId: z.number().int().positive(),
  quarter: z.number().int().min(1).max(4),
  subject: z.string().regex(/^\d{12}$/),
  scores: z.array(z.object({ no: z.number().int().positive(), score: z.number().min(0).max(100) })).min(1),
});

/** One item's score for a subject, with how it was reached. */
export const itemResult = z.object({
  no: z.number(),
  title: z.string(),
  points: z.number(),
  score: z.number().nullable(),
  /** Auto items: the figure and the formula. */
  value: z.number().nullable(),
  formula: z.string().nullable(),
  /** Rated items: each kind's scores (the rater's name only where the table is not anonymous). */
  kinds: z.array(
    z.object({
      kind: z.enum(raterKinds),
      kindName: z.string(),
      weight: z.number(),
      mean: z.number().nullable(),
      scores: z.array(z.object({ score: z.number(), dropped: z.boolean(), rater: z.string().nullable() })),
    }),
  ),
});
export const resultRow = z.object({
  subject: z.string(),
  name: z.string(),
  total: z.number(),
  rank: z.number(),
  sheets: z.number(),
  items: z.array(itemResult),
});
export type ResultRow = z.infer<typeof resultRow>;

/** 民主评议党员: the four grades, best first. */
export const grades = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type Grade = (typeof grades)[number];
export const gradeNames: Record<Grade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  qualified: { zh: '合格', en: 'Qualified' },
  basic: { zh: '基本合格', en: 'Basically qualified' },
  unqualified: { zh: '不合格', en: 'Unqualified' },
};
export const reviewInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  orgId: z.number().int().positive(),
  year: z.number().int().min(2020).max(2100),
  title: z.string().trim().min(2).max(60),
  /** The most members that may be rated 优秀, as a percentage of those reviewed. */
  excellentMax: z.number().int().min(1).max(100),
});
export const reviewRow = z.object({
  id: z.number(),
  streetId: z.string(),
  org: z.string(),
  year: z.number(),
  title: z.string(),
  excellentMax: z.number(),
  state: z.enum(['open', 'closed']),
  members: z.number(),
  selfDone: z.number(),
  raters: z.number(),
});
export const reviewEntry = z.object({
  memberId: z.number(),
  name: z.string(),
  selfGrade: z.enum(grades).nullable(),
  selfText: z.string().nullable(),
  /** How the fellow members rated them: a count per grade. */
  tally: z.record(z.enum(grades), z.number()),
  finalGrade: z.enum(grades).nullable(),
});

export const awardKinds = ['five_good_family', 'civil_courtyard', 'best_volunteer'] as const;
export type AwardKind = (typeof awardKinds)[number];
export const awardKindNames: Record<AwardKind, { zh: string; en: string }> = {
  five_good_family: { zh: '五好文明家庭', en: 'Five-good civilised family' },
  civil_courtyard: { zh: '文明楼院', en: 'Civilised courtyard' },
  best_volunteer: { zh: '最美志愿者', en: 'Finest volunteer' },
};
export const awardInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  kind: z.enum(awardKinds),
  year: z.number().int().min(2020).max(2100),
  title: z.string().trim().min(2).max(60),
  /** How many are awarded. */
  quota: z.number().int().min(1).max(100),
  /** 'vote': residents vote (one vote per nominee each), the most votes win; 'committee': the committee picks. */
  decide: z.enum(['vote', 'committee']),
  nominateUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  voteUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  publicityDays: z.number().int().min(1).max(30).default(5),
});
export const awardStates = ['nominating', 'voting', 'deciding', 'publicity', 'awarded'] as const;
export const awardStateNames: Record<(typeof awardStates)[number], { zh: string; en: string }> = {
  nominating: { zh: '推荐中', en: 'Nominations' },
  voting: { zh: '投票中', en: 'Voting' },
  deciding: { zh: '待评定', en: 'To decide' },
  publicity: { zh: '公示中', en: 'Publicity' },
  awarded: { zh: '已表彰', en: 'Awarded' },
};
export const awardRow = z.object({
  id: z.number(),
  streetId: z.string(),
  community: z.string(),
  kind: z.enum(awardKinds),
  kindName: z.string(),
  year: z.number(),
  title: z.string(),
  quota: z.number(),
  decide: z.enum(['vote', 'committee']),
  nominateUntil: z.string(),
  voteUntil: z.string(),
  publicityUntil: z.string().nullable(),
  state: z.enum(awardStates),
  stateName: z.string(),
  nominees: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      reason: z.string(),
      state: z.enum(['nominated', 'accepted', 'rejected', 'awarded']),
      note: z.string().nullable(),
      votes: z.number(),
      mine: z.boolean(),
    }),
  ),
});
export type AwardRow = z.infer<typeof awardRow>;
