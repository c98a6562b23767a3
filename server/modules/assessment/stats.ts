import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** 考核评议's figures for the command centre. */
export const assessmentStats: readonly Stat[] = [
  {
    key: 'assessment.sheets_year',
    name: { zh: '本年考核评分表', en: 'Assessment sheets this year' },
    definition: { zh: '本年度考核表已收回的评议人评分表份数', en: 'Sheets handed in on this year’s tables' },
    unit: { zh: '份', en: 'sheets' },
    action: 'assessment.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM assessment_sheets s
          JOIN assessment_tables t ON t.street_id = s.street_id AND t.id = s.table_id
          JOIN regions c ON c.code = s.subject_code
          WHERE t.year = extract(year FROM now()) AND c.path LIKE ${`${path}%`}`,
      ),
  },
];
