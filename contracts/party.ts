import { z } from 'zod';
import { bilingual } from './i18n.js';

/**
 * The party organisation (module `party`, docs/DOMAIN.md §4): street 大工委 → community 党委 →
 * branches 支部 → groups 党小组 → members, 双报到 and service records.
 */
export const orgLevels = ['working_committee', 'committee', 'branch', 'group'] as const;
export type OrgLevel = (typeof orgLevels)[number];
export const orgLevelNames: Record<OrgLevel, { zh: string; en: string }> = {
  working_committee: { zh: '街道大工委', en: 'Street working committee' },
  committee: { zh: '社区党委', en: 'Community party committee' },
  branch: { zh: '党支部', en: 'Party branch' },
  group: { zh: '党小组', en: 'Party group' },
};

/** What a branch or group is of. */
export const orgKinds = ['general', 'grid', 'estate', 'complex', 'unit', 'team', 'building'] as const;
export type OrgKind = (typeof orgKinds)[number];
export const orgKindNames: Record<OrgKind, { zh: string; en: string }> = {
  general: { zh: '综合', en: 'General' },
  grid: { zh: '网格', en: 'Grid' },
  estate: { zh: '小区', en: 'Estate' },
  complex: { zh: '楼群', en: 'Building complex' },
  unit: { zh: '单位', en: 'Unit' },
  team: { zh: '志愿服务队', en: 'Volunteer team' },
  building: { zh: '楼栋', en: 'Building' },
};

export const officerPosts = [
  'secretary',
  'deputy_secretary',
  'organization',
  'propaganda',
  'discipline',
  'group_leader',
  'member',
] as const;
export type OfficerPost = (typeof officerPosts)[number];
export const officerPostNames: Record<OfficerPost, { zh: string; en: string }> = {
  secretary: { zh: '书记', en: 'Secretary' },
  deputy_secretary: { zh: '副书记', en: 'Deputy secretary' },
  organization: { zh: '组织委员', en: 'Organisation member' },
  propaganda: { zh: '宣传委员', en: 'Publicity member' },
  discipline: { zh: '纪检委员', en: 'Discipline member' },
  group_leader: { zh: '党小组长', en: 'Group leader' },
  member: { zh: '兼职委员', en: 'Part-time member' },
};

export const memberStatuses = ['full', 'probationary'] as const;
export const memberRelations = ['local', 'in_service', 'floating'] as const;
export const memberCategories = ['in_service', 'retired', 'floating', 'retired_cadre'] as const;
export const memberStatusNames = {
  full: { zh: '正式党员', en: 'Full member' },
  probationary: { zh: '预备党员', en: 'Probationary' },
};
export const memberRelationNames = {
  local: { zh: '关系在本社区', en: 'Registered here' },
  in_service: { zh: '在职（关系在外单位）', en: 'In service elsewhere' },
  floating: { zh: '流动党员', en: 'Floating' },
};
export const memberCategoryNames = {
  in_service: { zh: '在职', en: 'In service' },
  retired: { zh: '退休', en: 'Retired' },
  floating: { zh: '流动', en: 'Floating' },
  retired_cadre: { zh: '离退休干部', en: 'Retired cadre' },
};

const name = (max: number) => z.string().trim().min(2).max(max);
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  error: bilingual({ zh: '日期格式应为 YYYY-MM-DD', en: 'A date is YYYY-MM-DD' }),
});

export const orgInput = z.object({
  level: z.enum(orgLevels),
  kind: z.enum(orgKinds).default('general'),
  name: name(60),
  /** The organisation above (none for a street's working committee). */
  parentId: z.number().int().positive().nullable().default(null),
  /** The region node it serves: the street, the community, or (a grid branch) the grid. */
  region: z.string().regex(/^\d{9}(\d{3}){0,2}$/),
  estateId: z.number().int().positive().nullable().default(null),
  buildingId: z.number().int().positive().nullable().default(null),
  agencyId: z.number().int().positive().nullable().default(null),
});
export type OrgInput = z.input<typeof orgInput>;

export const orgMove = z.object({ parentId: z.number().int().positive(), name: name(60).optional() });

export const officerItem = z.object({
  id: z.number(),
  post: z.enum(officerPosts),
  postName: z.string(),
  name: z.string(),
  partTime: z.boolean(),
  unit: z.string().nullable(),
  termStart: z.string(),
  termEnd: z.string().nullable(),
});

/** One organisation in the tree: names and counts only (who the members are is not public). */
export type OrgNode = {
  id: number;
  level: OrgLevel;
  levelName: string;
  kind: OrgKind;
  name: string;
  region: string;
  regionName: string;
  building: string | null;
  estate: string | null;
  members: number;
  officers: z.infer<typeof officerItem>[];
  children: OrgNode[];
};
export const orgNode: z.ZodType<OrgNode> = z.lazy(() =>
  z.object({
    id: z.number(),
    level: z.enum(orgLevels),
    levelName: z.string(),
    kind: z.enum(orgKinds),
    name: z.string(),
    region: z.string(),
    regionName: z.string(),
    building: z.string().nullable(),
    estate: z.string().nullable(),
    members: z.number(),
    officers: z.array(officerItem),
    children: z.array(orgNode),
  }),
);
export const orgTree = z.object({ roots: z.array(orgNode), canManage: z.boolean(), canReadMembers: z.boolean() });
export const orgTreeQuery = z.object({
  community: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

export const memberInput = z.object({
  orgId: z.number().int().positive(),
  /** The resident record of the member, when they live in the street. */
  residentId: z.number().int().positive().nullable().default(null),
  name: name(30),
  status: z.enum(memberStatuses).default('full'),
  joinedOn: day,
  relation: z.enum(memberRelations).default('local'),
  category: z.enum(memberCategories).default('retired'),
  /** 亮身份: the household shows 共产党员户. */
  householdMarked: z.boolean().default(false),
});

export const memberItem = z.object({
  id: z.number(),
  name: z.string(),
  org: z.string(),
  status: z.string(),
  relation: z.string(),
  category: z.string(),
  joinedOn: z.string(),
  householdMarked: z.boolean(),
  address: z.string().nullable(),
  post: z.string().nullable(),
  servicesThisYear: z.number(),
  hoursThisYear: z.number(),
});
export const memberList = z.object({ items: z.array(memberItem) });

export const postInput = z.object({ community: z.string().regex(/^\d{12}$/), name: name(20) });
export const postList = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), holders: z.number() })),
});

/** 双报到: an in-service member reports to the community where they live. */
export const dualRegistrationInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  employer: name(60),
  note: z.string().trim().max(200).default(''),
});
export const dualDecision = z.object({
  approve: z.boolean(),
  postId: z.number().int().positive().nullable().default(null),
  note: z.string().trim().max(200).default(''),
});
export const boardStates = ['requested', 'approved', 'serving', 'silent', 'rejected'] as const;
export const boardStateNames = {
  requested: { zh: '待审核', en: 'Waiting' },
  approved: { zh: '已报到，未服务', en: 'Registered, no service yet' },
  serving: { zh: '服务中', en: 'Serving' },
  silent: { zh: '本年未达最低服务次数', en: 'Below the yearly minimum' },
  rejected: { zh: '未通过', en: 'Not approved' },
};
export const boardItem = z.object({
  id: z.number(),
  memberId: z.number(),
  name: z.string(),
  employer: z.string(),
  state: z.enum(boardStates),
  stateName: z.string(),
  post: z.string().nullable(),
  requestedAt: z.string(),
  servicesThisYear: z.number(),
  hoursThisYear: z.number(),
});
export const board = z.object({
  items: z.array(boardItem),
  counts: z.record(z.string(), z.number()),
  yearlyMinimum: z.number(),
});
export const boardQuery = z.object({ community: z.string().regex(/^\d{12}$/) });

export const serviceInput = z.object({
  servedOn: day,
  hours: z.number().positive().max(24),
  what: z.string().trim().min(2).max(200),
});
export const serviceItem = z.object({ id: z.number(), servedOn: z.string(), hours: z.number(), what: z.string() });

/** A member's own record, on their phone. */
export const myParty = z.object({
  member: z.object({
    id: z.number(),
    name: z.string(),
    org: z.string(),
    status: z.string(),
    category: z.string(),
    post: z.string().nullable(),
    registration: z.object({ community: z.string(), state: z.string(), stateName: z.string() }).nullable(),
  }),
  services: z.array(serviceItem),
  thisYear: z.object({ services: z.number(), hours: z.number(), minimum: z.number() }),
});

export const partySettingsSchema = z.object({
  /** Services a member who reported (双报到) should give each year; fewer shows them as silent on the board. */
  yearlyMinimumServices: z.number().int().min(0).max(100).default(4),
});

/** 党建联盟: co-building agreements and joint meetings. */
export const agreementItemKinds = ['activity', 'resource', 'team'] as const;
export const agreementItemKindNames = {
  activity: { zh: '活动共办', en: 'Joint activities' },
  resource: { zh: '资源共享', en: 'Shared resources' },
  team: { zh: '组队共建', en: 'Joint teams' },
};
export const agreementInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  agencyId: z.number().int().positive(),
  title: name(80),
  signedOn: day,
  termEnd: day,
  items: z
    .array(
      z.object({
        kind: z.enum(agreementItemKinds),
        what: name(100),
        target: z.number().positive({
          error: bilingual({ zh: '约定数量必须大于 0', en: 'The agreed measure must be above 0' }),
        }),
        unit: z.string().trim().min(1).max(10),
      }),
    )
    .min(1)
    .max(30),
});
export const progressInput = z.object({
  doneOn: day,
  amount: z.number().positive({ error: bilingual({ zh: '完成数量必须大于 0', en: 'The amount must be above 0' }) }),
  note: z.string().trim().max(200).default(''),
});
export const meetingInput = z.object({
  community: z.string().regex(/^\d{12}$/),
  title: name(80),
  heldOn: day,
  attendees: z.string().trim().max(500).default(''),
  minutes: z.string().trim().max(4000).default(''),
  resolutions: z
    .array(
      z.object({
        what: name(200),
        leadAgencyId: z.number().int().positive(),
        assistAgencyIds: z.array(z.number().int().positive()).max(10).default([]),
        /** The deadline: a date, or a number of working days after the meeting (the street's calendar). */
        dueOn: day.optional(),
        workingDays: z.number().int().min(1).max(250).optional(),
      }),
    )
    .max(20)
    .default([]),
});
export const resolutionStates = ['open', 'overdue', 'done'] as const;
export const resolutionStateNames = {
  open: { zh: '办理中', en: 'Open' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  done: { zh: '已完成', en: 'Done' },
};
export const alliance = z.object({
  agreements: z.array(
    z.object({
      id: z.number(),
      unit: z.string(),
      title: z.string(),
      signedOn: z.string(),
      termEnd: z.string(),
      /** The signed file's name, when one was attached. */
      fileName: z.string().nullable(),
      items: z.array(
        z.object({
          id: z.number(),
          kind: z.string(),
          kindName: z.string(),
          what: z.string(),
          target: z.number(),
          done: z.number(),
          unit: z.string(),
        }),
      ),
    }),
  ),
  meetings: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      heldOn: z.string(),
      attendees: z.string(),
      resolutions: z.array(
        z.object({
          id: z.number(),
          what: z.string(),
          lead: z.string(),
          assisting: z.array(z.string()),
          dueOn: z.string(),
          doneOn: z.string().nullable(),
          state: z.enum(resolutionStates),
          stateName: z.string(),
          caseId: z.number().nullable(),
          caseStatus: z.string().nullable(),
          /** Put out to party members; and whether one claimed it (who is not shown here). */
          forMembers: z.boolean(),
          claimed: z.boolean(),
        }),
      ),
    }),
  ),
  overdue: z.number(),
});
