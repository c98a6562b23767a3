import { sql } from 'kysely';
import { needCategories, type NeedCategory } from '../../../contracts/needs.js';
import type { Executor } from '../../core/db.js';
import { localDate } from '../cases/index.js';

/**
 * How a need's candidate resources are ranked (docs/RULES.md "Needs"): the score is the sum of five
 * parts, at most 100 — category 40 (the same) or 25 (its parent or a child), capacity left 15 × the
 * share left, distance 20 within 500 m falling to 0 at 5 km (5 when either place is unknown),
 * schedule 10 when valid for 30 days more (less in proportion), past ratings 15 × (average − 1) ÷ 4
 * (7.5 with none yet). Resources used up, expired, not yet valid within 30 days or inactive are
 * not candidates.
 */
export const WEIGHTS = {
  category: 40,
  related: 25,
  capacity: 15,
  distance: 20,
  unknownPlace: 5,
  schedule: 10,
  rating: 15,
};

export type Ranked = {
  id: number;
  title: string;
  provider: string;
  category: string;
  capacity: number;
  capacity_left: number;
  metres: number | null;
  days_left: number;
  rating: number | null;
  rated: number;
  p_category: number;
  p_capacity: number;
  p_distance: number;
  p_schedule: number;
  p_rating: number;
  score: number;
};

/** The categories that can meet a need of `c`: itself, its parent, and its children. */
export function relatedCategories(c: NeedCategory): string[] {
  const parent = needCategories[c].parent;
  const children = Object.entries(needCategories)
    .filter(([, v]) => v.parent === c)
    .map(([k]) => k);
  return [c, ...(parent ? [parent] : []), ...children];
}

/** The top `limit` candidates for a need at a place (or none), best first, with each part's points. */
export async function rankResources(
  db: Executor,
  streetId: string,
  need: { category: NeedCategory; lng: number | null; lat: number | null },
  limit = 10,
): Promise<Ranked[]> {
  const today = localDate(new Date());
  const w = WEIGHTS;
  const lng = need.lng;
  const lat = need.lat;
  // metres by the equirectangular approximation (exact enough within a street)
  const metres =
    lng === null || lat === null
      ? sql<number | null>`NULL::float8`
      : sql<number | null>`CASE WHEN r.lng IS NULL OR r.lat IS NULL THEN NULL ELSE 6371000 * sqrt(
          power(radians(r.lng - ${lng}::float8) * cos(radians((r.lat + ${lat}::float8) / 2)), 2)
          + power(radians(r.lat - ${lat}::float8), 2)) END`;
  const rows = await sql<Ranked>`
    SELECT c.*, round((c.p_category + c.p_capacity + c.p_distance + c.p_schedule + c.p_rating)::numeric, 1)::float8 AS score
    FROM (
      SELECT r.id::int AS id, r.title, coalesce(a.name, r.owner_name, '') AS provider, r.category, r.capacity, r.capacity_left,
        m.metres, (r.valid_to - ${today}::date)::int AS days_left, rt.rating, coalesce(rt.rated, 0)::int AS rated,
        CASE WHEN r.category = ${need.category} THEN ${w.category} ELSE ${w.related} END::float8 AS p_category,
        (${w.capacity} * r.capacity_left::float8 / r.capacity) AS p_capacity,
        CASE WHEN m.metres IS NULL THEN ${w.unknownPlace}::float8
          ELSE ${w.distance} * greatest(0, least(1, (5000 - m.metres) / 4500)) END AS p_distance,
        (${w.schedule} * least(1, greatest(0, r.valid_to - ${today}::date)::float8 / 30)) AS p_schedule,
        CASE WHEN rt.rating IS NULL THEN ${w.rating / 2}::float8 ELSE ${w.rating} * (rt.rating - 1) / 4 END AS p_rating
      FROM resources r
      LEFT JOIN agencies a ON a.street_id = r.street_id AND a.id = r.agency_id
      LEFT JOIN LATERAL (SELECT ${metres} AS metres) m ON true
      LEFT JOIN LATERAL (
        SELECT avg(p.rating)::float8 AS rating, count(p.rating) AS rated FROM need_projects p
        WHERE p.street_id = r.street_id AND p.resource_id = r.id AND p.rating IS NOT NULL
      ) rt ON true
      WHERE r.street_id = ${streetId} AND r.active AND r.capacity_left > 0
        AND r.category IN (${sql.join(relatedCategories(need.category))})
        AND r.valid_to >= ${today}::date AND r.valid_from <= ${today}::date + 30
    ) c
    ORDER BY score DESC, c.id
    LIMIT ${limit}`.execute(db);
  return rows.rows;
}

const names = (c: string) => needCategories[c as NeedCategory] ?? { zh: c, en: c };

/** Each part of a candidate's score in words, in both languages, with its points (they sum to the score). */
export function reasonsOf(r: Ranked, need: NeedCategory) {
  const round = (n: number) => Math.round(n * 10) / 10;
  const same = r.category === need;
  const km = r.metres === null ? null : r.metres / 1000;
  return [
    {
      factor: 'category',
      text: same ? `类别相同（${names(r.category).zh}）` : `相关类别（${names(r.category).zh}）`,
      en: same ? `Same category (${names(r.category).en})` : `Related category (${names(r.category).en})`,
      points: round(r.p_category),
    },
    {
      factor: 'capacity',
      text: `余量 ${r.capacity_left}/${r.capacity}`,
      en: `${r.capacity_left} of ${r.capacity} left`,
      points: round(r.p_capacity),
    },
    {
      factor: 'distance',
      text: km === null ? '位置未知' : `距离 ${km < 1 ? `${Math.round(r.metres ?? 0)} 米` : `${km.toFixed(1)} 公里`}`,
      en: km === null ? 'Place unknown' : `${km < 1 ? `${Math.round(r.metres ?? 0)} m` : `${km.toFixed(1)} km`} away`,
      points: round(r.p_distance),
    },
    {
      factor: 'schedule',
      text: r.days_left >= 30 ? '一个月内均可提供' : `仅余 ${r.days_left} 天有效期`,
      en: r.days_left >= 30 ? 'Available all month' : `Valid ${r.days_left} more days`,
      points: round(r.p_schedule),
    },
    {
      factor: 'rating',
      text: r.rating === null ? '暂无评价（按中等计）' : `以往评价 ${r.rating.toFixed(1)} 分（${r.rated} 次）`,
      en: r.rating === null ? 'Not rated yet (counted as average)' : `Rated ${r.rating.toFixed(1)} (${r.rated} times)`,
      points: round(r.p_rating),
    },
  ];
}
