import { GridIndex } from '../../org/index.js';
import type { PlaceData } from './places.js';
import type { Places } from './validate.js';

/**
 * The communities and grids of a street as rows may name them: a community by name or code, a
 * grid by full name (庆城社区第1网格), short name (第1网格), sequence (1) or code; and the point →
 * grid index for rows that give a building's coordinates instead of its grid.
 */
export function placesFrom({ regions, boundaries, scopes }: PlaceData): Places {
  const communities = new Map<string, { code: string; path: string }>();
  const grids = new Map<string, Map<string, { code: string; path: string }>>();
  const gridByCode = new Map<string, { code: string; path: string; communityCode: string; name: string }>();
  const names = new Map<string, string>();
  for (const r of regions) {
    if (r.level !== 'community') continue;
    const c = { code: r.code, path: r.path };
    for (const key of [r.code, r.name, r.official_name]) communities.set(key, c);
    names.set(r.code, r.name);
    grids.set(r.code, new Map());
  }
  for (const r of regions) {
    if (r.level !== 'grid' || !r.parent_code) continue;
    const g = { code: r.code, path: r.path };
    gridByCode.set(r.code, { ...g, communityCode: r.parent_code, name: r.name });
    const map = grids.get(r.parent_code);
    if (!map) continue;
    const seq = String(Number(r.code.slice(-3)));
    const community = names.get(r.parent_code) ?? '';
    const short = r.name.startsWith(community) ? r.name.slice(community.length) : r.name;
    for (const key of [r.code, r.name, short, seq, `第${seq}网格`]) map.set(key.replace(/\s/g, ''), g);
  }
  const index = new GridIndex(boundaries);
  return { communities, grids, scopes, gridByCode, locate: (lng, lat) => index.locate(lng, lat) };
}
