import Flatbush from 'flatbush';
import type { Executor } from '../../core/db.js';
import { bboxOf, polygonsOf } from './geo.js';
import type { GeoJsonGeometry } from './tables.js';

/** Where a point lies against a ring: inside, outside or on its edge. */
function ringSide(ring: number[][], x: number, y: number): 'in' | 'out' | 'edge' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    // on the segment (collinear and within its box): the boundary
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    if (cross === 0 && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj))
      return 'edge';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/** True when the point is inside the geometry or on its boundary (holes excluded, their edges included). */
export function covers(g: GeoJsonGeometry, x: number, y: number): boolean {
  for (const polygon of polygonsOf(g)) {
    const [outer, ...holes] = polygon;
    if (!outer) continue;
    const side = ringSide(outer, x, y);
    if (side === 'out') continue;
    if (side === 'edge') return true;
    let inHole = false;
    for (const hole of holes) {
      const h = ringSide(hole, x, y);
      if (h === 'edge') return true;
      if (h === 'in') {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

/**
 * Point → grid in process: an R-tree (flatbush) over the grids' boxes, then an exact
 * point-in-polygon test on the few candidates. A point inside coverage gets exactly one grid; on a
 * shared boundary or vertex the lowest code wins (deterministic); outside coverage, null.
 */
export class GridIndex {
  private readonly tree: Flatbush | null;
  private readonly grids: { code: string; geometry: GeoJsonGeometry }[];

  constructor(grids: { code: string; geometry: GeoJsonGeometry }[]) {
    this.grids = [...grids].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (this.grids.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(this.grids.length);
    for (const g of this.grids) {
      const [minX, minY, maxX, maxY] = bboxOf(g.geometry);
      tree.add(minX, minY, maxX, maxY);
    }
    tree.finish();
    this.tree = tree;
  }

  get size(): number {
    return this.grids.length;
  }

  locate(lng: number, lat: number): string | null {
    if (!this.tree || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    let best: number | null = null;
    // candidates come back in any order: keep the lowest index (= lowest code) that covers the point
    for (const i of this.tree.search(lng, lat, lng, lat)) {
      if (best !== null && i > best) continue;
      const g = this.grids[i];
      if (g && covers(g.geometry, lng, lat)) best = i;
    }
    return best === null ? null : (this.grids[best]?.code ?? null);
  }
}

const cache = new Map<string, { index: GridIndex; version: string; checkedAt: number }>();
/** How long a street's index is trusted before the boundaries' version is checked again. */
const RECHECK_MS = 30_000;

async function versionOf(db: Executor, streetId: string): Promise<string> {
  const row = await db
    .selectFrom('region_boundaries')
    .select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')])
    .where('street_id', '=', streetId)
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.at ? new Date(row.at as unknown as string).getTime() : 0}`;
}

/**
 * The grid index of a street, built on first use and rebuilt when its boundaries change (at once
 * in this process via `invalidateGridIndex`, within 30 s when another process edited them).
 */
export async function gridIndexOf(db: Executor, streetId: string): Promise<GridIndex> {
  const hit = cache.get(streetId);
  const now = Date.now();
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.index;
  const version = await versionOf(db, streetId);
  if (hit && hit.version === version) {
    hit.checkedAt = now;
    return hit.index;
  }
  const rows = await db
    .selectFrom('region_boundaries as b')
    .innerJoin('regions as r', 'r.code', 'b.region_code')
    .select(['b.region_code', 'b.geometry'])
    .where('b.street_id', '=', streetId)
    .where('r.level', '=', 'grid')
    .execute();
  const index = new GridIndex(rows.map((r) => ({ code: r.region_code, geometry: r.geometry })));
  cache.set(streetId, { index, version, checkedAt: now });
  return index;
}

/** Forgets a street's index (after its grid boundaries were saved). */
export function invalidateGridIndex(streetId: string): void {
  cache.delete(streetId);
}
