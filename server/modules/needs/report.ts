import { sql } from 'kysely';
import type { Executor } from '../../core/db.js';

type Provider = {
  provider: string;
  kind: string;
  needsMet: number;
  projects: number;
  delivered: number;
  costYuan: number;
};

/**
 * The year's report of a community (China's calendar year): needs raised and met by category; who met
 * them — the providers of projects done, of purchased services (the street's too) and of menu orders
 * rated that year — and at what cost (projects' budgets, purchases' instalments paid that year).
 */
export async function yearReportOf(db: Executor, streetId: string, community: string, year: number) {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const categories = await db
    .selectFrom('needs')
    .select([
      'category',
      sql<string>`count(*) FILTER (WHERE created_at >= ${from} AND created_at < ${to})`.as('raised'),
      sql<string>`count(*) FILTER (WHERE met_at >= ${from} AND met_at < ${to})`.as('met'),
    ])
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where((eb) =>
      eb.or([
        eb.and([eb('created_at', '>=', from), eb('created_at', '<', to)]),
        eb.and([eb('met_at', '>=', from), eb('met_at', '<', to)]),
      ]),
    )
    .groupBy('category')
    .orderBy('category')
    .execute();
  const projects = await db
    .selectFrom('need_projects as p')
    .innerJoin('needs as n', (j) => j.onRef('n.street_id', '=', 'p.street_id').onRef('n.id', '=', 'p.need_id'))
    .innerJoin('resources as r', (j) => j.onRef('r.street_id', '=', 'p.street_id').onRef('r.id', '=', 'p.resource_id'))
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .select([
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('provider'),
      'r.owner_kind as kind',
      sql<string>`count(*)`.as('projects'),
      sql<string>`count(*) FILTER (WHERE n.state = 'met')`.as('met'),
      sql<string>`coalesce(sum(p.budget_fen), 0)`.as('fen'),
    ])
    .where('p.street_id', '=', streetId)
    .where('n.community_code', '=', community)
    .where('p.state', '=', 'done')
    .where('p.done_at', '>=', from)
    .where('p.done_at', '<', to)
    .groupBy([sql`coalesce(a.name, r.owner_name, '')`, 'r.owner_kind'])
    .execute();
  const purchases = await sql<{ provider: string; delivered: string; met: string; fen: string }>`
    SELECT a.name AS provider,
      (SELECT coalesce(sum(x.count), 0) FROM purchase_acceptances x
        WHERE x.street_id = p.street_id AND x.purchase_id = p.id AND x.accepted_at >= ${from} AND x.accepted_at < ${to}) AS delivered,
      (SELECT count(*) FROM purchase_items i JOIN needs n ON n.street_id = i.street_id AND n.id = i.need_id
        WHERE i.street_id = p.street_id AND i.purchase_id = p.id AND n.met_at >= ${from} AND n.met_at < ${to}) AS met,
      (SELECT coalesce(sum(y.amount_fen), 0) FROM purchase_payments y
        WHERE y.street_id = p.street_id AND y.purchase_id = p.id AND y.paid_at >= ${from} AND y.paid_at < ${to}) AS fen
    FROM purchases p JOIN agencies a ON a.street_id = p.street_id AND a.id = p.agency_id
    WHERE p.street_id = ${streetId} AND (p.community_code = ${community} OR p.community_code IS NULL)`.execute(db);
  const orders = await db
    .selectFrom('menu_orders as o')
    .innerJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'o.street_id').onRef('a.id', '=', 'o.agency_id'))
    .select(['a.name as provider', sql<string>`count(*)`.as('n')])
    .where('o.street_id', '=', streetId)
    .where('o.community_code', '=', community)
    .where('o.state', '=', 'rated')
    .where('o.created_at', '>=', from)
    .where('o.created_at', '<', to)
    .groupBy('a.name')
    .execute();

  const byProvider = new Map<string, Provider>();
  const add = (provider: string, kind: string, more: Partial<Provider>) => {
    const key = `${kind}:${provider}`;
    const row = byProvider.get(key) ?? { provider, kind, needsMet: 0, projects: 0, delivered: 0, costYuan: 0 };
    row.needsMet += more.needsMet ?? 0;
    row.projects += more.projects ?? 0;
    row.delivered += more.delivered ?? 0;
    row.costYuan = Math.round((row.costYuan + (more.costYuan ?? 0)) * 100) / 100;
    byProvider.set(key, row);
  };
  for (const p of projects)
    add(p.provider, p.kind, { projects: Number(p.projects), needsMet: Number(p.met), costYuan: Number(p.fen) / 100 });
  for (const p of purchases.rows)
    if (Number(p.delivered) + Number(p.met) + Number(p.fen) > 0)
      add(p.provider, 'organisation', {
        projects: 1,
        needsMet: Number(p.met),
        delivered: Number(p.delivered),
        costYuan: Number(p.fen) / 100,
      });
  for (const o of orders) add(o.provider, 'unit', { delivered: Number(o.n) });

  const byCategory = categories.map((c) => ({ category: c.category, raised: Number(c.raised), met: Number(c.met) }));
  const providers = [...byProvider.values()].sort((a, b) => b.costYuan - a.costYuan || b.needsMet - a.needsMet);
  return {
    year,
    byCategory,
    byProvider: providers,
    totals: {
      raised: byCategory.reduce((s, c) => s + c.raised, 0),
      met: byCategory.reduce((s, c) => s + c.met, 0),
      costYuan: Math.round(providers.reduce((s, p) => s + p.costYuan * 100, 0)) / 100,
    },
  };
}
