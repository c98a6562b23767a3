import { sql } from 'kysely';
import { stationKinds, type CoverageReport, type StationKind } from '../../../contracts/stations.js';
import type { Executor } from '../../core/db.js';
import { coveredBy, radiusOf, suggestSites, type Candidate, type Reach } from './coverage.js';

/**
 * The 15-minute circle of a street or a community: per community, households and buildings, and for each kind of
 * station the households with one within reach; the buildings with none of `kind` (on the map), and where new stations
 * of that kind would reach the most of them — candidates are the area's non-residential buildings (offices, shops:
 * places a station could rent) and its grids' centres. Stations of the whole street count, wherever they stand.
 */
export async function coverageOf(
  db: Executor,
  o: { streetId: string; path: string; kind: StationKind; reach: Reach },
): Promise<CoverageReport> {
  const radius = radiusOf(o.reach);
  const [buildings, stations, offices, grids] = await Promise.all([
    sql<{
      id: string;
      name: string;
      community_code: string;
      community: string;
      lng: number;
      lat: number;
      households: string;
    }>`
      SELECT b.id, b.name, b.community_code, c.name AS community, b.lng, b.lat, count(hh.id) AS households
      FROM buildings b
      JOIN regions c ON c.code = b.community_code
      JOIN houses h ON h.street_id = b.street_id AND h.building_id = b.id
      JOIN households hh ON hh.street_id = h.street_id AND hh.house_id = h.id AND hh.active
      WHERE b.street_id = ${o.streetId} AND b.grid_path LIKE ${`${o.path}%`} AND b.lng IS NOT NULL AND b.lat IS NOT NULL
      GROUP BY b.id, b.name, b.community_code, c.name, b.lng, b.lat`.execute(db),
    db.selectFrom('stations').select(['kind', 'lng', 'lat']).where('street_id', '=', o.streetId).execute(),
    db
      .selectFrom('buildings')
      .select(['name', 'address', 'lng', 'lat'])
      .where('street_id', '=', o.streetId)
      .where('grid_path', 'like', `${o.path}%`)
      .where('use', '<>', 'residential')
      .where('lng', 'is not', null)
      .execute(),
    db
      .selectFrom('region_boundaries as g')
      .innerJoin('regions as r', 'r.code', 'g.region_code')
      .select(['r.name', 'g.min_lng', 'g.max_lng', 'g.min_lat', 'g.max_lat'])
      .where('g.street_id', '=', o.streetId)
      .where('r.level', '=', 'grid')
      .where('r.path', 'like', `${o.path}%`)
      .orderBy('r.code')
      .execute(),
  ]);
  const places = buildings.rows.map((b) => ({ ...b, id: Number(b.id), households: Number(b.households) }));
  const covered = new Map(
    stationKinds.map(
      (k) =>
        [
          k,
          coveredBy(
            places,
            stations.filter((s) => s.kind === k),
            radius,
          ),
        ] as const,
    ),
  );
  const rows = new Map<string, CoverageReport['rows'][number]>();
  const totals: CoverageReport['totals'] = {
    households: 0,
    covered: Object.fromEntries(stationKinds.map((k) => [k, 0])),
  };
  places.forEach((b, i) => {
    const row = rows.get(b.community_code) ?? {
      code: b.community_code,
      name: b.community,
      households: 0,
      buildings: 0,
      covered: Object.fromEntries(stationKinds.map((k) => [k, 0])),
    };
    row.households += b.households;
    row.buildings += 1;
    totals.households += b.households;
    for (const k of stationKinds)
      if (covered.get(k)?.[i]) {
        row.covered[k] = (row.covered[k] ?? 0) + b.households;
        totals.covered[k] = (totals.covered[k] ?? 0) + b.households;
      }
    rows.set(b.community_code, row);
  });
  const mine = covered.get(o.kind) ?? [];
  const uncovered = places.filter((_, i) => !mine[i]);
  const candidates: Candidate[] = [
    ...offices.flatMap((b) =>
      b.lng !== null && b.lat !== null
        ? [{ name: b.address ?? b.name, lng: b.lng, lat: b.lat, source: 'building' as const }]
        : [],
    ),
    ...grids.map((g) => ({
      name: `${g.name}中心`,
      lng: (g.min_lng + g.max_lng) / 2,
      lat: (g.min_lat + g.max_lat) / 2,
      source: 'grid' as const,
    })),
  ];
  return {
    ...o.reach,
    radius: Math.round(radius),
    rows: [...rows.values()].sort((a, b) => a.code.localeCompare(b.code)),
    totals,
    uncovered: uncovered.map((b) => ({
      id: b.id,
      name: b.name,
      community: b.community,
      households: b.households,
      lng: b.lng,
      lat: b.lat,
    })),
    suggestions: suggestSites(uncovered, candidates, radius, 3),
  };
}
