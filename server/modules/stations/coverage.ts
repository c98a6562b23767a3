/**
 * The 15-minute circle (docs/RULES.md "15-minute service circle"): a place is within reach of a station when the
 * straight-line distance × the detour factor is walked in the time at the speed. The detour factor (1.4 by default)
 * stands in for the street network; a network calculation (walking routes) can replace `reachable` without changing
 * the rest. Distances are metres on a sphere, equirectangular within a cell: under a kilometre the error is far below
 * a metre, well inside what a walking-time estimate means.
 */
export type Spot = { lng: number; lat: number };
export type Reach = { speed: number; minutes: number; detour: number };

const R = 6_371_008.8;
const RAD = Math.PI / 180;

/** Straight-line metres within reach: speed × minutes ÷ detour (80 m/min × 15 ÷ 1.4 ≈ 857 m). */
export function radiusOf(r: Reach): number {
  return (r.speed * r.minutes) / r.detour;
}

export function metres(a: Spot, b: Spot): number {
  const y = (b.lat - a.lat) * RAD;
  const x = (b.lng - a.lng) * RAD * Math.cos(((a.lat + b.lat) / 2) * RAD);
  return R * Math.sqrt(x * x + y * y);
}

/**
 * Points bucketed in square cells one radius wide: a point within the radius of a place is in the place's cell or
 * one of its eight neighbours, so each question reads at most nine short lists.
 */
export class SpotIndex<T extends Spot> {
  private readonly cells = new Map<number, T[]>();
  private readonly dLat: number;
  private readonly dLng: number;

  constructor(
    spots: readonly T[],
    private readonly radius: number,
    /** A latitude of the area, for the cells' width in longitude. */
    lat = spots[0]?.lat ?? 0,
  ) {
    this.dLat = radius / (R * RAD);
    this.dLng = radius / (R * RAD * Math.cos(Math.min(Math.abs(lat) + 1, 89) * RAD));
    for (const s of spots) {
      const k = this.key(Math.floor(s.lng / this.dLng), Math.floor(s.lat / this.dLat));
      const list = this.cells.get(k);
      if (list) list.push(s);
      else this.cells.set(k, [s]);
    }
  }

  private key(x: number, y: number): number {
    return (x + 1_048_576) * 2_097_152 + (y + 1_048_576);
  }

  /** Calls `visit` for every indexed spot within the radius of `p`; stops when it returns true. */
  within(p: Spot, visit: (s: T) => boolean | void): boolean {
    const x = Math.floor(p.lng / this.dLng);
    const y = Math.floor(p.lat / this.dLat);
    for (let i = -1; i <= 1; i++)
      for (let j = -1; j <= 1; j++) {
        const list = this.cells.get(this.key(x + i, y + j));
        if (!list) continue;
        for (const s of list) if (metres(p, s) <= this.radius && visit(s)) return true;
      }
    return false;
  }

  any(p: Spot): boolean {
    return this.within(p, () => true);
  }
}

/** For each place, whether any station is within `radius` metres. */
export function coveredBy(places: readonly Spot[], stations: readonly Spot[], radius: number): boolean[] {
  if (!stations.length) return places.map(() => false);
  const index = new SpotIndex(stations, radius);
  return places.map((p) => index.any(p));
}

export type Candidate = Spot & { name: string; source: 'building' | 'grid' };
export type Uncovered = Spot & { id: number; households: number };

/**
 * Where new stations would cover the most uncovered households (greedy: the best site, then the best for what is
 * still uncovered, `count` times). Ties go to the earlier candidate.
 */
export function suggestSites(
  uncovered: readonly Uncovered[],
  candidates: readonly Candidate[],
  radius: number,
  count = 3,
) {
  const left = new Set(uncovered.map((u) => u.id));
  const index = new SpotIndex(uncovered, radius);
  const picks: (Candidate & { households: number; buildings: number })[] = [];
  for (let k = 0; k < count && left.size; k++) {
    let best: (Candidate & { households: number; buildings: number; ids: number[] }) | null = null;
    for (const c of candidates) {
      let households = 0;
      const ids: number[] = [];
      index.within(c, (u) => {
        if (left.has(u.id)) {
          households += u.households;
          ids.push(u.id);
        }
      });
      if (households > 0 && (!best || households > best.households))
        best = { ...c, households, buildings: ids.length, ids };
    }
    if (!best) break;
    for (const id of best.ids) left.delete(id);
    const { ids: _ids, ...pick } = best;
    picks.push(pick);
  }
  return picks;
}
