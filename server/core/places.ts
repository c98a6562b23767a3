import type { Executor } from './db.js';
import { notFound } from './errors.js';

/**
 * A place of the tree as rules are asked about it: its name, path and street (404 when there is
 * no such place). What core's own routes (stats, settings) and commands target.
 */
export async function placeOf(db: Executor, code: string) {
  const r = await db
    .selectFrom('regions')
    .select(['code', 'name', 'path', 'street_id'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '区划', en: 'Region' });
  return { code: r.code, name: r.name, regionPath: r.path, streetId: r.street_id };
}
