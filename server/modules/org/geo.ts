import type { GeoJsonGeometry } from './tables.js';

export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** The polygons of a geometry: a Polygon is one, a MultiPolygon many. */
export function polygonsOf(g: GeoJsonGeometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bboxOf(g: GeoJsonGeometry): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(g)) {
    for (const [lng = NaN, lat = NaN] of polygon[0] ?? []) {
      box[0] = Math.min(box[0], lng);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lng);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

/**
 * What is wrong with a boundary, or null: every ring closed, at least four positions, WGS-84
 * [lng, lat] within range.
 */
export function geometryProblem(g: GeoJsonGeometry): string | null {
  const polygons = polygonsOf(g);
  if (polygons.length === 0) return 'no polygon';
  for (const polygon of polygons) {
    if (polygon.length === 0) return 'polygon without rings';
    for (const ring of polygon) {
      if (ring.length < 4) return 'a ring has fewer than 4 positions';
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return 'a ring is not closed';
      for (const p of ring) {
        const [lng, lat] = p;
        if (lng === undefined || lat === undefined || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
          return 'a position is outside WGS-84 [lng, lat] range';
        }
      }
    }
  }
  return null;
}

/** Signed area of a ring in square degrees (shoelace); positive when counter-clockwise. */
export function ringArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1 = 0, y1 = 0] = ring[i] ?? [];
    const [x2 = 0, y2 = 0] = ring[i + 1] ?? [];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}
