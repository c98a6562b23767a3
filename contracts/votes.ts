import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * 业主共同决定 (module `votes`, docs/RULES.md "Owners' votes"): the nine matters of Civil Code art. 278, and the
 * published ballot file anyone can recount with `linli votes tally FILE.json`.
 */
export const matters = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Matter = (typeof matters)[number];
export const matterNames: Record<Matter, { zh: string; en: string }> = {
  1: { zh: '制定和修改业主大会议事规则', en: 'Rules of procedure of the owners’ assembly' },
  2: { zh: '制定和修改管理规约', en: 'The management covenant' },
  3: { zh: '选举业主委员会或者更换业主委员会成员', en: 'Electing or replacing the owners’ committee' },
  4: { zh: '选聘和解聘物业服务企业或者其他管理人', en: 'Hiring or dismissing the property manager' },
  5: { zh: '使用建筑物及其附属设施的维修资金', en: 'Using the maintenance fund' },
  6: { zh: '筹集建筑物及其附属设施的维修资金', en: 'Raising the maintenance fund' },
  7: { zh: '改建、重建建筑物及其附属设施', en: 'Renovating or rebuilding' },
  8: { zh: '改变共有部分的用途或者利用共有部分从事经营活动', en: 'Changing the use of common parts' },
  9: { zh: '有关共有和共同管理权利的其他重大事项', en: 'Other major common matters' },
};
/** Matters 6–8 need three quarters of the participants (area and heads); the others more than half. */
export const strictMatters: readonly Matter[] = [6, 7, 8];

/** An area in square metres as exact decimal text (at most 4 decimals): never a float near a threshold. */
export const area = z.string().regex(/^\d{1,9}(\.\d{1,4})?$/);
export const choices = ['agree', 'oppose', 'abstain'] as const;
export type Choice = (typeof choices)[number];

/**
 * The published ballot file (README "Recounting a vote"): the matter, every exclusive unit with its (pseudonymous)
 * owner and area — the developer's unsold units marked — and every owner's ballot. Owners who did not vote have no
 * ballot. `nonVotersWithMajority` is the estate's rule of procedure (off when absent).
 */
export const ballotFile = z
  .object({
    matter: z.number().int().min(1).max(9),
    units: z
      .array(
        z.object({
          unit: z.string().min(1).max(40),
          owner: z.string().min(1).max(40),
          area,
          developerUnsold: z.boolean().optional(),
        }),
      )
      .min(1),
    ballots: z.array(z.object({ owner: z.string().min(1).max(40), choice: z.enum(choices) })),
    nonVotersWithMajority: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const units = new Set<string>();
    f.units.forEach((u, i) => {
      if (units.has(u.unit))
        ctx.addIssue({ code: 'custom', path: ['units', i, 'unit'], message: `duplicate unit ${u.unit}` });
      units.add(u.unit);
    });
    const owners = new Set(f.units.map((u) => u.owner));
    const voted = new Set<string>();
    f.ballots.forEach((b, i) => {
      if (!owners.has(b.owner))
        ctx.addIssue({ code: 'custom', path: ['ballots', i, 'owner'], message: `${b.owner} owns no unit here` });
      if (voted.has(b.owner))
        ctx.addIssue({ code: 'custom', path: ['ballots', i, 'owner'], message: `${b.owner} has two ballots` });
      voted.add(b.owner);
    });
  });
export type BallotFile = z.output<typeof ballotFile>;

/** A fraction a/b as exact decimal text and as its parts. */
export const measure = z.object({ value: z.string(), of: z.string(), share: z.string() });
export const tallyResult = z.object({
  matter: z.number(),
  matterName: z.string(),
  rule: z.object({
    quorum: z.string(),
    approval: z.string(),
    nonVotersWithMajority: z.boolean(),
  }),
  totals: z.object({ area: z.string(), heads: z.number() }),
  participating: z.object({ area: z.string(), heads: z.number() }),
  agreeing: z.object({ area: z.string(), heads: z.number() }),
  opposing: z.object({ area: z.string(), heads: z.number() }),
  abstaining: z.object({ area: z.string(), heads: z.number() }),
  /** Owners who did not vote, counted with the majority under the estate's rule (zero when the rule is off). */
  countedWithMajority: z.object({ area: z.string(), heads: z.number(), side: z.enum(['agree', 'oppose', 'none']) }),
  /** Both measures took part enough (two thirds of the area and of the owners), and each measure. */
  quorum: z.boolean(),
  quorumBy: z.object({ area: z.boolean(), heads: z.boolean() }),
  /** Both measures agreed enough for the matter (three quarters or more than half of those taking part), and each. */
  approval: z.boolean(),
  approvalBy: z.object({ area: z.boolean(), heads: z.boolean() }),
  passed: z.boolean(),
  /** The figures by measure: the whole estate, those taking part, those agreeing. */
  area: z.object({ total: z.string(), participating: z.string(), agree: z.string() }),
  heads: z.object({ total: z.number(), participating: z.number(), agree: z.number() }),
});
export type TallyResult = z.output<typeof tallyResult>;

const street = z.string().regex(/^\d{9}$/);
export const channels = ['online', 'paper', 'proxy'] as const;
export type Channel = (typeof channels)[number];
export const channelNames: Record<Channel, { zh: string; en: string }> = {
  online: { zh: '线上', en: 'Online' },
  paper: { zh: '纸质票', en: 'Paper' },
  proxy: { zh: '书面委托', en: 'Written proxy' },
};
export const choiceNames: Record<Choice, { zh: string; en: string }> = {
  agree: { zh: '同意', en: 'Agree' },
  oppose: { zh: '反对', en: 'Oppose' },
  abstain: { zh: '弃权', en: 'Abstain' },
};
export const areaSourceNames = {
  registered: { zh: '不动产登记面积', en: 'Registered' },
  surveyed: { zh: '实测面积', en: 'Surveyed' },
  contract: { zh: '合同面积', en: 'Contract' },
} as const;

/** A vote of an estate's owners: its items (each one matter of art. 278 — the matter decides the threshold). */
export const voteInput = z
  .object({
    community: z.string().regex(/^\d{12}$/),
    estateId: z.number().int().positive(),
    title: z.string().trim().min(2).max(100),
    meetingId: z.number().int().positive().nullable().default(null),
    opensAt: z.iso.datetime({ offset: true }),
    closesAt: z.iso.datetime({ offset: true }),
    nonVotersWithMajority: z.boolean().default(false),
    items: z
      .array(z.object({ matter: z.number().int().min(1).max(9), title: z.string().trim().min(2).max(200) }))
      .min(1)
      .max(20),
  })
  .refine((v) => Date.parse(v.closesAt) > Date.parse(v.opensAt), {
    path: ['closesAt'],
    error: bilingual({ zh: '表决截止时间须晚于开始时间', en: 'It must close after it opens' }),
  });
const choicePerItem = z
  .array(z.object({ no: z.number().int().min(1).max(20), choice: z.enum(choices) }))
  .min(1)
  .max(20);
/** An owner's own ballot on the phone, one choice per item. */
export const castInput = z.object({ street, choices: choicePerItem });
/** A paper ballot entered by the staff (its scan on file) or a written proxy (the signed authorisation on file). */
export const entryInput = z.object({
  street,
  voter: z.string().min(1).max(200),
  channel: z.enum(['paper', 'proxy']),
  choices: choicePerItem,
  fileId: z.number().int().positive(),
  proxyName: z.string().trim().min(2).max(50).nullable().default(null),
});
export const resolveInput = z.object({
  street,
  voter: z.string().min(1).max(200),
  item: z.number().int().min(1).max(20),
  keep: z.enum(channels),
  reason: z.string().trim().min(2).max(200),
});

export const counters = z.object({
  area: z.string(),
  heads: z.number(),
});
export const voteRow = z.object({
  id: z.number(),
  title: z.string(),
  estate: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  state: z.enum(['upcoming', 'open', 'counting', 'closed']),
  items: z.array(z.object({ no: z.number(), matter: z.number(), matterName: z.string(), title: z.string() })),
  totals: counters,
  participating: counters,
  passed: z.array(z.boolean()).nullable(),
});

/** A vote as an owner sees it on the phone: their own online choice per item, and the result once published. */
export const myVote = z.object({
  id: z.number(),
  street: z.string(),
  title: z.string(),
  estate: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  state: z.enum(['upcoming', 'open', 'counting', 'closed']),
  /** False for a joint owner who is not the one the owners named to vote. */
  mayVote: z.boolean(),
  items: z.array(
    z.object({
      no: z.number(),
      matter: z.number(),
      matterName: z.string(),
      title: z.string(),
      mine: z.enum(choices).nullable(),
      /** A paper ballot or a proxy is on file for this owner too (the staff resolve which counts). */
      otherChannel: z.boolean(),
      passed: z.boolean().nullable(),
    }),
  ),
  noticeId: z.number().nullable(),
});

const ballotSummary = z.object({
  channel: z.string(),
  channelName: z.string(),
  choice: z.string(),
  choiceName: z.string(),
});
/** A vote for the staff: the register, each item's tally (live until closed), entries to check, conflicts. */
export const voteDetail = z.object({
  id: z.number(),
  title: z.string(),
  estate: z.string(),
  state: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  snapshotAt: z.string(),
  nonVotersWithMajority: z.boolean(),
  noticeId: z.number().nullable(),
  electorate: z.object({
    units: z.number(),
    developerUnits: z.number(),
    developerArea: z.string(),
    surveyedAreas: z.number(),
    contractAreas: z.number(),
    jointOwners: z.number(),
    ownersOfSeveral: z.number(),
  }),
  items: z.array(
    z.object({ no: z.number(), matter: z.number(), matterName: z.string(), title: z.string(), tally: tallyResult }),
  ),
  pending: z.array(
    z.object({
      voter: z.string(),
      owner: z.string(),
      units: z.string(),
      enteredBy: z.string(),
      fileId: z.number().nullable(),
      at: z.string(),
    }),
  ),
  conflicts: z.array(
    z.object({
      voter: z.string(),
      owner: z.string(),
      units: z.string(),
      item: z.number(),
      ballots: z.array(ballotSummary),
    }),
  ),
});
/** An owner of the register as the staff entering a paper ballot see them (names masked). */
export const voterRow = z.object({
  voter: z.string(),
  owner: z.string(),
  names: z.string(),
  units: z.string(),
  area: z.string(),
  developer: z.boolean(),
  joint: z.boolean(),
  delegateIsSet: z.boolean(),
  ballots: z.array(ballotSummary.extend({ item: z.number(), pending: z.boolean() })),
});

/** 微实事: the phases of a participatory budget, in order. */
export const budgetPhases = ['upcoming', 'proposals', 'review', 'voting', 'selection', 'delivery', 'accounts'] as const;
export type BudgetPhase = (typeof budgetPhases)[number];
export const budgetPhaseNames: Record<BudgetPhase, { zh: string; en: string }> = {
  upcoming: { zh: '未开始', en: 'Not yet open' },
  proposals: { zh: '征集项目', en: 'Proposals' },
  review: { zh: '可行性审查', en: 'Feasibility review' },
  voting: { zh: '居民投票', en: 'Voting' },
  selection: { zh: '待确定入选项目', en: 'Selection' },
  delivery: { zh: '项目实施', en: 'Delivery' },
  accounts: { zh: '账目公开', en: 'Public accounts' },
};
export const budgetRuleNames = {
  approval: { zh: '限选K项（得票多者优先）', en: 'Approval: up to K projects' },
  knapsack: { zh: '预算内任选（所选项目总额不超过预算）', en: 'Knapsack: any projects within the budget' },
} as const;
/** The selection rule printed beside every result. */
export const selectionRule =
  '按得票从多到少依次入选；剩余预算不足以支付的项目跳过，继续考虑下一个；得票相同的，预算少者优先，再相同的，先提出者优先。';
/** Money in yuan as exact decimal text (two decimals at most). */
export const money = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, {
  error: bilingual({ zh: '金额格式不正确（元，最多两位小数）', en: 'Yuan, at most two decimals' }),
});
const day = z.iso.date();

export const budgetInput = z
  .object({
    community: z.string().regex(/^\d{12}$/),
    title: z.string().trim().min(2).max(60),
    amount: money,
    rule: z.enum(['approval', 'knapsack']),
    maxChoices: z.number().int().min(1).max(20).nullable().default(null),
    proposalsFrom: day,
    proposalsTo: day,
    reviewTo: day,
    votingFrom: day,
    votingTo: day,
    deliveryTo: day,
  })
  .refine(
    (b) =>
      b.proposalsFrom <= b.proposalsTo &&
      b.proposalsTo <= b.reviewTo &&
      b.reviewTo < b.votingFrom &&
      b.votingFrom <= b.votingTo &&
      b.votingTo <= b.deliveryTo,
    {
      path: ['votingFrom'],
      error: bilingual({
        zh: '各阶段日期须依次排列：征集 → 审查 → 投票 → 实施',
        en: 'The phases in order: proposals, review, voting, delivery',
      }),
    },
  )
  .refine((b) => (b.rule === 'approval') === (b.maxChoices !== null), {
    path: ['maxChoices'],
    error: bilingual({ zh: '限选规则须填写每人最多可选几项', en: 'Approval voting needs K' }),
  });
export const proposalInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  title: z.string().trim().min(4).max(60),
  detail: z.string().trim().max(2000).default(''),
  place: z.string().trim().min(2).max(100),
  cost: money,
  organisation: z.string().trim().min(2).max(60).nullable().default(null),
});
export const reviewInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  decision: z.enum(['accepted', 'merged', 'rejected']),
  reason: z.string().trim().max(300).default(''),
  mergeInto: z.number().int().positive().nullable().default(null),
});
export const budgetBallotInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  proposalIds: z.array(z.number().int().positive()).min(1).max(50),
});
export const milestoneInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  title: z.string().trim().min(2).max(100),
  note: z.string().trim().max(1000).default(''),
  doneOn: day,
});
export const spendingInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  item: z.string().trim().min(2).max(100),
  payee: z.string().trim().min(2).max(60),
  amount: money,
  paidOn: day,
  voucher: z.string().trim().min(1).max(40),
});

export const proposalRow = z.object({
  id: z.number(),
  title: z.string(),
  detail: z.string(),
  place: z.string(),
  cost: z.string(),
  by: z.string(),
  state: z.enum(['submitted', 'accepted', 'merged', 'rejected']),
  reason: z.string().nullable(),
  mergedInto: z.number().nullable(),
  votes: z.number().nullable(),
  selected: z.boolean().nullable(),
  mine: z.boolean(),
  spent: z.string(),
  milestones: z.array(
    z.object({ title: z.string(), note: z.string(), doneOn: z.string(), photo: z.boolean(), id: z.number() }),
  ),
  spending: z.array(
    z.object({ item: z.string(), payee: z.string(), amount: z.string(), paidOn: z.string(), voucher: z.string() }),
  ),
});
export const budgetRow = z.object({
  id: z.number(),
  street: z.string(),
  title: z.string(),
  amount: z.string(),
  rule: z.enum(['approval', 'knapsack']),
  ruleName: z.string(),
  maxChoices: z.number().nullable(),
  phase: z.enum(budgetPhases),
  phaseName: z.string(),
  dates: z.object({
    proposalsFrom: z.string(),
    proposalsTo: z.string(),
    reviewTo: z.string(),
    votingFrom: z.string(),
    votingTo: z.string(),
    deliveryTo: z.string(),
  }),
  ballots: z.number(),
});
export const budgetDetail = budgetRow.extend({
  proposals: z.array(proposalRow),
  /** The reader's own ballot (the proposals chosen), if they voted. */
  myBallot: z.array(z.number()).nullable(),
  selection: z
    .object({
      rule: z.string(),
      selectedTotal: z.string(),
      remaining: z.string(),
      rows: z.array(
        z.object({
          id: z.number(),
          rank: z.number(),
          votes: z.number(),
          cost: z.string(),
          selected: z.boolean(),
          note: z.string(),
        }),
      ),
    })
    .nullable(),
  accounts: z.object({ allocated: z.string(), spent: z.string(), unspent: z.string() }),
});

/** An estate's register before a vote: units, owners by heads, area, the developer's share, and houses without area. */
export const electoratePreview = z.object({
  units: z.number(),
  heads: z.number(),
  area: z.string(),
  developerUnits: z.number(),
  developerArea: z.string(),
  jointOwners: z.number(),
  ownersOfSeveral: z.number(),
  surveyedAreas: z.number(),
  contractAreas: z.number(),
  missing: z.array(z.string()),
});
