import { sql } from 'kysely';
import { proactiveSources, type IndicatorRow } from '../../../contracts/cases.js';
import type { Executor } from '../../core/db.js';
import { underAny } from '../../core/sql-scope.js';

/** The counts every indicator is made of (docs/RULES.md "Case indicators"). */
export type Counts = Omit<IndicatorRow, 'key' | 'name' | 'rates' | 'score'>;

/** Rates whose complement scores ("bad" rates): points = weight × (1 − rate). */
const INVERTED = new Set(['rework', 'overduePending', 'extension']);

/**
 * The indicators from their counts, each with the denominator docs/RULES.md gives it:
 * 结案率 = closed / due-for-closure; 按期结案率 = closed on time / due-for-closure;
 * 处置率 = handled / due-for-handling; 按期处置率 = handled on time / due-for-handling;
 * 返工率 = reworked / due-for-closure; 超期待处置率 = overdue and not handled / due-for-handling;
 * 延期率 = extended / due-for-handling; 响应率 = contacted within the limit / all;
 * 解决率 = said solved / all rated; 满意率 = (满意 + 基本满意) / all rated.
 * A rate with a zero denominator is null (not 0 or 100 %).
 */
export function ratesOf(c: Counts): Record<string, number | null> {
  const r = (n: number, d: number) => (d > 0 ? n / d : null);
  return {
    closure: r(c.closed, c.dueClosure),
    closureOnTime: r(c.closedOnTime, c.dueClosure),
    disposal: r(c.handled, c.dueHandling),
    disposalOnTime: r(c.handledOnTime, c.dueHandling),
    rework: r(c.reworked, c.dueClosure),
    overduePending: r(c.overduePending, c.dueHandling),
    extension: r(c.extended, c.dueHandling),
    response: r(c.responded, c.total),
    resolution: r(c.solved, c.rated),
    satisfaction: r(c.satisfied, c.rated),
    proactive: r(c.proactive, c.total),
  };
}

/**
 * The composite score on 100 points: Σ weight × rate (× (1 − rate) for bad rates) over the
 * weights whose rate is defined, scaled to the weights used. Null when none is defined.
 */
export function compositeScore(rates: Record<string, number | null>, weights: Record<string, number>): number | null {
  let points = 0;
  let used = 0;
  for (const [key, weight] of Object.entries(weights)) {
    const rate = rates[key];
    if (rate === null || rate === undefined || weight <= 0) continue;
    points += weight * (INVERTED.has(key) ? 1 - rate : rate);
    used += weight;
  }
  return used > 0 ? Math.round((points / used) * 100 * 100) / 100 : null;
}

import { indicatorGroups } from '../../../contracts/cases.js';

export { indicatorGroups };
export type IndicatorGroup = (typeof indicatorGroups)[number];

const KEY: Record<IndicatorGroup, string> = {
  street: 'c.street_id',
  community: "coalesce(c.community_code, '')",
  grid: "coalesce(c.grid_code, '')",
  agency: "coalesce(c.agency_id::text, '')",
  category: 'coalesce(top.code, k.code)',
  month: "to_char((c.registered_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')",
  source: 'c.source',
};

const NAME: Record<IndicatorGroup, string> = {
  street: 'coalesce(min(st.name), c.street_id)',
  community: "coalesce(min(cm.name), '（未定位社区）')",
  grid: "coalesce(min(g.name), '（未定位网格）')",
  agency: "coalesce(min(a.name), '网格自办')",
  category: 'coalesce(min(top.name), min(k.name))',
  month: KEY.month,
  source: 'c.source',
};

export type IndicatorQuery = {
  /** Region paths the actor may see (SQL scope). */
  scopes: string[];
  groupBy: IndicatorGroup;
  /** Cases registered (立案) in [from, to), local dates. */
  from: string;
  to: string;
  region?: string | undefined;
  weights: Record<string, number>;
  /** The moment "overdue" is judged at (the end of the period, or now if earlier). */
  asOf?: Date;
};

/**
 * Indicators per group over the cases registered in the period (rejected and merged reports are
 * not cases to close). Due-for-handling counts the dispatched ones among them.
 */
export async function indicators(db: Executor, q: IndicatorQuery): Promise<IndicatorRow[]> {
  const from = new Date(`${q.from}T00:00:00+08:00`);
  const to = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000);
  const asOf = q.asOf ?? new Date(Math.min(Date.now(), to.getTime()));
  const proactive = [...proactiveSources];
  const key = sql.raw(KEY[q.groupBy]);
  let query = db
    .selectFrom('cases as c')
    .innerJoin('case_categories as k', (j) =>
      j.onRef('k.street_id', '=', 'c.street_id').onRef('k.id', '=', 'c.category_id'),
    )
    .leftJoin('case_categories as top', (j) =>
      j.onRef('top.street_id', '=', 'k.street_id').onRef('top.id', '=', 'k.parent_id'),
    )
    .leftJoin('regions as st', 'st.code', 'c.street_id')
    .leftJoin('regions as cm', 'cm.code', 'c.community_code')
    .leftJoin('regions as g', 'g.code', 'c.grid_code')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'c.street_id').onRef('a.id', '=', 'c.agency_id'))
    .where(underAny('c.region_path', q.scopes, 'c.street_id'))
    .where('c.registered_at', '>=', from)
    .where('c.registered_at', '<', to)
    .where('c.status', 'not in', ['rejected', 'merged', 'reported']);
  if (q.region)
    query = query.where(
      'c.region_path',
      'like',
      sql<string>`(SELECT path FROM regions WHERE code = ${q.region}) || '%'`,
    );
  const n = (cond: ReturnType<typeof sql>) => sql<number>`count(*) FILTER (WHERE ${cond})`;
  const rows = await query
    .select([
      sql<string>`${key}`.as('key'),
      sql<string>`${sql.raw(NAME[q.groupBy])}`.as('name'),
      sql<number>`count(*)`.as('total'),
      n(sql`c.dispatched_at IS NOT NULL`).as('dueHandling'),
      n(sql`c.closed_at IS NOT NULL`).as('closed'),
      n(sql`c.closed_at IS NOT NULL AND c.handled_at <= c.handle_due_at`).as('closedOnTime'),
      n(sql`c.dispatched_at IS NOT NULL AND c.handled_at IS NOT NULL`).as('handled'),
      n(sql`c.dispatched_at IS NOT NULL AND c.handled_at <= c.handle_due_at`).as('handledOnTime'),
      n(sql`c.reworks > 0`).as('reworked'),
      n(sql`c.status IN ('dispatched', 'handling') AND c.handle_due_at < ${asOf}`).as('overduePending'),
      n(sql`c.dispatched_at IS NOT NULL AND c.extensions > 0`).as('extended'),
      n(sql`c.contacted_at IS NOT NULL AND c.contacted_at <= coalesce(c.sign_due_at, c.handle_due_at)`).as('responded'),
      n(sql`c.rating IS NOT NULL`).as('rated'),
      n(sql`c.solved`).as('solved'),
      n(sql`c.rating IN ('satisfied', 'basically_satisfied')`).as('satisfied'),
      n(sql`c.source IN (${sql.join(proactive)})`).as('proactive'),
    ])
    .groupBy(key)
    .orderBy(key)
    .execute();
  return rows.map((r) => {
    const counts: Counts = {
      total: Number(r.total),
      dueClosure: Number(r.total),
      closed: Number(r.closed),
      closedOnTime: Number(r.closedOnTime),
      dueHandling: Number(r.dueHandling),
      handled: Number(r.handled),
      handledOnTime: Number(r.handledOnTime),
      reworked: Number(r.reworked),
      overduePending: Number(r.overduePending),
      extended: Number(r.extended),
      responded: Number(r.responded),
      rated: Number(r.rated),
      solved: Number(r.solved),
      satisfied: Number(r.satisfied),
      proactive: Number(r.proactive),
    };
    const rates = ratesOf(counts);
    return { key: r.key, name: r.name, ...counts, rates, score: compositeScore(rates, q.weights) };
  });
}

/** Units rated back (反向评价): mean score by communities and by residents, per unit. */
export async function agencyRatings(db: Executor, streetId: string) {
  const rows = await db
    .selectFrom('agency_ratings as r')
    .innerJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .select((eb) => [
      'a.id',
      'a.name',
      'r.rater_kind',
      eb.fn.avg<number>('r.score').as('mean'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('r.street_id', '=', streetId)
    .groupBy(['a.id', 'a.name', 'r.rater_kind'])
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    agencyId: r.id,
    name: r.name,
    raterKind: r.rater_kind,
    mean: Number(r.mean),
    count: Number(r.n),
  }));
}
