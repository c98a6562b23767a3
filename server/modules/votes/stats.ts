import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** 业主共同决定's figures for the command centre: counts, never who. */
export const votesStats: readonly Stat[] = [
  {
    key: 'votes.open',
    name: { zh: '进行中的业主表决', en: 'Owners’ votes open' },
    definition: { zh: '已发起、尚未计票公布的业主共同决定表决', en: 'Owners’ votes opened and not yet counted' },
    unit: { zh: '次', en: 'votes' },
    action: 'votes.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM owner_votes v JOIN regions c ON c.code = v.community_code
          WHERE v.state = 'open' AND c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'votes.items_passed_year',
    name: { zh: '业主表决通过事项（今年）', en: 'Items passed by owners (this year)' },
    definition: {
      zh: '今年计票公布、依民法典第278条通过的表决事项',
      en: 'Items counted this year that passed under Civil Code art. 278',
    },
    unit: { zh: '项', en: 'items' },
    action: 'votes.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT coalesce(sum(jsonb_array_length(
            jsonb_path_query_array(v.result, '$[*] ? (@.tally.passed == true)'))), 0) AS n
          FROM owner_votes v JOIN regions c ON c.code = v.community_code
          WHERE v.state = 'closed' AND v.closed_at >= date_trunc('year', now()) AND c.path LIKE ${`${path}%`}`,
      ),
  },
];
