import type { HotlineItem } from '../../../contracts/hotlines.js';
import type { Executor } from '../../core/db.js';

/** A community's numbers in the order its staff set (then by name), with the community's name. */
export async function listHotlines(db: Executor, streetId: string, community: string): Promise<HotlineItem[]> {
  return db
    .selectFrom('hotlines as h')
    .innerJoin('regions as r', 'r.code', 'h.community_code')
    .select([
      'h.id',
      'h.community_code as community',
      'r.name as communityName',
      'h.name',
      'h.phone',
      'h.kind',
      'h.hours',
      'h.sort',
    ])
    .where('h.street_id', '=', streetId)
    .where('h.community_code', '=', community)
    .where('h.removed_at', 'is', null)
    .orderBy('h.sort')
    .orderBy('h.name')
    .execute();
}

/** A community's place in the tree (its path and street), or undefined. */
export function communityOf(db: Executor, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'path', 'street_id'])
    .where('code', '=', code)
    .where('level', '=', 'community')
    .executeTakeFirst();
}
