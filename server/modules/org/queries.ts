import { likeLiteral } from '../../core/sql-scope.js';
import { sql } from 'kysely';
import type { RegionDetail, RegionMap, RegionSearchResult, RegionSummary } from '../../../contracts/regions.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import type { RegionLevel } from './tables.js';

const REGION = { zh: '行政区划', en: 'Region' };

function summaries(db: Executor) {
  return db.selectFrom('regions as r').select((eb) => [
    'r.code',
    'r.level',
    'r.name',
    'r.official_name as officialName',
    'r.parent_code as parentCode',
    'r.street_id as streetId',
    eb
      .selectFrom('regions as c')
      .whereRef('c.parent_code', '=', 'r.code')
      .select((e) => e.fn.countAll<number>().as('n'))
      .as('childCount'),
  ]);
}

type Row = Omit<RegionSummary, 'childCount'> & { childCount: number | null };
const toSummary = (r: Row): RegionSummary => ({ ...r, childCount: Number(r.childCount ?? 0) });

/** Codes of a node's ancestors, top down, read off its path. */
function ancestorCodes(path: string, code: string): string[] {
  return path.split('/').filter((c) => c && c !== code);
}

/** A node, its ancestors, its children with their counts, and what lies under it. */
export async function getRegionDetail(db: Executor, code: string): Promise<RegionDetail> {
  const node = await db.selectFrom('regions').select(['path']).where('code', '=', code).executeTakeFirst();
  if (!node) throw notFound(REGION);
  const ancestors = ancestorCodes(node.path, code);
  const [rows, children, descendants, bbox] = await Promise.all([
    summaries(db)
      .where('r.code', 'in', [code, ...ancestors])
      .execute(),
    summaries(db).where('r.parent_code', '=', code).orderBy('r.code').execute(),
    db
      .selectFrom('regions')
      .where('path', 'like', `${node.path}%`)
      .where('code', '<>', code)
      .groupBy('level')
      .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
      .execute(),
    db
      .selectFrom('region_boundaries as b')
      .innerJoin('regions as r', 'r.code', 'b.region_code')
      .where((eb) => eb.or([eb('r.code', '=', code), eb('r.parent_code', '=', code)]))
      .select((eb) => [
        eb.fn.min('b.min_lng').as('minLng'),
        eb.fn.min('b.min_lat').as('minLat'),
        eb.fn.max('b.max_lng').as('maxLng'),
        eb.fn.max('b.max_lat').as('maxLat'),
      ])
      .executeTakeFirst(),
  ]);
  const byCode = new Map(rows.map((r) => [r.code, toSummary(r)]));
  const region = byCode.get(code);
  if (!region) throw notFound(REGION);
  return {
    region,
    ancestors: ancestors.flatMap((c) => byCode.get(c) ?? []),
    children: children.map(toSummary),
    descendants: Object.fromEntries(descendants.map((d) => [d.level, Number(d.n)])),
    bbox:
      bbox && bbox.minLng !== null && bbox.minLat !== null && bbox.maxLng !== null && bbox.maxLat !== null
        ? [bbox.minLng, bbox.minLat, bbox.maxLng, bbox.maxLat]
        : null,
  };
}

/**
 * Finds nodes by part of their display or official name, or by the start of their code; without
 * a query, the top-level nodes. Shorter names and higher levels first: `庆城` finds 庆城社区
 * before a 庆城路 grid.
 */
export async function searchRegions(
  db: Executor,
  opts: { q?: string | undefined; level?: RegionLevel | undefined; limit: number },
): Promise<RegionSearchResult> {
  let query = summaries(db).select(['r.path', 'r.depth']);
  if (opts.q) {
    const q = opts.q;
    const pattern = `%${likeLiteral(q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('r.name', 'like', pattern),
        eb('r.official_name', 'like', pattern),
        ...(/^\d+$/.test(q) ? [eb('r.code', 'like', `${q}%`)] : []),
      ]),
    );
  } else {
    query = query.where('r.parent_code', 'is', null);
  }
  if (opts.level) query = query.where('r.level', '=', opts.level);
  const rows = await query
    .orderBy('r.depth')
    .orderBy(sql`length(r.name)`)
    .orderBy('r.code')
    .limit(opts.limit)
    .execute();
  const ancestorSet = new Set(rows.flatMap((r) => ancestorCodes(r.path, r.code)));
  const names =
    ancestorSet.size === 0
      ? []
      : await db
          .selectFrom('regions')
          .select(['code', 'name'])
          .where('code', 'in', [...ancestorSet])
          .execute();
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return {
    items: rows.map(({ path, depth: _depth, ...r }) => ({
      ...toSummary(r),
      pathNames: ancestorCodes(path, r.code).map((c) => nameOf.get(c) ?? c),
    })),
  };
}

/** The boundaries of a node's children (a community's grids), or the node's own when it has no children drawn. */
export async function getRegionMap(db: Executor, code: string): Promise<RegionMap> {
  const exists = await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst();
  if (!exists) throw notFound(REGION);
  const rows = await db
    .selectFrom('regions as r')
    .innerJoin('region_boundaries as b', 'b.region_code', 'r.code')
    .where('r.parent_code', '=', code)
    .select(['r.code', 'r.name', 'r.level', 'b.geometry'])
    .orderBy('r.code')
    .execute();
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      properties: { code: r.code, name: r.name, level: r.level },
      geometry: r.geometry as RegionMap['features'][number]['geometry'],
    })),
  };
}
