import { describe, expect, it } from 'vitest';
import { coveredBy, metres, radiusOf, suggestSites } from './coverage.js';

/** A hand-made map around (119.3, 26.08): 0.001° of latitude ≈ 111 m; of longitude ≈ 99.8 m here. */
const O = { lng: 119.3, lat: 26.08 };
const east = (m: number, north = 0) => ({ lng: O.lng + m / 99_830, lat: O.lat + north / 111_195 });

describe('the 15-minute circle', () => {
  it('reaches 80 m/min × 15 min ÷ 1.4 ≈ 857 m in a straight line', () => {
    expect(radiusOf({ speed: 80, minutes: 15, detour: 1.4 })).toBeCloseTo(857.14, 1);
    expect(metres(O, east(500))).toBeCloseTo(500, -1);
  });

  it('covers the buildings within reach of a station and no others', () => {
    const r = radiusOf({ speed: 80, minutes: 15, detour: 1.4 });
    const buildings = [east(0), east(800), east(900), east(0, 840), east(610, 610), east(-2000), east(1700)];
    // 610 m east and north is 863 m away: just outside; 1,700 m east is near the second station at 2,500
    const stations = [O, east(2500)];
    expect(coveredBy(buildings, stations, r)).toEqual([true, true, false, true, false, false, true]);
    expect(coveredBy(buildings, [], r)).toEqual(buildings.map(() => false));
  });

  it('suggests the site that reaches the most uncovered households, then the best for the rest', () => {
    const uncovered = [
      { id: 1, households: 40, ...east(0) },
      { id: 2, households: 30, ...east(600) },
      { id: 3, households: 50, ...east(3000) },
      { id: 4, households: 10, ...east(3000, 500) },
    ];
    const candidates = [
      { name: 'A', source: 'building' as const, ...east(300) }, // reaches 1 and 2: 70
      { name: 'B', source: 'grid' as const, ...east(3000, 250) }, // reaches 3 and 4: 60
      { name: 'C', source: 'building' as const, ...east(-500) }, // reaches 1: 40
    ];
    const picks = suggestSites(uncovered, candidates, 857, 3);
    expect(picks.map((p) => [p.name, p.households, p.buildings])).toEqual([
      ['A', 70, 2],
      ['B', 60, 2],
    ]);
  });
});
