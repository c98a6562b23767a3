import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** Needs under a place: by the grid it was raised in, else its community's place. */
const under = (path: string) => sql`coalesce(n.grid_path, c.path) LIKE ${`${path}%`}`;

/** 需求对接's figures for the command centre: counts and shares, never who asked. */
export const needsStats: readonly Stat[] = [
  {
    key: 'needs.waiting',
    name: { zh: '待对接需求', en: 'Needs waiting for a match' },
    definition: {
      zh: '尚未对接资源的需求（含已转社区兜底的）',
      en: 'Needs not matched to a resource yet (those fallen to the community included)',
    },
    unit: { zh: '项', en: 'needs' },
    action: 'needs.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM needs n JOIN regions c ON c.code = n.community_code
          WHERE n.state IN ('open', 'fallback') AND ${under(path)}`,
      ),
  },
  {
    key: 'needs.fallback',
    name: { zh: '社区兜底需求', en: 'Needs fallen to the community' },
    definition: {
      zh: '超过规定工作日仍未对接、转由社区工作者负责的需求',
      en: 'Needs not matched within the working days, now the community worker’s',
    },
    unit: { zh: '项', en: 'needs' },
    action: 'needs.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM needs n JOIN regions c ON c.code = n.community_code
          WHERE n.state = 'fallback' AND ${under(path)}`,
      ),
  },
  {
    key: 'needs.met_share',
    name: { zh: '需求满足率（近一年）', en: 'Needs met (last 12 months)' },
    definition: {
      zh: '近 12 个月登记的需求中，已满足（项目办结并经受益人评价，或购买服务的对应内容全部验收）的占比',
      en: 'Of the needs raised in the last 12 months, the share met (its project done and rated, or its purchased deliverable accepted in full)',
    },
    unit: { zh: '%', en: '%' },
    action: 'needs.read',
    compute: async (db, path) => {
      const r = await sql<{ share: string | null }>`SELECT round(100.0 * count(*) FILTER (WHERE n.state = 'met')
          / nullif(count(*) FILTER (WHERE n.state <> 'closed'), 0), 1) AS share
        FROM needs n JOIN regions c ON c.code = n.community_code
        WHERE n.created_at > now() - interval '12 months' AND ${under(path)}`.execute(db);
      return Number(r.rows[0]?.share ?? 0);
    },
  },
  {
    key: 'needs.wishes_granted',
    name: { zh: '已实现微心愿（今年）', en: 'Micro-wishes granted (this year)' },
    definition: { zh: '今年经心愿人或社区确认实现的微心愿', en: 'Wishes confirmed as granted this year' },
    unit: { zh: '个', en: 'wishes' },
    action: 'needs.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM wishes w JOIN regions c ON c.code = w.community_code
          WHERE w.state = 'confirmed' AND w.confirmed_at >= date_trunc('year', now()) AND c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'needs.purchase_paid',
    name: { zh: '购买服务已付金额（今年）', en: 'Paid for purchased services (this year)' },
    definition: {
      zh: '今年已支付的政府购买服务款项（社区的项目计入社区，全街道的项目计入街道）',
      en: 'Instalments of purchased services paid this year (a community’s under the community, the street’s under the street)',
    },
    unit: { zh: '元', en: 'yuan' },
    action: 'needs.read',
    compute: async (db, path) => {
      const r = await sql<{ fen: string | null }>`SELECT sum(x.amount_fen) AS fen
        FROM purchase_payments x
        JOIN purchases p ON p.street_id = x.street_id AND p.id = x.purchase_id
        JOIN regions c ON c.code = coalesce(p.community_code, p.street_id)
        WHERE x.paid_at >= date_trunc('year', now()) AND c.path LIKE ${`${path}%`}`.execute(db);
      return Number(r.rows[0]?.fen ?? 0) / 100;
    },
  },
];
