import { z } from 'zod';
import { pageQuery, saneDate } from './text.js';

/** Resident tags of docs/DOMAIN.md "The place tree and the registry": they drive visits, care, votes and points. */
export const residentTags = [
  'party_member',
  'working_party_member',
  'retired_party_member',
  'volunteer',
  'building_leader',
  'deputy',
  'living_alone',
  'empty_nest',
  'subsistence',
  'disabled',
  'special_care',
  'left_behind_child',
] as const;
export type ResidentTag = (typeof residentTags)[number];

export const tagNames: Record<ResidentTag, { zh: string; en: string }> = {
  party_member: { zh: '党员', en: 'Party member' },
  working_party_member: { zh: '在职党员', en: 'Working party member' },
  retired_party_member: { zh: '退休党员', en: 'Retired party member' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  building_leader: { zh: '楼栋长', en: 'Building leader' },
  deputy: { zh: '两代表一委员', en: 'Deputy' },
  living_alone: { zh: '独居老人', en: 'Elderly living alone' },
  empty_nest: { zh: '空巢老人', en: 'Empty-nest elderly' },
  subsistence: { zh: '低保', en: 'Subsistence allowance' },
  disabled: { zh: '残疾', en: 'Disability' },
  special_care: { zh: '优抚对象', en: 'Special care' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
};

/**
 * Sensitive personal information (PIPL art. 28; docs/RULES.md): specific identity and special-group
 * flags. Only roles that care for these residents read them; everyone else sees the record
 * without them.
 */
export const sensitiveTags: readonly ResidentTag[] = [
  'living_alone',
  'empty_nest',
  'subsistence',
  'disabled',
  'special_care',
  'left_behind_child',
];

export const buildingUses = ['residential', 'office', 'shop'] as const;
export const buildingUseNames = {
  residential: { zh: '住宅', en: 'Residential' },
  office: { zh: '商务楼宇', en: 'Office' },
  shop: { zh: '商铺', en: 'Shop' },
} as const;
export const occupancies = ['owner', 'rented', 'vacant'] as const;
export const occupancyNames = {
  owner: { zh: '自住', en: 'Owner-occupied' },
  rented: { zh: '出租', en: 'Rented' },
  vacant: { zh: '空置', en: 'Vacant' },
} as const;
export const residenceTypes = ['registered', 'resident', 'floating'] as const;
export const residenceTypeNames = {
  registered: { zh: '户籍', en: 'Registered' },
  resident: { zh: '常住', en: 'Resident' },
  floating: { zh: '流动', en: 'Floating' },
} as const;
export const residentStatuses = ['active', 'moved_out', 'deceased'] as const;
export const relations = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '祖父母', '其他'] as const;

export const residentSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Masked: 350102********123X. */
  idNumber: z.string().nullable(),
  /** Masked: 138****5678. */
  phone: z.string().nullable(),
  sex: z.enum(['M', 'F']).nullable(),
  age: z.number().int().nullable(),
  relation: z.string().nullable(),
  residenceType: z.enum(residenceTypes),
  status: z.enum(residentStatuses),
  /** Sensitive tags only for roles that may read them. */
  tags: z.array(z.enum(residentTags)),
  householdId: z.number().int().nullable(),
  address: z.string().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
});
export type ResidentSummary = z.infer<typeof residentSummary>;

export const residentQuery = z.object({
  /** Part of a name or an address (Chinese words), e.g. 王秀英, 3号楼. */
  q: z.string().trim().max(40).optional(),
  /** An exact ID number (found by its keyed hash, never by a scan). */
  idNumber: z.string().trim().max(24).optional(),
  /** A region node: the residents of that community or grid. */
  region: z
    .string()
    .regex(/^\d{9,18}$/)
    .optional(),
  /** One or more tags (comma-separated): residents with all of them. */
  tags: z
    .string()
    .max(300)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const list = s.split(',').filter(Boolean);
      const bad = list.find((t) => !(residentTags as readonly string[]).includes(t));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `未知标签 ${bad} / unknown tag ${bad}` });
        return z.NEVER;
      }
      return list as ResidentTag[];
    }),
  status: z.enum(residentStatuses).default('active'),
  ...pageQuery(20),
});

export const residentPage = z
  .object({ total: z.number().int(), items: z.array(residentSummary) })
  .meta({ id: 'ResidentPage' });
export type ResidentPage = z.infer<typeof residentPage>;

export const gridStat = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number().int(),
  residents: z.number().int(),
  buildings: z.number().int(),
  /** Against the sizing rule: below, within or above 300–500 households / ≤ 2,500 residents. */
  sizing: z.enum(['under', 'ok', 'over']),
  staff: z.array(z.object({ role: z.string(), name: z.string() })),
  /** 管线: business lines' staff assigned to the grid. */
  lines: z.array(z.object({ line: z.string(), person: z.string(), unit: z.string().nullable() })),
});
export const gridStats = z
  .object({
    rule: z.object({
      minHouseholds: z.number().int(),
      maxHouseholds: z.number().int(),
      maxResidents: z.number().int(),
    }),
    grids: z.array(gridStat),
  })
  .meta({ id: 'GridStats' });
export type GridStats = z.infer<typeof gridStats>;

export const householdMember = residentSummary;

export const houseDetail = z.object({
  id: z.number().int(),
  unit: z.string(),
  room: z.string(),
  /** Exclusive area in m², exact (a decimal string). */
  area: z.string().nullable(),
  occupancy: z.enum(occupancies),
  /** Current owners (past ones are kept as history). */
  owners: z.array(z.string()),
  households: z.array(
    z.object({ id: z.number().int(), number: z.string(), head: z.string().nullable(), members: z.number().int() }),
  ),
});

export const buildingSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  estate: z.string().nullable(),
  address: z.string().nullable(),
  use: z.enum(buildingUses),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  houses: z.number().int(),
  households: z.number().int(),
  residents: z.number().int(),
});
export const buildingList = z.object({ items: z.array(buildingSummary) }).meta({ id: 'BuildingList' });
export type BuildingList = z.infer<typeof buildingList>;

export const buildingDetail = buildingSummary
  .extend({ floors: z.number().int().nullable(), units: z.number().int().nullable(), housesList: z.array(houseDetail) })
  .meta({ id: 'BuildingDetail' });
export type BuildingDetail = z.infer<typeof buildingDetail>;

export const householdDetail = z
  .object({
    id: z.number().int(),
    number: z.string(),
    address: z.string(),
    buildingId: z.number().int(),
    area: z.string().nullable(),
    occupancy: z.enum(occupancies),
    members: z.array(residentSummary),
    history: z.array(z.object({ at: z.string(), kind: z.string(), residentName: z.string().nullable() })),
  })
  .meta({ id: 'HouseholdDetail' });
export type HouseholdDetail = z.infer<typeof householdDetail>;

export const residentDetail = residentSummary
  .extend({
    birthDate: z.string().nullable(),
    history: z.array(z.object({ at: z.string(), kind: z.string(), detail: z.unknown() })),
    /** What this user may do with the record. */
    abilities: z.array(z.string()),
  })
  .meta({ id: 'ResidentDetail' });
export type ResidentDetail = z.infer<typeof residentDetail>;

export const revealResidentBody = z.object({
  field: z.enum(['idNumber', 'phone']),
  /** Why the full value is needed: recorded in the audit log. */
  reason: z.string().trim().min(2).max(200),
});

export const importStatus = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    status: z.enum(['running', 'done', 'rejected', 'failed']),
    mode: z.enum(['all', 'valid']),
    dryRun: z.boolean(),
    totalRows: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    problems: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })),
    summary: z.record(z.string(), z.number()).nullable(),
    message: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportStatus' });
export type ImportStatus = z.infer<typeof importStatus>;

/** A resident leaves, dies, or is back: the record stays, the status changes with a reason. */
export const residentStatusBody = z.object({
  status: z.enum(['moved_out', 'deceased', 'active']),
  note: z.string().trim().min(2).max(200),
});
/** A change of owners from a date (the old owners stay as history). */
export const houseOwnersBody = z.object({
  owners: z
    .array(z.object({ name: z.string().trim().min(1).max(100), residentId: z.number().int().positive().optional() }))
    .min(1)
    .max(20),
  since: saneDate,
});
const estateText = z.string().trim().max(100).nullable();
/** Who serves and governs an estate. */
export const estateChangeBody = z.object({
  propertyAgencyId: z.number().int().positive().nullable(),
  ownersCommittee: estateText,
  partyBranch: estateText,
});
export const estateItem = z.object({
  id: z.number(),
  name: z.string(),
  communityCode: z.string(),
  propertyAgencyId: z.number().nullable(),
  propertyCompany: z.string().nullable(),
  ownersCommittee: z.string().nullable(),
  partyBranch: z.string().nullable(),
  buildings: z.number(),
});
export type EstateItem = z.infer<typeof estateItem>;
export const estatesQuery = z.object({ community: z.string().regex(/^\d{12}$/) });
/** The business lines' staff of a grid (管线包片). */
export const gridLinesBody = z.object({
  lines: z
    .array(
      z.object({
        line: z.string().trim().min(1).max(20),
        person: z.string().trim().min(1).max(50),
        unit: z.string().trim().max(100).nullable(),
      }),
    )
    .max(50),
});
export const gridParams = z.object({ code: z.string().regex(/^\d{15}$/) });
export const moveHouseholdBody = z.object({
  toHouseId: z.number().int().positive(),
  note: z.string().trim().min(1).max(500),
});
export const okResult = z.object({ ok: z.literal(true) });

/** A grid's size against the street's rule. */
export const sizingNames = {
  under: { zh: '偏小', en: 'Small' },
  ok: { zh: '合规', en: 'Within rule' },
  over: { zh: '超标', en: 'Too large' },
} as const;
/** Where a resident stands in the registry. */
export const residentStatusNames = {
  active: { zh: '在册', en: 'registered' },
  moved_out: { zh: '已迁出', en: 'moved out' },
  deceased: { zh: '已故', en: 'deceased' },
} as const;
/** How an import ended (or that it runs). */
export const importStatusNames = {
  running: { zh: '进行中', en: 'Running' },
  done: { zh: '导入完成', en: 'Done' },
  rejected: { zh: '未导入', en: 'Rejected' },
  failed: { zh: '失败', en: 'Failed' },
} as const;

export const importStarted = z.object({ id: z.number().int() });
export const importList = z.object({
  items: z.array(z.object({ id: z.number().int(), fileName: z.string(), status: z.string(), createdAt: z.string() })),
});
export const revealResult = z.object({ value: z.string().nullable() });
export const householdMoved = z.object({ number: z.string() });

/** `GET /api/registry/place?lng=&lat=`: a phone's GPS point (WGS-84) as a place people recognise. */
export const placeQuery = z.object({
  lng: z.coerce.number().min(73).max(136),
  lat: z.coerce.number().min(3).max(54),
});
export const placeAt = z
  .object({
    /** The grid containing the point (null outside every grid of the registry). */
    grid: z.object({ code: z.string(), name: z.string(), community: z.string() }).nullable(),
    /** The nearest registered building within 300 m, and how far it is. */
    building: z
      .object({ id: z.number().int(), name: z.string(), address: z.string(), metres: z.number().int() })
      .nullable(),
    /** What a case reported here should say as its address: the building's, else the grid's name. */
    address: z.string().nullable(),
  })
  .meta({ id: 'PlaceAt' });
export type PlaceAt = z.infer<typeof placeAt>;

/** `GET /api/registry/home`: where the signed-in resident lives, by the registry (matched by phone). */
export const myHome = z
  .object({
    home: z
      .object({
        grid: z.object({ code: z.string(), name: z.string(), community: z.string() }),
        /** 华林新村 1号楼 2单元 301 */
        address: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'MyHome' });
export type MyHome = z.infer<typeof myHome>;
