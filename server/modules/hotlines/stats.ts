import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** The figures of the service numbers, for the command centre. */
export const hotlinesStats: readonly Stat[] = [
  {
    key: 'hotlines.numbers',
    name: { zh: '便民电话', en: 'Service numbers' },
    definition: {
      zh: '辖区内各社区公布的便民服务电话条数（不含已撤下的）',
      en: 'Service numbers the communities under the place publish (removed ones excluded)',
    },
    unit: { zh: '条', en: 'numbers' },
    action: 'hotlines.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM hotlines h JOIN regions r ON r.code = h.community_code
            WHERE h.removed_at IS NULL AND r.path LIKE ${`${path}%`}`,
      ),
  },
];
