import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';
import { localDate } from '../cases/index.js';

/** 联户走访 and 关爱's figures for the command centre: counts and shares only, never names. */
export const visitsStats: readonly Stat[] = [
  {
    key: 'visits.share_within_interval',
    name: { zh: '按要求频次走访到位率', en: 'Households seen within their interval' },
    definition: {
      zh: '辖区在册住户中，最近一次走访距今未超过其应走访频次的住户占比（从未走访的计为未到位；见 RULES.md「Visits」）',
      en: 'Of the active households under the place, the share whose last visit is within their required interval (never visited counts as outside; RULES.md "Visits")',
    },
    unit: { zh: '%', en: '%' },
    action: 'visits.read',
    compute: async (db, path) => {
      const r = await sql<{ share: string | null }>`SELECT round(100.0 * count(*) FILTER (
          WHERE last_visited_on IS NOT NULL AND due_on >= ${localDate(new Date())}::date) / nullif(count(*), 0), 1) AS share
        FROM household_visits WHERE grid_path LIKE ${`${path}%`}`.execute(db);
      return Number(r.rows[0]?.share ?? 0);
    },
  },
  {
    key: 'visits.care_subjects',
    name: { zh: '关爱对象', en: 'Care subjects' },
    definition: {
      zh: '按标签与年龄（或手动认定）确定关爱等级的在册居民人数',
      en: 'Residents with a care level from their tags and age, or set by hand',
    },
    unit: { zh: '人', en: 'people' },
    action: 'visits.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM care_subjects WHERE active AND grid_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'visits.open_alarms',
    name: { zh: '待响应关护告警', en: 'Care alarms awaiting a response' },
    definition: {
      zh: '关护通设备告警（含设备离线）中尚无人响应的条数',
      en: 'Care-device alarms (device offline included) nobody has acknowledged yet',
    },
    unit: { zh: '条', en: 'alarms' },
    action: 'visits.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{
          n: string;
        }>`SELECT count(*) AS n FROM care_alarms WHERE status = 'open' AND grid_path LIKE ${`${path}%`}`,
      ),
  },
];
