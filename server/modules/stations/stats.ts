import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** 党群服务阵地's figures for the command centre. */
export const stationsStats: readonly Stat[] = [
  {
    key: 'stations.count',
    name: { zh: '党群服务阵地', en: 'Stations' },
    definition: {
      zh: '登记在册的各类服务阵地（含红色驿站、长者食堂、代办点）',
      en: 'Stations of every kind on record',
    },
    unit: { zh: '个', en: 'stations' },
    action: 'stations.read',
    compute: (db, path) =>
      countOf(db, sql<{ n: string }>`SELECT count(*) AS n FROM stations WHERE region_path LIKE ${`${path}%`}`),
  },
  {
    key: 'stations.appointments_month',
    name: { zh: '本月预约办事', en: 'Appointments this month' },
    definition: { zh: '本月预约到阵地办理的服务（不含已取消）', en: 'Appointments this month, not cancelled' },
    unit: { zh: '次', en: 'appointments' },
    action: 'stations.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{
          n: string;
        }>`SELECT count(*) AS n FROM appointments a JOIN stations s ON s.street_id = a.street_id AND s.id = a.station_id
          WHERE a.state <> 'cancelled' AND a.starts_at >= date_trunc('month', now()) AND s.region_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'stations.loans_month',
    name: { zh: '本月爱心物品借用', en: 'Loans this month' },
    definition: {
      zh: '本月在阵地借出的雨伞、充电宝、急救药箱等',
      en: 'Umbrellas, power banks, first-aid kits lent this month',
    },
    unit: { zh: '次', en: 'loans' },
    action: 'stations.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM facility_loans l
          JOIN station_facilities f ON f.street_id = l.street_id AND f.id = l.facility_id
          JOIN stations s ON s.street_id = f.street_id AND s.id = f.station_id
          WHERE l.lent_at >= date_trunc('month', now()) AND s.region_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'stations.meals_month',
    name: { zh: '本月长者助餐', en: 'Canteen meals this month' },
    definition: {
      zh: '本月长者食堂供餐人次（其中关爱对象单列于阵地页）',
      en: 'Meals served at elderly canteens this month',
    },
    unit: { zh: '人次', en: 'meals' },
    action: 'stations.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{
          n: string;
        }>`SELECT count(*) AS n FROM canteen_meals m JOIN stations s ON s.street_id = m.street_id AND s.id = m.station_id
          WHERE m.served_on >= date_trunc('month', now())::date AND s.region_path LIKE ${`${path}%`}`,
      ),
  },
];
