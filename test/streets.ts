import { sql } from 'kysely';
import type { Db } from '../server/core/db.js';
import { importRegions } from '../server/modules/org/commands/import-regions.js';

/** 金牛区's weights of the composite score (RULES.md), for indicator calls in tests and benchmarks. */
export const JINNIU_WEIGHTS = { disposal: 30, disposalOnTime: 20, rework: 20, overduePending: 20, extension: 10 };

export type AddedStreet = { code: string; path: string; cases: number };

/**
 * More streets of a district with cases, for cross-street figures: the district's tree from the
 * national division, then in each of its first `streets` streets (other than those that already
 * hold cases) one category and `casesPerStreet` cases registered this year in its communities,
 * a third of them closed. Deterministic; returns the streets written.
 */
export async function addStreets(
  db: Db,
  o: { district: string; streets: number; casesPerStreet: number },
): Promise<AddedStreet[]> {
  await importRegions({ db, scope: { level: 'district', code: o.district } });
  const busy = new Set(
    (await db.selectFrom('case_categories').select('street_id').distinct().execute()).map((r) => r.street_id),
  );
  const streets = (
    await db
      .selectFrom('regions')
      .select(['code', 'path'])
      .where('parent_code', '=', o.district)
      .where('level', '=', 'street')
      .orderBy('code')
      .execute()
  )
    .filter((s) => !busy.has(s.code))
    .slice(0, o.streets);
  const year = new Date().getFullYear();
  const out: AddedStreet[] = [];
  for (const s of streets) {
    const communities = await db
      .selectFrom('regions')
      .select(['code', 'path'])
      .where('parent_code', '=', s.code)
      .orderBy('code')
      .execute();
    if (communities.length === 0) continue;
    const { id: category } = await db
      .insertInto('case_categories')
      .values({
        street_id: s.code,
        code: 'env.sanitation',
        name: '环境卫生',
        tier: 'public',
        sign_limit: 2,
        sign_unit: 'hours',
        handle_limit: 5,
        handle_unit: 'working_days',
        handler_kind: 'grid',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const n = o.casesPerStreet;
    const at = (i: number) => new Date(Date.UTC(year, 0, 2 + (i % 300), 2, 0, 0));
    const community = (i: number) => communities[i % communities.length] as { code: string; path: string };
    await sql`
      INSERT INTO cases (street_id, source, category_id, tier, title, description, community_code, region_path,
        submitter_key, status, created_at, registered_at, dispatched_at, handle_due_at, handled_at, closed_at)
      SELECT ${s.code}, 'hotline', ${category}, 'public', '测试', '跨街道汇总的测试案件', community_code, region_path,
        'test', CASE WHEN closed THEN 'closed' ELSE 'handling' END, at, at, at, at + interval '5 days',
        CASE WHEN closed THEN at + interval '1 day' END, CASE WHEN closed THEN at + interval '2 days' END
      FROM unnest(${Array.from({ length: n }, (_, i) => community(i).code)}::text[],
        ${Array.from({ length: n }, (_, i) => community(i).path)}::text[],
        ${Array.from({ length: n }, (_, i) => at(i))}::timestamptz[],
        ${Array.from({ length: n }, (_, i) => i % 3 === 0)}::bool[]) AS t(community_code, region_path, at, closed)`.execute(
      db,
    );
    out.push({ code: s.code, path: s.path, cases: n });
  }
  return out;
}
