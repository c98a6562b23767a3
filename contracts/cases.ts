import { z } from 'zod';
import { idNumber, plainText, saneDate, pageQuery } from './text.js';

type Names<K extends string> = Record<K, { zh: string; en: string }>;

/** Where a case came from: every intake channel of docs/DOMAIN.md "Cases". */
export const caseSources = ['snapshot', 'hotline', 'patrol', 'visit', 'walk_in', 'device', 'open311'] as const;
export type CaseSource = (typeof caseSources)[number];
export const sourceNames: Names<CaseSource> = {
  snapshot: { zh: '随手拍', en: 'Resident snapshot' },
  hotline: { zh: '12345热线', en: '12345 hotline' },
  patrol: { zh: '网格巡查', en: 'Grid patrol' },
  visit: { zh: '入户走访', en: 'Household visit' },
  walk_in: { zh: '党群服务站来访', en: 'Walk-in' },
  device: { zh: '设备告警', en: 'Device alarm' },
  open311: { zh: '开放接口', en: 'Open311 API' },
};
/** Channels where staff found the problem themselves (主动发现). */
export const proactiveSources: readonly CaseSource[] = ['patrol', 'visit', 'device'];

/** 三会解三事: 公事 public, 共事 shared, 家事 household. */
export const caseTiers = ['public', 'shared', 'household'] as const;
export type CaseTier = (typeof caseTiers)[number];
export const tierNames: Names<CaseTier> = {
  public: { zh: '公事', en: 'Public affair' },
  shared: { zh: '共事', en: 'Shared affair' },
  household: { zh: '家事', en: 'Household affair' },
};

/** States of the loop (docs/RULES.md "The case loop"). */
export const caseStatuses = [
  'reported',
  'registered',
  'rejected',
  'merged',
  'dispatched',
  'handling',
  'parked',
  'handled',
  'closed',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const statusNames: Names<CaseStatus> = {
  reported: { zh: '待立案', en: 'Reported' },
  registered: { zh: '待派遣', en: 'Registered' },
  rejected: { zh: '不予立案', en: 'Rejected' },
  merged: { zh: '已合并', en: 'Merged' },
  dispatched: { zh: '待签收', en: 'Dispatched' },
  handling: { zh: '处置中', en: 'Being handled' },
  parked: { zh: '挂账', en: 'Parked' },
  handled: { zh: '待核查', en: 'Handled' },
  closed: { zh: '已结案', en: 'Closed' },
};
export const openStatuses: readonly CaseStatus[] = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'parked',
  'handled',
];

/** Every step a person (or the scheduler) can take on a case. */
export const caseActions = [
  'register',
  'reject',
  'merge',
  'dispatch',
  'sign',
  'return',
  'contact',
  'handle',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'request_park',
  'approve_park',
  'deny_park',
  'unpark',
  'verify_pass',
  'verify_fail',
  'rate',
  'reopen',
  'supervise',
  'escalate',
  'comment',
] as const;
export type CaseAction = (typeof caseActions)[number];
export const actionNames: Names<CaseAction | 'report' | 'warning' | 'overdue' | 'auto_escalate'> = {
  report: { zh: '上报', en: 'Reported' },
  register: { zh: '立案', en: 'Register' },
  reject: { zh: '不予立案', en: 'Reject' },
  merge: { zh: '合并重复', en: 'Merge as duplicate' },
  dispatch: { zh: '派遣（吹哨）', en: 'Dispatch' },
  sign: { zh: '签收（报到）', en: 'Sign for' },
  return: { zh: '退回', en: 'Return' },
  contact: { zh: '联系诉求人', en: 'Contacted the requester' },
  handle: { zh: '处置完毕', en: 'Mark handled' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  deny_extension: { zh: '驳回延期', en: 'Deny extension' },
  request_park: { zh: '申请挂账', en: 'Request parking' },
  approve_park: { zh: '批准挂账', en: 'Approve parking' },
  deny_park: { zh: '驳回挂账', en: 'Deny parking' },
  unpark: { zh: '恢复办理', en: 'Resume' },
  verify_pass: { zh: '核查通过', en: 'Verified' },
  verify_fail: { zh: '核查不通过（返工）', en: 'Failed verification (rework)' },
  rate: { zh: '评价', en: 'Rate' },
  reopen: { zh: '重新办理', en: 'Reopen' },
  supervise: { zh: '督办', en: 'Supervise' },
  escalate: { zh: '上报上级', en: 'Escalate' },
  comment: { zh: '备注', en: 'Note' },
  warning: { zh: '临期预警', en: 'Nearing the limit' },
  overdue: { zh: '超期', en: 'Overdue' },
  auto_escalate: { zh: '超期自动升级', en: 'Escalated when overdue' },
};

export const ratings = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof ratings)[number];
export const ratingNames: Names<Rating> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

export const supervisionLevels = ['none', 'normal', 'yellow', 'red'] as const;
export type Supervision = (typeof supervisionLevels)[number];
export const supervisionNames: Names<Supervision> = {
  none: { zh: '未督办', en: 'None' },
  normal: { zh: '一般督办', en: 'Normal' },
  yellow: { zh: '黄牌督办', en: 'Yellow card' },
  red: { zh: '红牌督办', en: 'Red card' },
};

/** Handling level, for escalation up the region tree. */
export const caseLevels = ['grid', 'community', 'street', 'district'] as const;
export type CaseLevel = (typeof caseLevels)[number];
export const levelNames: Names<CaseLevel> = {
  grid: { zh: '网格', en: 'Grid' },
  community: { zh: '社区', en: 'Community' },
  street: { zh: '街道', en: 'Street' },
  district: { zh: '区级', en: 'District' },
};

/** Units of a time limit: natural or working hours, natural or working days. */
export const limitUnits = ['hours', 'working_hours', 'days', 'working_days'] as const;
export type LimitUnit = (typeof limitUnits)[number];
export const limitUnitNames: Names<LimitUnit> = {
  hours: { zh: '小时', en: 'hours' },
  working_hours: { zh: '工作小时', en: 'working hours' },
  days: { zh: '自然日', en: 'days' },
  working_days: { zh: '工作日', en: 'working days' },
};

/** Who handles a category by default. */
export const handlerKinds = [
  'grid',
  'department',
  'co_building_unit',
  'property_company',
  'social_organization',
] as const;
export type HandlerKind = (typeof handlerKinds)[number];
export const handlerKindNames: Names<HandlerKind> = {
  grid: { zh: '网格自办', en: 'The grid itself' },
  department: { zh: '职能部门', en: 'Department' },
  co_building_unit: { zh: '共建单位', en: 'Co-building unit' },
  property_company: { zh: '物业企业', en: 'Property company' },
  social_organization: { zh: '社会组织', en: 'Social organisation' },
};

const text = plainText;
const lng = z.number().min(73).max(136);
const lat = z.number().min(3).max(54);

/** A new case, from any channel. */
export const caseInput = z.object({
  /** Category code (`case_categories.code`). */
  category: z.string().min(1).max(40),
  /** What is wrong, in the reporter's words. */
  description: text(2000),
  /** Short title; the first words of the description when absent. */
  title: text(100).optional(),
  /** WGS-84 longitude/latitude: from the device or picked on the map. */
  lng: lng.optional(),
  lat: lat.optional(),
  address: text(200).optional(),
  /** Photo ids returned by `POST /api/case-photos`. */
  photos: z.array(z.uuid()).max(9).default([]),
  /** Hidden from the public (never from staff). */
  anonymous: z.boolean().default(false),
  /** Any unique string per submission: a retried submission returns the first case. */
  clientRequestId: z.string().min(8).max(100).optional(),
  /** Channel, for staff entry (hotline, patrol, visit, walk_in); residents always report as `snapshot`. */
  source: z.enum(caseSources).optional(),
  /** For hotline and walk-in entries: who called or came. */
  reporterName: text(50).optional(),
  reporterPhone: z.string().trim().max(20).optional(),
  /** For entries on behalf of another place: the grid or community the case belongs to. */
  region: z
    .string()
    .regex(/^\d{12,15}$/)
    .optional(),
  /** The street, when the actor works in several. */
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export type CaseInput = z.input<typeof caseInput>;

/** One step on a case, with what that step needs. */
export const caseActionBody = z.object({
  /** The version the actor saw: a case changed since answers 409 with its current state. */
  version: z.number().int().positive().optional(),
  note: z.string().trim().max(2000).optional(),
  photos: z.array(z.uuid()).max(9).default([]),
  /** dispatch: the lead unit (agency id) or null for the grid itself, and assisting units. */
  agencyId: z.number().int().positive().nullable().optional(),
  assistAgencyIds: z.array(z.number().int().positive()).max(10).optional(),
  /** merge: the case this one duplicates. */
  intoCaseId: z.number().int().positive().optional(),
  /** request_extension: working days asked for. */
  days: z.number().int().min(1).max(30).optional(),
  /** rate. */
  rating: z.enum(ratings).optional(),
  solved: z.boolean().optional(),
  /** supervise. */
  supervision: z.enum(supervisionLevels).optional(),
});
export type CaseActionBody = z.input<typeof caseActionBody>;

export const timelineEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  photos: z.array(z.string()),
});

export const caseSummary = z.object({
  id: z.number(),
  no: z.string(),
  streetId: z.string(),
  status: z.enum(caseStatuses),
  source: z.enum(caseSources),
  categoryCode: z.string(),
  categoryName: z.string(),
  tier: z.enum(caseTiers),
  title: z.string(),
  address: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  gridCode: z.string().nullable(),
  gridName: z.string().nullable(),
  communityCode: z.string().nullable(),
  agencyId: z.number().nullable(),
  agencyName: z.string().nullable(),
  level: z.enum(caseLevels),
  supervision: z.enum(supervisionLevels),
  pendingRequest: z.enum(['extension', 'park']).nullable(),
  createdAt: z.string(),
  signDueAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  /** ok, warning (≥ 80 % of the limit used) or overdue, for the open stage's limit. */
  clock: z.enum(['none', 'ok', 'warning', 'overdue']),
  reworks: z.number(),
  rating: z.enum(ratings).nullable(),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseDetail = caseSummary.extend({
  description: z.string(),
  anonymous: z.boolean(),
  reporterName: z.string().nullable(),
  /** Masked (`138****5678`). */
  reporterPhone: z.string().nullable(),
  isMine: z.boolean(),
  result: z.string().nullable(),
  solved: z.boolean().nullable(),
  mergedInto: z.number().nullable(),
  assists: z.array(z.object({ id: z.number(), name: z.string() })),
  photos: z.array(z.string()),
  timeline: z.array(timelineEntry),
  /** Open cases of the same category nearby and recent: candidates for merging. */
  duplicates: z.array(z.object({ id: z.number(), no: z.string(), title: z.string(), distance: z.number() })),
  /** The handling unit the category's rule proposes. */
  proposedAgencyId: z.number().nullable(),
  /** The steps this actor may take now. */
  actions: z.array(z.enum(caseActions)),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const caseQueues = [
  'all',
  'to_register',
  'to_dispatch',
  'to_sign',
  'handling',
  'to_verify',
  'near_limit',
  'overdue',
  'mine',
  'closed',
] as const;
export type CaseQueue = (typeof caseQueues)[number];
export const queueNames: Names<CaseQueue> = {
  all: { zh: '全部', en: 'All' },
  to_register: { zh: '待立案', en: 'To register' },
  to_dispatch: { zh: '待派遣', en: 'To dispatch' },
  to_sign: { zh: '待签收', en: 'To sign for' },
  handling: { zh: '处置中', en: 'Being handled' },
  to_verify: { zh: '待核查', en: 'To verify' },
  near_limit: { zh: '临期', en: 'Near the limit' },
  overdue: { zh: '超期', en: 'Overdue' },
  mine: { zh: '我上报的', en: 'Reported by me' },
  closed: { zh: '已结案', en: 'Closed' },
};

export const caseQuery = z.object({
  queue: z.enum(caseQueues).default('all'),
  q: z.string().trim().max(50).optional(),
  category: z.string().max(40).optional(),
  source: z.enum(caseSources).optional(),
  region: z
    .string()
    .regex(/^\d{9,15}$/)
    .optional(),
  from: saneDate.optional(),
  to: saneDate.optional(),
  ...pageQuery(20, 100),
});
export type CaseQuery = z.input<typeof caseQuery>;
export const casePage = z.object({
  total: z.number(),
  /** False when the total is the planner's estimate (more than a thousand cases): show it as 约 N. */
  exact: z.boolean(),
  items: z.array(caseSummary),
});

export const categoryItem = z.object({
  id: z.number(),
  code: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
  parentId: idNumber.nullable(),
  name: text(50),
  tier: z.enum(caseTiers),
  signLimit: z.number().int().min(1).max(1000),
  signUnit: z.enum(limitUnits),
  handleLimit: z.number().int().min(1).max(1000),
  handleUnit: z.enum(limitUnits),
  handlerKind: z.enum(handlerKinds),
  defaultAgencyId: idNumber.nullable(),
  active: z.boolean(),
});
export type CategoryItem = z.infer<typeof categoryItem>;
export const categoryInput = categoryItem.omit({ id: true }).extend({
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});

export const calendarDay = z.object({
  day: saneDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().max(30).default(''),
});
export const calendarYear = z.object({ year: z.number().int(), days: z.array(calendarDay) });

export const indicatorRow = z.object({
  key: z.string(),
  name: z.string(),
  total: z.number(),
  dueClosure: z.number(),
  closed: z.number(),
  closedOnTime: z.number(),
  dueHandling: z.number(),
  handled: z.number(),
  handledOnTime: z.number(),
  reworked: z.number(),
  overduePending: z.number(),
  extended: z.number(),
  responded: z.number(),
  rated: z.number(),
  solved: z.number(),
  satisfied: z.number(),
  proactive: z.number(),
  rates: z.record(z.string(), z.number().nullable()),
  score: z.number().nullable(),
});
export type IndicatorRow = z.infer<typeof indicatorRow>;

/** `?street=` for requests of someone who works in several streets (else their one street). */
export const streetQuery = z.object({
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const calendarBody = z.object({ days: z.array(calendarDay).max(120) });
export const categoryParams = z.object({ id: z.coerce.number().int().positive() });

/** What indicators are grouped by. */
export const indicatorGroups = ['street', 'community', 'grid', 'agency', 'category', 'month', 'source'] as const;
export const indicatorQuery = z.object({
  groupBy: z.enum(indicatorGroups).default('community'),
  from: saneDate,
  to: saneDate,
  region: z
    .string()
    .regex(/^\d{9,15}$/)
    .optional(),
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});
export const agencyRatingRow = z.object({
  agencyId: z.number(),
  name: z.string(),
  raterKind: z.string(),
  mean: z.number(),
  count: z.number(),
});
export const indicatorsResult = z.object({ rows: z.array(indicatorRow), ratings: z.array(agencyRatingRow) });
export type IndicatorsResult = z.infer<typeof indicatorsResult>;

/** An uploaded photo: its id, the location its EXIF carried (stripped from the file), its size. */
export const photoUploadResult = z.object({
  id: z.uuid(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  width: z.number(),
  height: z.number(),
});
export const photoParams = z.object({ id: z.uuid() });
export const photoQuery = z.object({ size: z.enum(['full', 'thumb']).default('full') });
export const stepParams = z.object({ id: z.coerce.number().int().positive(), action: z.enum(caseActions) });
/** 反向评价: the community (or the reporter) rates the unit that handled a closed case. */
export const agencyRatingBody = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).optional(),
});
/** A device alarm (smoke, water, door sensor …), reported as a case. */
export const deviceAlarmBody = z.object({
  street: z.string().regex(/^\d{9}$/),
  deviceId: z.string().min(1).max(100),
  /** The device's own alarm id: a repeated delivery makes no second case. */
  alarmId: z.string().min(8).max(100),
  category: z.string().min(1).max(40),
  description: z.string().trim().min(1).max(2000),
  lng: z.number().min(73).max(136).optional(),
  lat: z.number().min(3).max(54).optional(),
  address: z.string().trim().max(200).optional(),
});
export const deviceAlarmResult = z.object({ id: z.number(), no: z.string(), created: z.boolean() });

/** A street's case settings; every field has a default, so a street without a row works. */
export const caseSettingsSchema = z.object({
  /** Duplicate suggestions: open cases of the same category within this many metres … */
  duplicateRadiusM: z.number().min(1).max(5000).default(50),
  /** … reported within this many hours. */
  duplicateHours: z
    .number()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** Share of a limit used at which the warning fires. */
  warnFraction: z.number().min(0.1).max(0.99).default(0.8),
  /** Days after a 不满意 rating in which the reporter may reopen. */
  reopenDays: z.number().int().min(1).max(90).default(7),
  /** Office hours for limits in working hours: [start, end) minutes after midnight. */
  officeHours: z
    .array(z.tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)]))
    .max(4)
    .default([
      [510, 720],
      [870, 1050],
    ]),
  /**
   * Composite score: indicator → points. A weight on a "bad" rate (返工率, 超期待处置率, 延期率)
   * scores (1 − rate) × weight. Default: Chengdu Jinniu's 100 points.
   */
  composite: z.record(z.string(), z.number().min(0).max(100)).default({
    disposal: 30,
    disposalOnTime: 20,
    rework: 20,
    overduePending: 20,
    extension: 10,
  }),
});
export type CaseSettings = z.infer<typeof caseSettingsSchema>;
/** The settings as the console reads and sends them. */
export const caseSettingsView = caseSettingsSchema;
export type CaseSettingsView = z.output<typeof caseSettingsSchema>;
export const caseCreated = caseDetail.extend({ created: z.boolean() });
