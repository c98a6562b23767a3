import type { RegionLevel } from './tables.js';

const RESIDENTS_COMMITTEE = /(居民委员会|居委会)$/u;
const VILLAGERS_COMMITTEE = /(村民委员会|村委会)$/u;

/**
 * The name people use for a node, from its official name: committees are dropped the same way
 * everywhere (`多福巷社区居委会` → `多福巷社区`, `张庄村村民委员会` → `张庄村`,
 * `第一居委会` → `第一社区`). Only communities and villages carry committee suffixes.
 */
export function displayName(officialName: string, level: RegionLevel): string {
  const name = officialName.trim();
  if (level !== 'community') return name;
  if (VILLAGERS_COMMITTEE.test(name)) {
    const stem = name.replace(VILLAGERS_COMMITTEE, '');
    return stem.endsWith('村') ? stem : `${stem}村`;
  }
  if (RESIDENTS_COMMITTEE.test(name)) {
    const stem = name.replace(RESIDENTS_COMMITTEE, '');
    return stem.endsWith('社区') ? stem : `${stem}社区`;
  }
  return name;
}
