import { describe, expect, it } from 'vitest';
import { geometryProblem, ringArea } from '../geo.js';
import { layoutStreet } from './grid-layout.js';

const bbox: [number, number, number, number] = [119.2905, 26.0835, 119.3095, 26.0965];
const layout = layoutStreet({ bbox, communities: 5, gridsPerCommunity: 10, seed: 350102001 });

const area = (g: { type: string; coordinates: unknown }) =>
  ringArea((g as { coordinates: number[][][] }).coordinates[0] ?? []);

/** Every edge of every ring, as a canonical string per undirected segment. */
function edges(rings: number[][][]): Map<string, number> {
  const m = new Map<string, number>();
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = String(ring[i]);
      const b = String(ring[i + 1]);
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      m.set(key, (m.get(key) ?? 0) + 1);
    }
  }
  return m;
}

describe('layoutStreet', () => {
  it('gives every community ten valid, counter-clockwise grid polygons', () => {
    expect(layout).toHaveLength(5);
    for (const c of layout) {
      expect(c.grids).toHaveLength(10);
      for (const g of [c.boundary, ...c.grids]) {
        expect(geometryProblem(g)).toBeNull();
        expect(area(g)).toBeGreaterThan(0);
      }
    }
  });

  it('tiles each community with its grids: areas add up and inner edges are shared exactly twice', () => {
    for (const c of layout) {
      const sum = c.grids.reduce((s, g) => s + area(g), 0);
      expect(sum).toBeCloseTo(area(c.boundary), 10);
      const counts = edges(c.grids.map((g) => (g as { coordinates: number[][][] }).coordinates[0] ?? []));
      // an edge is used by one grid (on the community's outline) or by two (shared), never more
      expect([...counts.values()].every((n) => n === 1 || n === 2)).toBe(true);
    }
  });

  it('tiles the street with its communities: their areas add up to the street box', () => {
    const sum = layout.reduce((s, c) => s + area(c.boundary), 0);
    expect(sum).toBeCloseTo((bbox[2] - bbox[0]) * (bbox[3] - bbox[1]), 10);
  });

  it('is deterministic', () => {
    expect(layoutStreet({ bbox, communities: 5, gridsPerCommunity: 10, seed: 350102001 })).toEqual(layout);
  });
});
