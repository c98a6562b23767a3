import type { Db } from '../../../core/db.js';
import { localDate } from '../../cases/index.js';

const WHAT = ['党员志愿服务进小区', '政策法规宣讲', '义诊进社区', '楼道清洁日', '关爱空巢老人上门', '垃圾分类督导'];

/**
 * 双报到 of whole units to the demo community (seeds/001): eight of the alliance's units reported
 * their branch — six approved with a post and a year of services (some below the yearly minimum),
 * two still waiting for the secretary. Units the demo accounts act for are left to report live.
 */
export async function seedUnitReports(
  db: Db,
  streetId: string,
  community: string,
  names: readonly string[],
  random: () => number,
) {
  const units = await db
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', streetId)
    .where('name', 'in', [...names])
    .orderBy('id')
    .limit(8)
    .execute();
  const posts = await db
    .selectFrom('party_posts')
    .select('id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .orderBy('id')
    .execute();
  const today = localDate(new Date());
  const year = Number(today.slice(0, 4));
  let services = 0;
  for (const [i, u] of units.entries()) {
    const approved = i < 6;
    const r = await db
      .insertInto('party_unit_reports')
      .values({
        street_id: streetId,
        agency_id: u.id,
        community_code: community,
        members: 5 + Math.floor(random() * 20),
        status: approved ? 'approved' : 'requested',
        post_id: approved ? (posts[i % posts.length]?.id ?? null) : null,
        note: approved ? '' : '申请到社区报到，参与志愿服务',
        requested_at: new Date(`${year}-0${1 + (i % 9)}-10T09:00:00+08:00`),
        decided_at: approved ? new Date(`${year}-0${1 + (i % 9)}-12T10:00:00+08:00`) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!approved) continue;
    const n = i < 4 ? 4 + (i % 3) : 1 + (i % 2); // the last two approved fall short of the minimum
    for (let k = 0; k < n; k++) {
      const month = Math.min(Number(today.slice(5, 7)), 1 + Math.floor(((k + 1) * 11) / (n + 1)));
      const served = `${year}-${String(month).padStart(2, '0')}-${String(5 + ((i + k) % 20)).padStart(2, '0')}`;
      await db
        .insertInto('party_unit_services')
        .values({
          street_id: streetId,
          report_id: r.id,
          served_on: served <= today ? served : today,
          people: 3 + Math.floor(random() * 10),
          hours: 2 + Math.floor(random() * 3),
          what: WHAT[(i + k) % WHAT.length] as string,
          recorded_by: null,
        })
        .execute();
      services++;
    }
  }
  return { 'units reported (双报到)': units.length, 'unit services': services };
}
