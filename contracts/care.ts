import { z } from 'zod';
import { bilingual } from './i18n.js';
import { careLevels, frequencies } from './visits.js';

/**
 * Care (module `visits`, docs/DOMAIN.md "Visits and care"): care subjects and their plans (关爱对象,
 * 结对帮扶), care devices (关护通) with signed vendor alarms and heartbeats, the alarms board.
 */
export const helperKinds = ['party_member', 'volunteer', 'building_leader', 'neighbour', 'grid_worker'] as const;
export const helperKindNames = {
  party_member: { zh: '党员', en: 'Party member' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  building_leader: { zh: '楼栋长', en: 'Building leader' },
  neighbour: { zh: '邻居', en: 'Neighbour' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
};
export const careServices = ['canteen', 'home_service', 'medicine_reminder', 'health_check', 'companionship'] as const;
export const careServiceNames = {
  canteen: { zh: '长者食堂助餐', en: 'Meals at the elderly canteen' },
  home_service: { zh: '上门服务', en: 'Home services' },
  medicine_reminder: { zh: '用药提醒', en: 'Medicine reminders' },
  health_check: { zh: '健康监测', en: 'Health checks' },
  companionship: { zh: '陪伴关怀', en: 'Companionship' },
};
export const deviceKinds = ['sos', 'smoke', 'gas', 'water', 'door', 'fall', 'heart_rate'] as const;
export type DeviceKind = (typeof deviceKinds)[number];
export const deviceKindNames: Record<DeviceKind | 'offline', { zh: string; en: string }> = {
  sos: { zh: '一键呼叫', en: 'SOS button' },
  smoke: { zh: '烟感', en: 'Smoke' },
  gas: { zh: '燃气泄漏', en: 'Gas' },
  water: { zh: '水浸', en: 'Water leak' },
  door: { zh: '门磁（长时间未开门）', en: 'Door not opened' },
  fall: { zh: '跌倒', en: 'Fall' },
  heart_rate: { zh: '心率异常', en: 'Heart rate' },
  offline: { zh: '设备离线', en: 'Device offline' },
};
export const alarmStates = ['open', 'acknowledged', 'closed'] as const;
export const alarmStateNames = {
  open: { zh: '待响应', en: 'Open' },
  acknowledged: { zh: '已响应', en: 'Acknowledged' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** Where a care subject's visits stand today. */
export const careStates = ['ok', 'due', 'overdue', 'escalated'] as const;
export const careStateNames = {
  ok: { zh: '按时', en: 'On time' },
  due: { zh: '即将到期', en: 'Due soon' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  escalated: { zh: '逾期已上报社区', en: 'Overdue, escalated' },
};

const phone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: bilingual({ zh: '请输入 11 位手机号', en: 'An 11-digit mobile number' }) });

export const subjectQuery = z.object({
  community: z.string().regex(/^\d{12}$/),
  grid: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
  level: z.enum(careLevels).optional(),
  state: z.enum(careStates).optional(),
});

export const careSubject = z.object({
  id: z.number(),
  residentId: z.number(),
  name: z.string(),
  age: z.number().nullable(),
  address: z.string(),
  grid: z.string(),
  level: z.enum(careLevels),
  levelName: z.string(),
  levelAuto: z.enum(careLevels).nullable(),
  overrideReason: z.string().nullable(),
  frequency: z.enum(frequencies),
  lastCareOn: z.string().nullable(),
  dueOn: z.string(),
  state: z.enum(careStates),
  stateName: z.string(),
  helpers: z.array(z.object({ id: z.number(), kind: z.enum(helperKinds), name: z.string() })),
  services: z.array(z.enum(careServices)),
  devices: z.number(),
});
export const subjectList = z.object({
  items: z.array(careSubject),
  counts: z.record(z.string(), z.number()),
  canManage: z.boolean(),
});

/** A subject's plan: level by hand (with a reason), services, emergency contact. */
export const subjectPatch = z
  .object({
    level: z.enum(careLevels).nullable().optional(),
    overrideReason: z.string().trim().max(200).optional(),
    services: z.array(z.enum(careServices)).max(careServices.length).optional(),
    emergencyName: z.string().trim().min(2).max(30).nullable().optional(),
    emergencyPhone: phone.nullable().optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((p) => p.level == null || (p.overrideReason ?? '').length >= 2, {
    path: ['overrideReason'],
    error: bilingual({ zh: '手动调整关爱等级需填写理由', en: 'A reason is needed to set the level by hand' }),
  });

export const helperInput = z
  .object({
    kind: z.enum(helperKinds),
    userId: z.number().int().positive().nullable().default(null),
    residentId: z.number().int().positive().nullable().default(null),
    name: z.string().trim().min(2).max(30),
  })
  .refine((h) => h.userId !== null || h.residentId !== null, {
    path: ['userId'],
    error: bilingual({ zh: '请选择结对人（账号或居民）', en: 'Pick the helper (an account or a resident)' }),
  });

/** A helper's own care visit (a pair-up helper on the phone). */
export const checkinInput = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(['home', 'phone', 'video', 'door']).default('home'),
  notes: z.string().trim().max(1000).default(''),
});

export const subjectDetail = careSubject.extend({
  emergencyName: z.string().nullable(),
  emergencyPhone: z.string().nullable(),
  note: z.string(),
  checkins: z.array(z.object({ at: z.string(), kind: z.string(), helper: z.string(), notes: z.string() })),
  deviceList: z.array(z.object({ id: z.number(), kind: z.enum(deviceKinds), serial: z.string(), online: z.boolean() })),
});

/** My pairings (a helper's phone page). */
export const myPairings = z.object({
  items: z.array(
    careSubject.pick({
      id: true,
      name: true,
      address: true,
      level: true,
      levelName: true,
      dueOn: true,
      state: true,
      stateName: true,
      lastCareOn: true,
    }),
  ),
});

// ---- devices ----

export const deviceInput = z.object({
  vendorId: z.number().int().positive(),
  serial: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{4,40}$/),
  kind: z.enum(deviceKinds),
  residentId: z.number().int().positive(),
  heartbeatMinutes: z.number().int().min(1).max(1440).default(60),
});

/** What a vendor posts (signed): an alarm of a device it registered. */
export const vendorAlarm = z.object({
  serial: z.string().min(1).max(40),
  /** The vendor's id of this alarm (a redelivery of the same id is the same alarm). */
  alarmId: z.string().min(1).max(100),
  kind: z.enum(deviceKinds),
  /** When the device raised it (ISO time). */
  at: z.iso.datetime({ offset: true }),
  detail: z.string().max(200).default(''),
});
export const vendorHeartbeat = z.object({
  serial: z.string().min(1).max(40),
  at: z.iso.datetime({ offset: true }),
  battery: z.number().int().min(0).max(100).optional(),
});
export const alarmAccepted = z.object({
  alarmId: z.number(),
  caseId: z.number().nullable(),
  caseNo: z.string().nullable(),
  /** A new alarm with its new urgent case. */
  created: z.boolean(),
  /** A repeat within 10 minutes attached to the open alarm and its case. */
  attached: z.boolean(),
});

export const alarmQuery = z.object({
  community: z.string().regex(/^\d{12}$/),
  state: z.enum(alarmStates).optional(),
});
export const alarmItem = z.object({
  id: z.number(),
  kind: z.enum([...deviceKinds, 'offline']),
  kindName: z.string(),
  subject: z.string(),
  address: z.string(),
  serial: z.string(),
  raisedAt: z.string(),
  state: z.enum(alarmStates),
  stateName: z.string(),
  repeats: z.number(),
  caseId: z.number().nullable(),
  /** Seconds from the alarm to its first response (acknowledged), when there was one. */
  responseSeconds: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
});
export const alarmList = z.object({
  items: z.array(alarmItem),
  counts: z.record(z.string(), z.number()),
  /** Median seconds to first response over the closed and acknowledged alarms listed. */
  medianResponseSeconds: z.number().nullable(),
  devices: z.object({ total: z.number(), offline: z.number() }),
});
export const alarmAction = z.object({
  action: z.enum(['acknowledge', 'close']),
  note: z.string().trim().max(200).default(''),
});
