import type { CaseSource, Rating } from '../../../../contracts/cases.js';
import type { Db } from '../../../core/db.js';
import { encrypt, lookupHash, type Keyring } from '../../../core/pii/index.js';
import { addLimit, type WorkCalendar } from '../calendar.js';
import { seedStreetCases } from '../commands/seed-street.js';
import { createApiKey } from '../open311.js';
import { gridIndexOf, upsertAgency } from '../../org/index.js';
import { prng } from '../../../core/prng.js';

/** The demo's handling units beside the accounts' 城管中队, and what each handles by default. */
const UNITS = [
  { name: '鼓楼区市政工程管理处', kind: 'department', handles: ['fac', 'fac.manhole', 'fac.streetlight', 'fac.road'] },
  { name: '国网福州供电公司鼓楼供电服务中心', kind: 'co_building_unit', handles: ['safety.wiring', 'utility'] },
  { name: '鼓楼区消防救援大队东街站', kind: 'department', handles: ['safety', 'safety.fire_lane'] },
  {
    name: '福州庆城物业服务有限公司',
    kind: 'property_company',
    handles: ['estate', 'estate.service', 'estate.lift', 'estate.repair', 'env.corridor', 'safety.ebike'],
  },
] as const;
const CITY_UNIT_HANDLES = ['env', 'env.sanitation', 'env.posters', 'env.stalls', 'build.illegal'];

/** Reports per category in an ordinary month, and how the seasons shift them (Fuzhou: hot summers, typhoons). */
const MIX: { code: string; weight: number; season?: Partial<Record<number, number>>; titles: string[] }[] = [
  {
    code: 'env.sanitation',
    weight: 14,
    season: { 6: 1.4, 7: 1.5, 8: 1.4 },
    titles: ['垃圾桶满溢未清运', '小区门口垃圾堆积', '绿化带内有大量垃圾'],
  },
  { code: 'env.corridor', weight: 12, titles: ['楼道堆放杂物影响通行', '楼梯间堆放纸箱', '楼道内停放电动车和杂物'] },
  { code: 'env.posters', weight: 4, season: { 1: 1.5, 2: 1.5 }, titles: ['墙面乱贴小广告', '单元门乱张贴'] },
  { code: 'env.stalls', weight: 6, season: { 5: 1.3, 6: 1.3, 7: 1.3 }, titles: ['路口占道经营', '夜市摊点占用人行道'] },
  { code: 'fac.manhole', weight: 3, season: { 8: 1.6, 9: 1.5 }, titles: ['窨井盖破损', '窨井盖缺失有安全隐患'] },
  { code: 'fac.streetlight', weight: 5, season: { 11: 1.3, 12: 1.3, 1: 1.3 }, titles: ['路灯不亮', '巷道路灯损坏'] },
  { code: 'fac.road', weight: 4, season: { 8: 1.5, 9: 1.5 }, titles: ['人行道地砖松动', '路面坑洼积水'] },
  { code: 'build.illegal', weight: 4, titles: ['楼顶违章搭建', '一楼住户私自扩建'] },
  { code: 'safety.wiring', weight: 4, season: { 12: 1.4, 1: 1.4 }, titles: ['私拉电线给电动车充电', '楼道私拉电线'] },
  {
    code: 'safety.ebike',
    weight: 5,
    season: { 12: 1.4, 1: 1.4, 2: 1.3 },
    titles: ['电动车在楼道充电', '电动车进电梯'],
  },
  { code: 'safety.fire_lane', weight: 3, titles: ['消防通道被车辆占用'] },
  { code: 'estate.service', weight: 8, titles: ['物业保洁不到位', '小区门禁损坏无人修'] },
  { code: 'estate.lift', weight: 3, season: { 7: 1.3, 8: 1.3 }, titles: ['电梯故障困人', '电梯经常停运'] },
  {
    code: 'estate.repair',
    weight: 6,
    season: { 5: 1.4, 6: 1.5 },
    titles: ['外墙渗水', '楼顶漏水', '单元门闭门器损坏'],
  },
  { code: 'utility', weight: 4, season: { 7: 1.6, 8: 1.6, 1: 1.3 }, titles: ['小区停电', '水压不足', '燃气管道异味'] },
  { code: 'neighbour.dispute', weight: 6, titles: ['邻里漏水纠纷', '停车位纠纷', '宠物扰邻纠纷'] },
  {
    code: 'neighbour.noise',
    weight: 6,
    season: { 6: 1.8, 7: 1.8, 8: 1.6 },
    titles: ['夜间装修噪音', '广场舞音响扰民', '空调外机噪音'],
  },
  { code: 'neighbour.help', weight: 3, season: { 1: 1.4, 2: 1.4 }, titles: ['独居老人求助', '残疾居民出行求助'] },
];
const SOURCES: [CaseSource, number][] = [
  ['snapshot', 35],
  ['patrol', 30],
  ['hotline', 22],
  ['visit', 6],
  ['walk_in', 4],
  ['device', 3],
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙林郑';
const GIVEN = ['建国', '秀英', '丽华', '志强', '美玲', '国平', '晓东', '玉兰', '明辉', '桂芳'];

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of weighted) {
    r -= w;
    if (r <= 0) return v;
  }
  return (weighted[weighted.length - 1] as [T, number])[0];
}

const HOUR = 3600_000;

import { writeCases, writeTimers, type Event, type Row } from './write.js';

/** What the generator reads of the street once: its categories, calendar, grids and the demo's people. */
type Street = Awaited<ReturnType<typeof readStreet>>;

async function readStreet(db: Db, streetId: string, keyring: Keyring) {
  const categories = await db.selectFrom('case_categories').selectAll().where('street_id', '=', streetId).execute();
  const byCode = new Map(categories.map((c) => [c.code, c]));
  const days = await db.selectFrom('work_calendar').select(['day', 'kind']).where('street_id', '=', streetId).execute();
  const calendar: WorkCalendar = {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
    officeHours: [
      [510, 720],
      [870, 1050],
    ],
  };
  const grids = await db
    .selectFrom('regions')
    .select(['code', 'name', 'path', 'parent_code'])
    .where('street_id', '=', streetId)
    .where('level', '=', 'grid')
    .execute();
  const gridByCode = new Map(grids.map((g) => [g.code, g]));
  const bounds = await db
    .selectFrom('region_boundaries')
    .select((eb) => [
      eb.fn.min('min_lng').as('x0'),
      eb.fn.min('min_lat').as('y0'),
      eb.fn.max('max_lng').as('x1'),
      eb.fn.max('max_lat').as('y1'),
    ])
    .where('street_id', '=', streetId)
    .executeTakeFirstOrThrow();
  const index = await gridIndexOf(db, streetId);
  const users = await db.selectFrom('users').select(['id', 'username', 'phone_hash']).execute();
  const userId = (u: string) => users.find((x) => x.username === u)?.id ?? null;
  const resident = users.find((x) => x.phone_hash === lookupHash(keyring, '13800000001'))?.id ?? null;
  const gridWorker = userId('gridworker');
  return { streetId, byCode, calendar, gridByCode, bounds, index, userId, resident, gridWorker };
}

/**
 * One case reported at `created`, taken round the loop as far as it would have come by `now`
 * (or null when the draw lands outside the street's grids).
 */
function oneCase(
  street: Street,
  keyring: Keyring,
  rand: () => number,
  now: Date,
  created: Date,
  month: number,
): { row: Row; events: Event[] } | null {
  const { streetId, byCode, calendar, gridByCode, bounds, index, resident, gridWorker } = street;
  const mix = pick(
    rand,
    MIX.map((m) => [m, m.weight * (m.season?.[month] ?? 1)] as [(typeof MIX)[number], number]),
  );
  const cat = byCode.get(mix.code);
  if (!cat) return null;
  let lng = 0;
  let lat = 0;
  let grid: string | null = null;
  for (let t = 0; t < 20 && !grid; t++) {
    lng = Number(bounds.x0) + rand() * (Number(bounds.x1) - Number(bounds.x0));
    lat = Number(bounds.y0) + rand() * (Number(bounds.y1) - Number(bounds.y0));
    grid = index.locate(lng, lat);
  }
  const g = grid ? gridByCode.get(grid) : undefined;
  if (!g) return null;
  const source = pick(rand, SOURCES);
  const title = mix.titles[Math.floor(rand() * mix.titles.length)] ?? cat.name;
  const age = now.getTime() - created.getTime();
  const events: [string, Date, string | null, string][] = [['report', created, null, 'reported']];
  const row: Row = {
    street_id: streetId,
    source,
    category_id: cat.id,
    tier: cat.tier,
    title,
    description: `${g.name}：${title}，请尽快处理。`,
    address: `${g.name}`,
    lng: Math.round(lng * 1e6) / 1e6,
    lat: Math.round(lat * 1e6) / 1e6,
    grid_code: g.code,
    community_code: g.parent_code,
    region_path: g.path,
    submitter_key: 'demo',
    client_request_id: null,
    reporter_user_id:
      source === 'patrol' && g.code.endsWith('001')
        ? gridWorker
        : source === 'snapshot' && g.code.endsWith('001') && rand() < 0.3
          ? resident
          : null,
    reporter_name: null,
    reporter_phone_cipher: null,
    reporter_phone_hash: null,
    status: 'reported',
    agency_id: null,
    merged_into: null,
    pending_request: null,
    pending_days: null,
    result: null,
    rating: null,
    solved: null,
    created_at: created,
    updated_at: created,
  };
  if (source === 'hotline' || source === 'walk_in') {
    const phone = `13${Math.floor(rand() * 9e8 + 1e8)}`.slice(0, 11);
    row.reporter_name = `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}`;
    row.reporter_phone_cipher = encrypt(keyring, phone);
    row.reporter_phone_hash = lookupHash(keyring, phone);
  }
  // the loop, as far as this case has come by now
  const registered = new Date(created.getTime() + (0.2 + rand() * 3) * HOUR);
  if (age < 2 * HOUR || registered > now) {
    return { row, events };
  }
  if (rand() < 0.03) {
    row.status = 'rejected';
    events.push(['reject', registered, 'reported', 'rejected']);
    return { row, events };
  }
  row.status = 'registered';
  row.registered_at = registered;
  events.push(['register', registered, 'reported', 'registered']);
  const dispatched = new Date(registered.getTime() + rand() * HOUR);
  if (dispatched > now) {
    return { row, events };
  }
  row.status = 'dispatched';
  row.agency_id = cat.handler_kind === 'grid' ? null : (cat.default_agency_id ?? null);
  row.dispatched_at = dispatched;
  row.sign_due_at = addLimit(dispatched, cat.sign_limit, cat.sign_unit, calendar);
  row.handle_started_at = dispatched;
  row.handle_due_at = addLimit(dispatched, cat.handle_limit, cat.handle_unit, calendar);
  events.push(['dispatch', dispatched, 'registered', 'dispatched']);
  const signSpan = row.sign_due_at.getTime() - dispatched.getTime();
  const signed = new Date(dispatched.getTime() + signSpan * (rand() < 0.9 ? rand() * 0.7 : 1 + rand()));
  if (signed > now) {
    return { row, events };
  }
  row.status = 'handling';
  row.signed_at = signed;
  events.push(['sign', signed, 'dispatched', 'handling']);
  if (rand() < 0.9) row.contacted_at = new Date(signed.getTime() + rand() * 0.1 * signSpan);
  if (rand() < 0.04) {
    row.extensions = 1;
    row.handle_due_at = addLimit(row.handle_due_at, 5, 'working_days', calendar);
    events.push(['approve_extension', new Date(signed.getTime() + HOUR), 'handling', 'handling']);
  }
  const span = row.handle_due_at.getTime() - dispatched.getTime();
  const late = rand();
  let handled = new Date(dispatched.getTime() + span * (late < 0.78 ? 0.2 + rand() * 0.75 : 1.02 + rand() * 0.8));
  if (handled > now) {
    return { row, events };
  }
  if (rand() < 0.06) {
    // the first fix did not hold: rework
    events.push(['handle', handled, 'handling', 'handled']);
    const failed = new Date(handled.getTime() + 20 * HOUR);
    events.push(['verify_fail', failed, 'handled', 'handling']);
    row.reworks = 1;
    handled = new Date(failed.getTime() + span * 0.4);
    if (handled > now) {
      row.handled_at = null;
      return { row, events };
    }
  }
  row.status = 'handled';
  row.handled_at = handled;
  row.result = '已到场处置完毕';
  events.push(['handle', handled, 'handling', 'handled']);
  const closed = new Date(handled.getTime() + (2 + rand() * 20) * HOUR);
  if (closed > now) {
    return { row, events };
  }
  row.status = 'closed';
  row.closed_at = closed;
  events.push(['verify_pass', closed, 'handled', 'closed']);
  if (rand() < 0.72) {
    const rating: Rating = pick(rand, [
      ['satisfied', late < 0.78 ? 82 : 55],
      ['basically_satisfied', 13],
      ['dissatisfied', late < 0.78 ? 5 : 25],
    ]);
    row.rating = rating;
    row.solved = rating !== 'dissatisfied' || rand() < 0.3;
    row.rated_at = new Date(closed.getTime() + (1 + rand() * 40) * HOUR);
    if (row.rated_at > now) {
      row.rating = null;
      row.solved = null;
      row.rated_at = null;
    } else events.push(['rate', row.rated_at, 'closed', 'closed']);
  }
  return { row, events };
}

/**
 * A year of the demo street's cases, ending now: a seasonal mix of categories and channels, most
 * handled on time, some late, reworked, extended, still open or overdue, most closed ones rated —
 * so the workbench and the indicators mean something on first start. Deterministic given `now`'s day.
 */
export async function loadDemoCases(o: {
  db: Db;
  keyring: Keyring;
  streetId: string;
  apiKey: string;
  now?: Date;
  /** Reports on an ordinary weekday (tests use fewer). */
  perDay?: number;
}): Promise<{ cases: number }> {
  const { db, streetId } = o;
  const now = o.now ?? new Date();
  const cityUnit = await db
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', streetId)
    .orderBy('id')
    .executeTakeFirst();
  const defaults: Record<string, number> = {};
  for (const code of CITY_UNIT_HANDLES) if (cityUnit) defaults[code] = cityUnit.id;
  for (const u of UNITS) {
    const row = { id: await upsertAgency(db, { streetId, name: u.name, kind: u.kind }) };
    for (const code of u.handles) defaults[code] = row.id;
  }
  await seedStreetCases(db, streetId, defaults);
  await createApiKey(db, streetId, '演示 Open311 客户端', o.apiKey);

  const street = await readStreet(db, streetId, o.keyring);
  const rand = prng(Math.floor(now.getTime() / 86_400_000));
  const perDay = o.perDay ?? 12;

  const rows: Row[] = [];
  const stories: { events: Event[] }[] = [];
  for (let d = 365; d >= 0; d--) {
    const day = new Date(now.getTime() - d * 86_400_000);
    const month = Number(new Date(day.getTime() + 8 * HOUR).toISOString().slice(5, 7));
    const weekday = new Date(day.getTime() + 8 * HOUR).getUTCDay();
    const volume = (month === 2 ? 0.6 : 1) * (weekday === 0 || weekday === 6 ? 0.7 : 1);
    const count = Math.round(perDay * volume * (0.7 + rand() * 0.6));
    for (let i = 0; i < count; i++) {
      const created = new Date(day.getTime() - rand() * 14 * HOUR);
      if (created > now) continue;
      const made = oneCase(street, o.keyring, rand, now, created, month);
      if (!made) continue;
      rows.push(made.row);
      stories.push({ events: made.events });
    }
  }
  await writeCases(db, streetId, rows, stories);
  await writeTimers(db, streetId, now);
  return { cases: rows.length };
}
