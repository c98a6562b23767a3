import type { Executor } from '../../core/db.js';

/**
 * The community's 联席会议 in a period — one meeting model for the street: the deliberation module's calendar shows
 * them beside its own meetings (it reads them through this, never the table).
 */
export async function jointMeetingsOf(db: Executor, streetId: string, community: string, from: string, to: string) {
  const rows = await db
    .selectFrom('party_meetings')
    .select(['id', 'title', 'held_on'])
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where('held_on', '>=', from)
    .where('held_on', '<', to)
    .orderBy('held_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    day: typeof r.held_on === 'string' ? r.held_on : new Date(r.held_on).toISOString().slice(0, 10),
  }));
}
