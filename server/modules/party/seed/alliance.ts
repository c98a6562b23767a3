import type { Db } from '../../../core/db.js';
import { localDate, workCalendarOf } from '../../cases/index.js';
import { dueAfter } from '../commands/alliance.js';

const ITEMS: readonly { kind: 'activity' | 'resource' | 'team'; what: string; target: number; unit: string }[] = [
  { kind: 'activity', what: '联合开展主题党日活动', target: 4, unit: '次' },
  { kind: 'resource', what: '开放会议室、活动场地', target: 12, unit: '次' },
  { kind: 'team', what: '组建党员志愿服务队参与社区服务', target: 40, unit: '小时' },
];
const TOPICS = [
  '老旧小区楼道照明改造',
  '背街小巷环境卫生整治',
  '独居老人结对关爱',
  '停车位规划与电动车充电',
  '学校周边交通安全',
  '防汛物资与应急演练',
];

/**
 * 庆城社区's alliance: a co-building agreement with each unit of the street (three items each, with
 * progress through the year), and this year's quarterly joint meetings, each with resolutions for
 * the units on deadlines of 20 working days — the older ones mostly done, some overdue.
 */
export async function seedAlliance(db: Db, streetId: string, community: string): Promise<Record<string, number>> {
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const today = localDate(new Date());
  const units = await db
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('street_id', '=', streetId)
    .orderBy('id')
    .execute();
  let items = 0;
  for (const [k, u] of units.entries()) {
    const a = await db
      .insertInto('party_agreements')
      .values({
        street_id: streetId,
        community_code: community,
        agency_id: u.id,
        title: `庆城社区与${u.name}共驻共建协议`.slice(0, 80),
        signed_on: `${year}-01-${String(10 + (k % 15)).padStart(2, '0')}`,
        term_end: `${year + 2}-12-31`,
        file_name: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, item] of ITEMS.entries()) {
      const row = await db
        .insertInto('party_agreement_items')
        .values({ street_id: streetId, agreement_id: a.id, ...item })
        .returning('id')
        .executeTakeFirstOrThrow();
      items++;
      // progress so far: some units ahead, some behind
      const done = Math.round((item.target * ((k + i) % 5)) / 5);
      if (done > 0)
        await db
          .insertInto('party_agreement_progress')
          .values({
            street_id: streetId,
            item_id: row.id,
            done_on: `${year}-0${(i % 9) + 3}-15`,
            amount: done,
            note: '',
          })
          .execute();
    }
  }
  const calendar = await workCalendarOf(db, streetId);
  let resolutions = 0;
  const meetings = [1, 4, 7, 10].map((m) => `${year}-${String(m).padStart(2, '0')}-15`).filter((d) => d <= today);
  for (const [q, heldOn] of meetings.entries()) {
    const m = await db
      .insertInto('party_meetings')
      .values({
        street_id: streetId,
        community_code: community,
        title: `${year}年第${q + 1}季度党建联席会议`,
        held_on: heldOn,
        attendees: units
          .map((u) => u.name)
          .join('、')
          .slice(0, 500),
        minutes: '通报上季度决议落实情况，议定本季度共建事项。',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let r = 0; r < 3 && units.length > 0; r++) {
      const lead = units[(q * 3 + r) % units.length] as { id: number };
      const assist = units[(q * 3 + r + 1) % units.length] as { id: number };
      const due = dueAfter(heldOn, 20, calendar);
      // older quarters mostly done; one of each quarter's before the last left open (overdue)
      const done = due < today && r !== 1 ? due : null;
      await db
        .insertInto('party_resolutions')
        .values({
          street_id: streetId,
          meeting_id: m.id,
          what: TOPICS[(q * 3 + r) % TOPICS.length] as string,
          lead_agency_id: lead.id,
          assist_agency_ids: assist.id === lead.id ? [] : [assist.id],
          due_on: due,
          done_on: done,
        })
        .execute();
      resolutions++;
    }
  }
  return { agreements: units.length, 'agreement items': items, 'joint meetings': meetings.length, resolutions };
}
