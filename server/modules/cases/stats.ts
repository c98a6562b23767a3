import { sql } from 'kysely';
import { openStatuses } from '../../../contracts/cases.js';
import { countOf, type Stat } from '../../core/stats.js';

/** The case loop's figures for the command centre (docs/RULES.md "Case indicators"). */
export const casesStats: readonly Stat[] = [
  {
    key: 'cases.open',
    name: { zh: '在办案件', en: 'Open cases' },
    definition: { zh: '尚未办结（未结案、未作废）的案件', en: 'Cases not yet closed or voided' },
    unit: { zh: '件', en: 'cases' },
    action: 'cases.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM cases
          WHERE region_path LIKE ${`${path}%`} AND status = ANY(${[...openStatuses]}::text[])`,
      ),
  },
  {
    key: 'cases.overdue',
    name: { zh: '超期未办结', en: 'Overdue' },
    definition: {
      zh: '已派遣未签收且超过签收时限，或处置中超过处置时限的案件（与工作台“已超期”队列同一口径）',
      en: 'Dispatched cases past their signing limit, or in hand past their handling limit (the workbench’s overdue queue)',
    },
    unit: { zh: '件', en: 'cases' },
    action: 'cases.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM cases
          WHERE region_path LIKE ${`${path}%`}
            AND ((status = 'dispatched' AND now() > sign_due_at)
              OR (status IN ('dispatched', 'handling') AND now() > handle_due_at))`,
      ),
  },
  {
    key: 'cases.reported_30d',
    name: { zh: '近30天受理', en: 'Reported, last 30 days' },
    definition: { zh: '近30天内登记的案件（各渠道）', en: 'Cases registered in the last 30 days, every channel' },
    unit: { zh: '件', en: 'cases' },
    action: 'cases.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM cases
          WHERE region_path LIKE ${`${path}%`} AND created_at > now() - interval '30 days'`,
      ),
  },
];
