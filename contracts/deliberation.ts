import { z } from 'zod';
import { bilingual } from './i18n.js';
import { roles } from './roles.js';

/**
 * 大家的事大家议 (module `deliberation`, docs/DOMAIN.md "Deliberation and publicity"): meetings on their schedules,
 * topics through 一征三议两公开, surveys and notices (党务公开·居务公开).
 */

export const meetingKinds = [
  'talk_day',
  'building_leaders',
  'doorstep',
  'pre_consult',
  'representatives',
  'residents',
  'owners',
] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingKindNames: Record<MeetingKind, { zh: string; en: string }> = {
  talk_day: { zh: '居民恳谈日', en: 'Residents’ talk day' },
  building_leaders: { zh: '楼栋长例会', en: 'Building leaders’ meeting' },
  doorstep: { zh: '家门口议事会', en: 'Doorstep council' },
  pre_consult: { zh: '两代表一委员预协商', en: 'Deputies’ pre-consultation' },
  representatives: { zh: '居民代表会议', en: 'Residents’ representatives meeting' },
  residents: { zh: '居民会议', en: 'Residents’ meeting' },
  owners: { zh: '业主大会', en: 'Owners’ assembly' },
};
/**
 * The quorum of each kind (docs/RULES.md "Deliberation"): a residents' (representatives') meeting needs more than
 * half of those invited present and decides by more than half of those present (居民委员会组织法 art. 10); an owners'
 * assembly two thirds (Civil Code art. 278, by heads here; the votes module counts area too); the consultative
 * kinds have none — attendance is shown.
 */
export const quorumRules: Record<MeetingKind, 'half' | 'two_thirds' | 'none'> = {
  talk_day: 'none',
  building_leaders: 'none',
  doorstep: 'none',
  pre_consult: 'none',
  representatives: 'half',
  residents: 'half',
  owners: 'two_thirds',
};
/** Where a topic's decision (决议) may be taken: a residents' or representatives' meeting. */
export const decidingKinds: readonly MeetingKind[] = ['representatives', 'residents'];

export const stepKeys = ['propose', 'deliberate', 'decide', 'publish_decision', 'publish_result'] as const;
export type StepKey = (typeof stepKeys)[number];
export const stepNames: Record<StepKey | 'solicit', { zh: string; en: string }> = {
  solicit: { zh: '征集议题', en: 'Solicited' },
  propose: { zh: '党组织提议', en: 'Party organisation proposes' },
  deliberate: { zh: '两委商议', en: 'The two committees deliberate' },
  decide: { zh: '居民（代表）会议决议', en: 'The residents’ meeting decides' },
  publish_decision: { zh: '决议公开', en: 'Decision published' },
  publish_result: { zh: '实施结果公开', en: 'Result published' },
};

export const noticeCategories = ['party', 'residents', 'finance', 'service', 'urgent'] as const;
export type NoticeCategory = (typeof noticeCategories)[number];
export const noticeCategoryNames: Record<NoticeCategory, { zh: string; en: string }> = {
  party: { zh: '党务公开', en: 'Party affairs' },
  residents: { zh: '居务公开', en: 'Residents’ affairs' },
  finance: { zh: '财务公开', en: 'Accounts' },
  service: { zh: '服务公告', en: 'Services' },
  urgent: { zh: '紧急通知', en: 'Urgent' },
};

const community = z.string().regex(/^\d{12}$/);
const openTags = ['party_member', 'volunteer', 'building_leader', 'deputy'] as const;
/** Who is invited: by role in the community, resident tag, grid, building, or named accounts. */
export const invite = z.object({
  roles: z.array(z.enum(roles)).max(10).default([]),
  tags: z.array(z.enum(openTags)).max(4).default([]),
  grids: z
    .array(z.string().regex(/^\d{15}$/))
    .max(50)
    .default([]),
  buildings: z.array(z.number().int().positive()).max(200).default([]),
  users: z.array(z.number().int().positive()).max(500).default([]),
});
export type Invite = z.output<typeof invite>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const url = z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(300)]);
/** A recurrence: the nth day of the month, the nth weekday of the month, or an RFC 5545 rule. */
export const recurrence = z.discriminatedUnion('type', [
  z.object({ type: z.literal('monthly_day'), day: z.number().int().min(1).max(28) }),
  z.object({
    type: z.literal('monthly_weekday'),
    nth: z.number().int().min(1).max(4),
    weekday: z.number().int().min(1).max(7),
  }),
  z.object({
    type: z.literal('weekly'),
    weekday: z.number().int().min(1).max(7),
    every: z.number().int().min(1).max(4),
  }),
]);
export const seriesInput = z.object({
  community,
  kind: z.enum(meetingKinds),
  title: z.string().trim().min(2).max(60),
  recurrence,
  startsOn: z.iso.date(),
  time: hhmm,
  durationMinutes: z.number().int().min(15).max(720).default(90),
  venue: z.string().trim().max(100).default(''),
  remoteUrl: url.default(''),
  invite: invite.default({ roles: [], tags: [], grids: [], buildings: [], users: [] }),
  /** How many months of meetings to put on the calendar now (the job keeps a year ahead). */
  months: z.number().int().min(1).max(24).default(12),
});
export const meetingInput = z
  .object({
    community,
    kind: z.enum(meetingKinds),
    title: z.string().trim().min(2).max(60),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    venue: z.string().trim().max(100).default(''),
    remoteUrl: url.default(''),
    invite: invite.default({ roles: [], tags: [], grids: [], buildings: [], users: [] }),
  })
  .refine((m) => Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    path: ['endsAt'],
    error: bilingual({ zh: '结束时间须晚于开始时间', en: 'The end must come after the start' }),
  })
  .refine((m) => m.venue || m.remoteUrl, {
    path: ['venue'],
    error: bilingual({ zh: '请填写会议地点或线上会议链接', en: 'A place or a remote link' }),
  });
export const meetingRow = z.object({
  id: z.number(),
  kind: z.enum(meetingKinds),
  kindName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string(),
  remoteUrl: z.string(),
  /** Moved off a statutory holiday: the day the rule gave and why. */
  movedFrom: z.string().nullable(),
  movedReason: z.string().nullable(),
  state: z.enum(['scheduled', 'held', 'cancelled']),
  invited: z.number(),
  present: z.number(),
  quorum: z.enum(['half', 'two_thirds', 'none']),
  quorumMet: z.boolean().nullable(),
  /** The party module's 联席会议, shown on the same calendar. */
  source: z.enum(['deliberation', 'party']),
  attending: z.boolean(),
  /** The agenda planned before the meeting (议程): topics by their title, and other items. */
  agenda: z.array(z.string()),
});

/** An item of a meeting's agenda: a topic of the community, or an item in words (the topic's title is kept). */
export const agendaItem = z
  .object({
    topicId: z.number().int().positive().nullable().default(null),
    text: z.string().trim().max(200).default(''),
  })
  .refine((a) => a.topicId !== null || a.text.length >= 2, {
    path: ['text'],
    error: bilingual({ zh: '议程事项须选择议题或填写内容（至少2个字）', en: 'A topic or at least two characters' }),
  });
export type AgendaItem = z.output<typeof agendaItem>;
export const agendaInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  items: z.array(agendaItem).max(20, { error: bilingual({ zh: '议程最多20项', en: 'At most 20 items' }) }),
});
/** An account of the community that can be invited by name (no phone, no number). */
export const inviteePerson = z.object({ id: z.number(), name: z.string(), roles: z.string() });

export const topicInput = z.object({
  community,
  title: z.string().trim().min(4).max(60),
  detail: z.string().trim().max(2000).default(''),
});
export const stepInput = z.object({
  step: z.enum(stepKeys),
  text: z.string().trim().min(2).max(4000),
  meetingId: z.number().int().positive().nullable().default(null),
  /** The decision's vote (决议): for, against, abstain, and how many were present. */
  votes: z
    .object({
      for: z.number().int().min(0).max(100_000),
      against: z.number().int().min(0).max(100_000),
      abstain: z.number().int().min(0).max(100_000),
    })
    .nullable()
    .default(null),
});
export const topicRow = z.object({
  id: z.number(),
  title: z.string(),
  detail: z.string(),
  source: z.string(),
  step: z.enum(['solicit', ...stepKeys]),
  stepName: z.string(),
  state: z.enum(['open', 'completed', 'withdrawn']),
  dueAt: z.string(),
  overdue: z.boolean(),
  supporters: z.number(),
  supported: z.boolean(),
  mine: z.boolean(),
  withdrawnReason: z.string().nullable(),
  createdAt: z.string(),
  caseId: z.number().nullable(),
  /** The case carrying out the decision. */
  resolutionCaseId: z.number().nullable(),
});
/** An attachment's name and size (its bytes at /api/deliberation/files/{id}, or the public route when published). */
export const fileItem = z.object({ id: z.number(), name: z.string(), mime: z.string(), size: z.number() });
export const stepRow = z.object({
  id: z.number(),
  step: z.enum(stepKeys),
  stepName: z.string(),
  by: z.string().nullable(),
  at: z.string(),
  meeting: z.string().nullable(),
  text: z.string(),
  votes: z.object({ for: z.number(), against: z.number(), abstain: z.number(), present: z.number() }).nullable(),
  quorumMet: z.boolean().nullable(),
  passed: z.boolean().nullable(),
  counts: z.boolean(),
  files: z.array(fileItem),
});

export const questionKinds = ['single', 'multiple', 'rating', 'text'] as const;
export const question = z
  .object({
    kind: z.enum(questionKinds),
    text: z.string().trim().min(2).max(200),
    options: z.array(z.string().trim().min(1).max(60)).max(12).default([]),
  })
  .refine((q) => (q.kind === 'single' || q.kind === 'multiple' ? q.options.length >= 2 : q.options.length === 0), {
    path: ['options'],
    error: bilingual({ zh: '单选、多选题至少两个选项（其他题型不设选项）', en: 'Choices need two options or more' }),
  });
export type Question = z.output<typeof question>;
export const surveyInput = z
  .object({
    /** A community, or a street's code for a survey of the whole street. */
    community: z.string().regex(/^\d{9}(\d{3})?$/),
    title: z.string().trim().min(2).max(60),
    intro: z.string().trim().max(1000).default(''),
    questions: z.array(question).min(1).max(30),
    /** The audience: some grids of the community (none: the whole community). */
    grids: z
      .array(z.string().regex(/^\d{15}$/))
      .max(50)
      .default([]),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
  })
  .refine((s) => Date.parse(s.closesAt) > Date.parse(s.opensAt), {
    path: ['closesAt'],
    error: bilingual({ zh: '截止时间须晚于开始时间', en: 'It must close after it opens' }),
  });
export const answer = z.union([z.number().int(), z.array(z.number().int()), z.string().max(1000), z.null()]);

export const financeTable = z.object({
  columns: z.array(z.string().trim().min(1).max(30)).min(1).max(10),
  rows: z.array(z.array(z.string().max(60))).max(200),
});
export const noticeInput = z
  .object({
    /** The street, a community or a grid. */
    region: z.string().regex(/^\d{9}(\d{3})?(\d{3})?$/),
    buildingId: z.number().int().positive().nullable().default(null),
    category: z.enum(noticeCategories),
    audience: z.enum(['public', 'staff']).default('public'),
    role: z.enum(roles).nullable().default(null),
    title: z.string().trim().min(2).max(80),
    body: z.string().trim().min(2).max(8000),
    finance: financeTable.nullable().default(null),
    pinned: z.boolean().default(false),
    publishAt: z.iso.datetime({ offset: true }),
    withdrawAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .refine((n) => !n.withdrawAt || Date.parse(n.withdrawAt) > Date.parse(n.publishAt), {
    path: ['withdrawAt'],
    error: bilingual({ zh: '撤下时间须晚于发布时间', en: 'It must be withdrawn after it is published' }),
  });

/** The street's deliberation settings. */
export const deliberationSettingsSchema = z.object({
  /** Days each step of 一征三议两公开 may take after the one before (then it shows overdue). */
  stepDays: z
    .object({
      propose: z.number().int().min(1).max(365),
      deliberate: z.number().int().min(1).max(365),
      decide: z.number().int().min(1).max(365),
      publish_decision: z.number().int().min(1).max(365),
      publish_result: z.number().int().min(1).max(730),
    })
    .default({ propose: 15, deliberate: 15, decide: 30, publish_decision: 7, publish_result: 90 }),
  /** Supporters a resident's topic needs before the community must take it up (shown; 0: none). */
  supportToTakeUp: z.number().int().min(0).max(1000).default(10),
});
export type DeliberationSettings = z.output<typeof deliberationSettingsSchema>;
