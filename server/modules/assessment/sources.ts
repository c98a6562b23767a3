import type { AutoSource } from '../../../contracts/assessment.js';
import type { Executor } from '../../core/db.js';
import type { Stat } from '../../core/stats.js';
import { indicators } from '../cases/index.js';
import { partyModule } from '../party/index.js';
import { visitsModule } from '../visits/index.js';
import { volunteeringModule } from '../volunteering/index.js';
import type { Auto } from './aggregate.js';

const statOf = (stats: readonly Stat[] | undefined, key: string) => stats?.find((s) => s.key === key);
const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/**
 * Items filled from the system's own figures, each with its formula in words (shown beside the score):
 * - 结案率: of the community's cases registered in the quarter, closed ÷ due for closure (docs/RULES.md "Indicators");
 * - 按期走访覆盖率: the visits module's share of households seen within their interval, at the time of the results;
 * - 双报到人数 and 志愿服务时长: counts against the table's target, full points at or above it.
 */
export const SOURCES: Record<AutoSource, { name: string; unit: 'rate' | 'count' }> = {
  'cases.closure': { name: '案件结案率（本季度立案）', unit: 'rate' },
  'visits.within_interval': { name: '按要求频次走访到位率', unit: 'rate' },
  'party.dual_registered': { name: '在职党员双报到人数', unit: 'count' },
  'volunteering.hours': { name: '志愿服务时长（本年）', unit: 'count' },
};

export function quarterRange(year: number, quarter: number) {
  const m = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(m).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year, m + 2, 0)).toISOString().slice(0, 10);
  return { from, to: last };
}

/** Each subject's auto items for a quarter: value, share of full points, formula. */
export async function autoScores(
  db: Executor,
  o: {
    streetPath: string;
    year: number;
    quarter: number;
    subjects: { code: string; path: string }[];
    items: { no: number; points: number; source: string | null; target: number | null }[];
  },
): Promise<Map<string, Map<number, Auto>>> {
  const out = new Map(o.subjects.map((s) => [s.code, new Map<number, Auto>()]));
  const auto = o.items.filter((i) => i.source);
  if (!auto.length) return out;
  const { from, to } = quarterRange(o.year, o.quarter);
  const closure = auto.some((i) => i.source === 'cases.closure')
    ? new Map(
        (await indicators(db, { scopes: [o.streetPath], groupBy: 'community', from, to, weights: {} })).map((r) => [
          r.key,
          r,
        ]),
      )
    : new Map();
  for (const s of o.subjects)
    for (const item of auto) {
      let value: number;
      let share: number;
      let formula: string;
      if (item.source === 'cases.closure') {
        const r = closure.get(s.code);
        const due = r?.dueClosure ?? 0;
        value = due ? (r?.closed ?? 0) / due : 1;
        share = value;
        formula = due
          ? `${item.points} × 结案 ${r?.closed ?? 0} ÷ 应结案 ${due}（${pct(value)}）`
          : `${item.points} × 100%（本季度无应结案件）`;
      } else if (item.source === 'visits.within_interval') {
        value = ((await statOf(visitsModule.stats, 'visits.share_within_interval')?.compute(db, s.path)) ?? 0) / 100;
        share = value;
        formula = `${item.points} × 走访到位率 ${pct(value)}`;
      } else {
        const stat =
          item.source === 'party.dual_registered'
            ? statOf(partyModule.stats, 'party.dual_registered')
            : statOf(volunteeringModule.stats, 'volunteering.hours_year');
        value = (await stat?.compute(db, s.path)) ?? 0;
        const target = item.target ?? 1;
        share = Math.min(1, value / target);
        formula = `${item.points} × min(1, ${value} ÷ 目标 ${target})`;
      }
      out.get(s.code)?.set(item.no, { value: Math.round(value * 10000) / 10000, share, formula });
    }
  return out;
}
