import { z } from 'zod';

/**
 * 党群服务阵地 (module `stations`, docs/DOMAIN.md "Stations and services"): the places that serve residents, their
 * opening hours on the street's holiday calendar, the things they lend, the service catalogue and appointments.
 */
export const stationKinds = [
  'centre',
  'home',
  'grid_station',
  'red_post',
  'neighbour_hut',
  'canteen',
  'after_school',
  'proxy_point',
  'self_service',
] as const;
export type StationKind = (typeof stationKinds)[number];
export const stationKindNames: Record<StationKind, { zh: string; en: string }> = {
  centre: { zh: '党群服务中心', en: 'Party-mass service centre' },
  home: { zh: '党群之家', en: 'Party-mass home' },
  grid_station: { zh: '网格工作站', en: 'Grid station' },
  red_post: { zh: '红色驿站', en: 'Red post (rest stop)' },
  neighbour_hut: { zh: '睦邻小屋', en: 'Neighbours’ hut' },
  canteen: { zh: '长者食堂', en: 'Elderly canteen' },
  after_school: { zh: '四点钟学校', en: 'After-school club' },
  proxy_point: { zh: '代办点', en: 'Proxy service point' },
  self_service: { zh: '24小时自助站', en: '24-hour self-service' },
};

export const facilityKinds = ['umbrella', 'first_aid', 'power_bank', 'sewing_kit', 'wheelchair', 'other'] as const;
export type FacilityKind = (typeof facilityKinds)[number];
export const facilityKindNames: Record<FacilityKind, { zh: string; en: string }> = {
  umbrella: { zh: '爱心雨伞', en: 'Umbrella' },
  first_aid: { zh: '急救药箱', en: 'First-aid kit' },
  power_bank: { zh: '充电宝', en: 'Power bank' },
  sewing_kit: { zh: '针线包', en: 'Sewing kit' },
  wheelchair: { zh: '轮椅', en: 'Wheelchair' },
  other: { zh: '其他', en: 'Other' },
};

/** A time of day, `HH:MM`; `24:00` ends a day. */
export const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/);
export const interval = z.tuple([hhmm, hhmm]);
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * Opening hours (docs/RULES.md "Opening hours"): the hours of each weekday (0 = Sunday … 6 = Saturday, lunch breaks
 * are two intervals), whether the station opens on statutory holidays (无假日: with that weekday's hours), and
 * one-off closures. A make-up working day (调休上班) keeps Monday's hours. Evaluated in China Standard Time.
 */
export const hoursSpec = z.object({
  week: z.array(z.array(interval).max(6)).length(7),
  holidays: z.enum(['closed', 'open']),
  closures: z
    .array(z.object({ from: day, to: day, reason: z.string().min(1).max(60) }))
    .max(50)
    .default([]),
});
export type HoursSpec = z.infer<typeof hoursSpec>;

export const stationInput = z.object({
  region: z.string().regex(/^\d{9}(\d{3}(\d{3})?)?$/),
  kind: z.enum(stationKinds),
  name: z.string().trim().min(1).max(60),
  address: z.string().trim().min(1).max(120),
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  contactName: z.string().trim().max(20).nullable().default(null),
  contactPhone: z
    .string()
    .regex(/^[\d-]{7,20}$/)
    .nullable()
    .default(null),
  hours: hoursSpec,
  slotMinutes: z.union([z.literal(15), z.literal(20), z.literal(30), z.literal(60)]).default(30),
  slotCapacity: z.number().int().min(1).max(50).default(2),
});

/** Whether a station is open at a moment, until when, or when it opens next. */
export const openState = z.object({
  open: z.boolean(),
  /** When open: when it closes (null: not within the next 60 days, e.g. 24 hours). */
  until: z.string().nullable(),
  /** When closed: when it opens next (null: not within the next 60 days). */
  next: z.string().nullable(),
});

export const facilityRow = z.object({
  id: z.number(),
  kind: z.enum(facilityKinds),
  kindName: z.string(),
  name: z.string(),
  stock: z.number(),
  onLoan: z.number(),
  available: z.number(),
});

export const stationRow = z.object({
  id: z.number(),
  streetId: z.string(),
  kind: z.enum(stationKinds),
  kindName: z.string(),
  name: z.string(),
  address: z.string(),
  region: z.string(),
  regionName: z.string(),
  lng: z.number(),
  lat: z.number(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  hours: hoursSpec,
  hoursText: z.array(z.string()),
  slotMinutes: z.number(),
  slotCapacity: z.number(),
  now: openState,
  facilities: z.array(facilityRow),
  /** Metres from the point asked about (nearest-station searches). */
  distance: z.number().nullable(),
});
export type StationRow = z.infer<typeof stationRow>;

export const loanRow = z.object({
  id: z.number(),
  facility: z.string(),
  borrower: z.string(),
  lentAt: z.string(),
  dueAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  lentBy: z.string(),
});

export const channels = ['online', 'station', 'proxy'] as const;
export const channelNames: Record<(typeof channels)[number], { zh: string; en: string }> = {
  online: { zh: '网上办', en: 'Online' },
  station: { zh: '窗口办', en: 'At a station' },
  proxy: { zh: '代办', en: 'By proxy' },
};
export const serviceItemInput = z.object({
  categoryId: z.number().int().positive(),
  /** A community's own item or override of the street's item with the same code; null: the street's. */
  community: z
    .string()
    .regex(/^\d{12}$/)
    .nullable()
    .default(null),
  code: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/),
  name: z.string().trim().min(1).max(60),
  who: z.string().trim().min(1).max(200),
  materials: z.array(z.string().trim().min(1).max(60)).max(20),
  channels: z.array(z.enum(channels)).min(1),
  timeLimit: z.string().trim().min(1).max(30),
  fee: z.string().trim().min(1).max(30).default('免费'),
});
export const serviceItemRow = z.object({
  id: z.number(),
  categoryId: z.number(),
  category: z.string(),
  code: z.string(),
  name: z.string(),
  who: z.string(),
  materials: z.array(z.string()),
  channels: z.array(z.enum(channels)),
  timeLimit: z.string(),
  fee: z.string(),
  /** The community whose override or own item this is (null: the street's). */
  community: z.string().nullable(),
});
export type ServiceItemRow = z.infer<typeof serviceItemRow>;

export const appointmentStates = ['booked', 'checked_in', 'no_show', 'cancelled'] as const;
export const appointmentStateNames: Record<(typeof appointmentStates)[number], { zh: string; en: string }> = {
  booked: { zh: '已预约', en: 'Booked' },
  checked_in: { zh: '已签到', en: 'Checked in' },
  no_show: { zh: '爽约', en: 'No-show' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const bookInput = z.object({
  street: z.string().regex(/^\d{9}$/),
  stationId: z.number().int().positive(),
  itemId: z.number().int().positive(),
  startsAt: z.iso.datetime({ offset: true }),
});
export const appointmentRow = z.object({
  id: z.number(),
  streetId: z.string(),
  stationId: z.number(),
  station: z.string(),
  item: z.string(),
  materials: z.array(z.string()),
  /** The resident's name, masked for staff lists. */
  who: z.string(),
  startsAt: z.string(),
  state: z.enum(appointmentStates),
  stateName: z.string(),
});
export const slotRow = z.object({ startsAt: z.string(), capacity: z.number(), booked: z.number() });

/** The 15-minute circle (docs/RULES.md "15-minute service circle"). */
export const coverageQuery = z.object({
  region: z.string().regex(/^\d{9}(\d{3})?$/),
  kind: z.enum(stationKinds).optional(),
  speed: z.coerce.number().min(20).max(200).default(80),
  minutes: z.coerce.number().int().min(5).max(60).default(15),
  detour: z.coerce.number().min(1).max(3).default(1.4),
});
export const coverageReport = z.object({
  speed: z.number(),
  minutes: z.number(),
  detour: z.number(),
  /** Straight-line metres within reach: speed × minutes ÷ detour. */
  radius: z.number(),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      households: z.number(),
      buildings: z.number(),
      covered: z.record(z.string(), z.number()),
    }),
  ),
  totals: z.object({ households: z.number(), covered: z.record(z.string(), z.number()) }),
  uncovered: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      community: z.string(),
      households: z.number(),
      lng: z.number(),
      lat: z.number(),
    }),
  ),
  suggestions: z.array(
    z.object({
      name: z.string(),
      source: z.enum(['building', 'grid']),
      lng: z.number(),
      lat: z.number(),
      households: z.number(),
      buildings: z.number(),
    }),
  ),
});
export type CoverageReport = z.infer<typeof coverageReport>;
