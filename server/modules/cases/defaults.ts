import type { CaseTier, HandlerKind, LimitUnit } from '../../../contracts/cases.js';

/**
 * The State Council's holiday arrangements (国务院办公厅关于2025年/2026年部分节假日安排的通知):
 * days off and the make-up working days (调休上班). Operators edit later years in the console.
 */
export const OFFICIAL_CALENDAR: { day: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...range('2025-01-01', 1, '元旦'),
  ...range('2025-01-28', 8, '春节'),
  { day: '2025-01-26', kind: 'workday', name: '春节调休' },
  { day: '2025-02-08', kind: 'workday', name: '春节调休' },
  ...range('2025-04-04', 3, '清明节'),
  ...range('2025-05-01', 5, '劳动节'),
  { day: '2025-04-27', kind: 'workday', name: '劳动节调休' },
  ...range('2025-05-31', 3, '端午节'),
  ...range('2025-10-01', 8, '国庆节、中秋节'),
  { day: '2025-09-28', kind: 'workday', name: '国庆节调休' },
  { day: '2025-10-11', kind: 'workday', name: '国庆节调休' },
  ...range('2026-01-01', 3, '元旦'),
  { day: '2026-01-04', kind: 'workday', name: '元旦调休' },
  ...range('2026-02-15', 9, '春节'),
  { day: '2026-02-14', kind: 'workday', name: '春节调休' },
  { day: '2026-02-28', kind: 'workday', name: '春节调休' },
  ...range('2026-04-04', 3, '清明节'),
  ...range('2026-05-01', 5, '劳动节'),
  { day: '2026-05-09', kind: 'workday', name: '劳动节调休' },
  ...range('2026-06-19', 3, '端午节'),
  ...range('2026-09-25', 3, '中秋节'),
  ...range('2026-10-01', 7, '国庆节'),
  { day: '2026-09-20', kind: 'workday', name: '国庆节调休' },
  { day: '2026-10-10', kind: 'workday', name: '国庆节调休' },
];

function range(first: string, days: number, name: string) {
  return Array.from({ length: days }, (_, i) => ({
    day: new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    kind: 'holiday' as const,
    name,
  }));
}

export type SeedCategory = {
  code: string;
  name: string;
  parent?: string;
  tier: CaseTier;
  sign: readonly [number, LimitUnit];
  handle: readonly [number, LimitUnit];
  handler: HandlerKind;
};

const ordinary = { sign: [4, 'working_hours'], handle: [5, 'working_days'] } as const;
const urgent = { sign: [1, 'hours'], handle: [2, 'hours'] } as const;

/**
 * Event classes of digital urban management (市容环境, 设施, 违法建设, 安全隐患) plus community
 * matters, with 12345-style limits: emergencies 2 h, utilities 24 h, ordinary 5 working days
 * (Shandong), complex 15 days.
 */
export const SEED_CATEGORIES: SeedCategory[] = [
  { code: 'env', name: '市容环境', tier: 'public', handler: 'department', ...ordinary },
  { code: 'env.sanitation', parent: 'env', name: '环境卫生', tier: 'public', handler: 'department', ...ordinary },
  { code: 'env.corridor', parent: 'env', name: '楼道堆物', tier: 'shared', handler: 'property_company', ...ordinary },
  { code: 'env.posters', parent: 'env', name: '乱张贴', tier: 'public', handler: 'department', ...ordinary },
  { code: 'env.stalls', parent: 'env', name: '占道经营', tier: 'public', handler: 'department', ...ordinary },
  { code: 'fac', name: '公共设施', tier: 'public', handler: 'department', ...ordinary },
  {
    code: 'fac.manhole',
    parent: 'fac',
    name: '窨井盖破损',
    tier: 'public',
    handler: 'department',
    sign: [1, 'hours'],
    handle: [24, 'hours'],
  },
  { code: 'fac.streetlight', parent: 'fac', name: '路灯损坏', tier: 'public', handler: 'department', ...ordinary },
  { code: 'fac.road', parent: 'fac', name: '道路破损', tier: 'public', handler: 'department', ...ordinary },
  {
    code: 'build.illegal',
    name: '违章搭建',
    tier: 'public',
    handler: 'department',
    sign: [1, 'working_days'],
    handle: [15, 'days'],
  },
  { code: 'safety', name: '安全隐患', tier: 'public', handler: 'department', ...urgent },
  {
    code: 'safety.wiring',
    parent: 'safety',
    name: '私拉电线',
    tier: 'public',
    handler: 'co_building_unit',
    sign: [1, 'hours'],
    handle: [24, 'hours'],
  },
  {
    code: 'safety.ebike',
    parent: 'safety',
    name: '电动车违规充电',
    tier: 'shared',
    handler: 'property_company',
    sign: [1, 'hours'],
    handle: [24, 'hours'],
  },
  {
    code: 'safety.fire_lane',
    parent: 'safety',
    name: '消防通道堵塞',
    tier: 'shared',
    handler: 'department',
    ...urgent,
  },
  { code: 'estate', name: '物业小区', tier: 'shared', handler: 'property_company', ...ordinary },
  {
    code: 'estate.service',
    parent: 'estate',
    name: '物业服务',
    tier: 'shared',
    handler: 'property_company',
    ...ordinary,
  },
  {
    code: 'estate.lift',
    parent: 'estate',
    name: '电梯故障',
    tier: 'shared',
    handler: 'property_company',
    sign: [1, 'hours'],
    handle: [24, 'hours'],
  },
  {
    code: 'estate.repair',
    parent: 'estate',
    name: '公共部位维修',
    tier: 'shared',
    handler: 'property_company',
    ...ordinary,
  },
  {
    code: 'utility',
    name: '水电气',
    tier: 'public',
    handler: 'co_building_unit',
    sign: [2, 'hours'],
    handle: [24, 'hours'],
  },
  { code: 'neighbour', name: '邻里事务', tier: 'household', handler: 'grid', ...ordinary },
  {
    code: 'neighbour.dispute',
    parent: 'neighbour',
    name: '矛盾纠纷',
    tier: 'household',
    handler: 'grid',
    sign: [1, 'working_days'],
    handle: [15, 'days'],
  },
  { code: 'neighbour.noise', parent: 'neighbour', name: '噪音扰民', tier: 'household', handler: 'grid', ...ordinary },
  {
    code: 'neighbour.help',
    parent: 'neighbour',
    name: '求助服务',
    tier: 'household',
    handler: 'grid',
    sign: [4, 'working_hours'],
    handle: [3, 'working_days'],
  },
  // care matters and the care devices' alarms (module visits): urgent, for the home's grid
  {
    code: 'care',
    name: '关爱帮扶',
    tier: 'household',
    handler: 'grid',
    sign: [1, 'working_days'],
    handle: [3, 'working_days'],
  },
  { code: 'care.alarm', parent: 'care', name: '关护设备告警', tier: 'household', handler: 'grid', ...urgent },
];

export { caseSettingsSchema, type CaseSettings } from '../../../contracts/cases.js';
