import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** 志愿服务 and 微积分's figures for the command centre: counts and sums, never who. */
export const volunteeringStats: readonly Stat[] = [
  {
    key: 'volunteering.volunteers',
    name: { zh: '注册志愿者', en: 'Registered volunteers' },
    definition: { zh: '在本地实名注册的志愿者人数', en: 'Volunteers registered here under their real name' },
    unit: { zh: '人', en: 'people' },
    action: 'volunteering.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM volunteers v JOIN regions c ON c.code = v.community_code
          WHERE c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'volunteering.hours_year',
    name: { zh: '志愿服务时长（今年）', en: 'Volunteer hours (this year)' },
    definition: {
      zh: '今年签到签退并经组织者确认的服务时长合计',
      en: 'Hours checked in and out this year and confirmed by the organiser',
    },
    unit: { zh: '小时', en: 'hours' },
    action: 'volunteering.read',
    compute: async (db, path) => {
      const r = await sql<{ h: string | null }>`SELECT sum(r.hours) AS h FROM service_records r
        JOIN activities a ON a.street_id = r.street_id AND a.id = r.activity_id
        JOIN regions c ON c.code = a.community_code
        WHERE r.confirmed_at IS NOT NULL AND r.checkin_at >= date_trunc('year', now()) AND c.path LIKE ${`${path}%`}`.execute(
        db,
      );
      return Number(r.rows[0]?.h ?? 0);
    },
  },
  {
    key: 'volunteering.points_issued_year',
    name: { zh: '发放积分（今年）', en: 'Points issued (this year)' },
    definition: {
      zh: '今年由社区发放账户发出的积分（服务获得与社区奖励，冲正已扣除）',
      en: 'Points out of the communities’ issuing accounts this year (earned and awarded, net of reversals)',
    },
    unit: { zh: '分', en: 'points' },
    action: 'volunteering.read',
    compute: async (db, path) => {
      const r = await sql<{ n: string | null }>`SELECT -sum(e.amount) AS n FROM points_entries e
        JOIN points_accounts a ON a.street_id = e.street_id AND a.id = e.account_id
        JOIN points_transactions t ON t.street_id = e.street_id AND t.id = e.transaction_id
        JOIN regions c ON c.code = a.community_code
        WHERE a.kind = 'issuing' AND t.created_at >= date_trunc('year', now()) AND c.path LIKE ${`${path}%`}`.execute(
        db,
      );
      return Number(r.rows[0]?.n ?? 0);
    },
  },
];
