import { visitSettingsSchema } from '../../../../contracts/visits.js';
import type { DeviceKind } from '../../../../contracts/care.js';
import { DEMO_GRID } from '../../../core/demo.js';
import type { Db } from '../../../core/db.js';
import { encrypt, type Keyring } from '../../../core/pii/index.js';
import { localDate } from '../../cases/index.js';
import { DEMO_SOS_SERIAL, DEMO_VENDOR } from '../care/cli.js';
import { escalatesOn, refreshCareSubjects, subjectRows } from '../care/subjects.js';

const SURNAMES = '陈林黄张吴王郑刘李杨';
const NOTES = ['精神状态良好，已提醒按时服药', '陪老人聊天，了解饮食起居', '帮助购买生活用品', '电话问候，一切安好'];
const DAY = 86_400_000;

/**
 * 庆城社区's care (seeds/000, 002): every resident whose tags and age give a care level is a subject;
 * most have pair-up helpers (party members, the building leader, neighbours; the demo party member
 * looks after three in 第1网格) who visited through the year — a few have fallen behind; the
 * high-level ones have meals, medicine reminders and an emergency contact; about 100 homes have 关护通
 * devices of the demo vendor, with a year of alarms (nearly all answered within minutes) and one
 * device offline now. Subjects already overdue count as told (the server tells only new ones).
 */
export async function seedCare(
  db: Db,
  keyring: Keyring,
  streetId: string,
  communityPath: string,
  random: () => number,
) {
  const settings = visitSettingsSchema.parse({});
  const today = localDate(new Date());
  await refreshCareSubjects(db, streetId, { underPath: communityPath }, settings, today);
  const subjects = await db
    .selectFrom('care_subjects as s')
    .select(['s.id', 's.resident_id', 's.household_id', 's.grid_path', 's.level_auto'])
    .where('s.street_id', '=', streetId)
    .where('s.grid_path', 'like', `${communityPath}%`)
    .where('s.active', '=', true)
    .orderBy('s.id')
    .execute();
  const users = new Map(
    (
      await db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', 'in', ['partymember', 'buildingleader', 'gridworker'])
        .execute()
    ).map((u) => [u.username, u.id]),
  );
  const members = await db
    .selectFrom('party_members')
    .select(['resident_id', 'name'])
    .where('street_id', '=', streetId)
    .where('region_path', 'like', `${communityPath}%`)
    .where('resident_id', 'is not', null)
    .where('active', '=', true)
    .limit(200)
    .execute();
  let helpers = 0;
  let checkins = 0;
  let mine = 0;
  for (const [i, s] of subjects.entries()) {
    const level = s.level_auto ?? 'general';
    const inDemoGrid = s.grid_path.includes(`/${DEMO_GRID}/`);
    if (level !== 'general' || inDemoGrid)
      await db
        .updateTable('care_subjects')
        .set({
          services: level === 'high' ? ['canteen', 'medicine_reminder', 'health_check'] : ['home_service'],
          emergency_name: `${SURNAMES[i % SURNAMES.length]}${level === 'high' ? '女士' : '先生'}`,
          emergency_phone_cipher: encrypt(keyring, `138${String(60_000_000 + i * 7_919).padStart(8, '0')}`),
          ...(i % 17 === 3 ? { level_override: 'high', override_reason: '近期摔倒住院，出院后加强关注' } : {}),
        })
        .where('street_id', '=', streetId)
        .where('id', '=', s.id)
        .execute();
    if (random() < 0.3 && !inDemoGrid) continue; // not everyone has a helper yet
    const pair: {
      kind: 'party_member' | 'building_leader' | 'neighbour';
      user: number | null;
      resident: number | null;
      name: string;
    }[] = [];
    const partymember = users.get('partymember');
    if (inDemoGrid && mine < 3 && partymember) {
      pair.push({ kind: 'party_member', user: partymember, resident: null, name: '庆城社区党员' });
      mine++;
    } else {
      const m = members[i % Math.max(1, members.length)];
      if (m?.resident_id) pair.push({ kind: 'party_member', user: null, resident: m.resident_id, name: m.name });
    }
    const leader = users.get('buildingleader');
    if (inDemoGrid && leader && i % 2 === 0)
      pair.push({ kind: 'building_leader', user: leader, resident: null, name: '楼栋长' });
    for (const p of pair) {
      const h = await db
        .insertInto('care_helpers')
        .values({
          street_id: streetId,
          subject_id: s.id,
          kind: p.kind,
          user_id: p.user,
          resident_id: p.resident,
          name: p.name,
          since: `${today.slice(0, 4)}-01-05`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      helpers++;
      // visits through the year at the level's pace; about one in eight helpers fell behind lately
      const every = level === 'high' ? 7 : level === 'key' ? 30 : 90;
      const behind = random() < 0.12 ? every * 2 : 0;
      const rows = [];
      for (let d = 330; d > behind; d -= every * (0.8 + random() * 0.3))
        rows.push({
          street_id: streetId,
          subject_id: s.id,
          helper_id: h.id,
          at: new Date(Date.now() - d * DAY - random() * 6 * 3_600_000),
          kind: random() < 0.7 ? ('home' as const) : ('phone' as const),
          notes: NOTES[Math.floor(random() * NOTES.length)] as string,
        });
      if (rows.length) await db.insertInto('care_checkins').values(rows).execute();
      checkins += rows.length;
    }
  }
  // the overdue ones were told already (the server tells new ones as they fall due)
  const { path } = await db.selectFrom('regions').select('path').where('code', '=', streetId).executeTakeFirstOrThrow();
  for (const r of await subjectRows(db, streetId, path, settings))
    if (r.dueOn < today)
      await db
        .updateTable('care_subjects')
        .set({
          notified_for: r.dueOn,
          ...(r.level === 'high' && today >= escalatesOn(r.dueOn) ? { escalated_for: r.dueOn } : {}),
        })
        .where('street_id', '=', streetId)
        .where('id', '=', r.id)
        .execute();
  const devices = await seedDevices(db, keyring, streetId, subjects, random);
  return { 'care subjects': subjects.length, 'care helpers': helpers, 'care check-ins': checkins, ...devices };
}

type Subject = { id: number; resident_id: number; household_id: number; grid_path: string; level_auto: string | null };

async function seedDevices(db: Db, keyring: Keyring, streetId: string, subjects: Subject[], random: () => number) {
  const vendor = await db
    .insertInto('care_vendors')
    .values({
      street_id: streetId,
      name: '关护通（演示厂商）',
      key_id: DEMO_VENDOR.keyId,
      secret_cipher: encrypt(keyring, DEMO_VENDOR.secret),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // the high and key subjects first (seeds/002: 100 elderly homes), the demo grid's first high subject holds the demo SOS button
  const homes = [...subjects].sort((a, b) => rank(a) - rank(b)).slice(0, 100);
  const now = Date.now();
  let devices = 0;
  let alarms = 0;
  for (const [i, s] of homes.entries()) {
    const kinds: DeviceKind[] = [
      'sos',
      ...(i % 3 === 0 ? (['smoke'] as const) : []),
      ...(i % 5 === 0 ? (['gas'] as const) : []),
    ];
    for (const kind of kinds) {
      const serial = i === 0 && kind === 'sos' ? DEMO_SOS_SERIAL : `GHT-${kind.toUpperCase()}-${String(1000 + i)}`;
      const offline = i === 7 && kind === 'sos';
      const d = await db
        .insertInto('care_devices')
        .values({
          street_id: streetId,
          vendor_id: vendor.id,
          serial,
          kind,
          resident_id: s.resident_id,
          household_id: s.household_id,
          grid_path: s.grid_path,
          heartbeat_minutes: 60,
          last_heartbeat_at: new Date(offline ? now - 5 * 3_600_000 : now - random() * 30 * 60_000),
          installed_on: localDate(new Date(now - 360 * DAY)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      devices++;
      // a year of alarms: mostly pressed by mistake and answered by phone within minutes
      const n = kind === 'sos' ? Math.floor(random() * 4) : random() < 0.2 ? 1 : 0;
      const rows = [];
      for (let k = 0; k < n; k++) {
        const raised = new Date(now - (5 + random() * 355) * DAY);
        const answered = new Date(raised.getTime() + (30 + random() * 900) * 1000);
        rows.push({
          street_id: streetId,
          device_id: d.id,
          kind,
          vendor_alarm_id: `seed-${d.id}-${k}`,
          grid_path: s.grid_path,
          raised_at: raised,
          received_at: raised,
          case_id: null,
          status: 'closed' as const,
          acknowledged_at: answered,
          closed_at: new Date(answered.getTime() + 20 * 60_000),
          note: random() < 0.8 ? '误触，已电话确认老人安好' : '已上门查看并处置',
        });
      }
      if (offline)
        rows.push({
          street_id: streetId,
          device_id: d.id,
          kind: 'offline' as const,
          vendor_alarm_id: null,
          grid_path: s.grid_path,
          raised_at: new Date(now - 4 * 3_600_000),
          received_at: new Date(now - 4 * 3_600_000),
          case_id: null,
          status: 'open' as const,
          acknowledged_at: null,
          closed_at: null,
          note: '',
        });
      if (rows.length) await db.insertInto('care_alarms').values(rows).execute();
      alarms += rows.length;
    }
  }
  return { 'care devices': devices, 'care alarms': alarms };

  function rank(s: Subject) {
    const demo = s.grid_path.includes(`/${DEMO_GRID}/`) ? 0 : 1;
    return (s.level_auto === 'high' ? 0 : s.level_auto === 'key' ? 2 : 4) + demo;
  }
}
