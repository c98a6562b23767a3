import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';

/** 大家的事大家议's figures for the command centre: counts, never who. */
export const deliberationStats: readonly Stat[] = [
  {
    key: 'deliberation.topics_open',
    name: { zh: '在办议题', en: 'Topics under way' },
    definition: { zh: '已征集、尚未办结或撤回的议题', en: 'Topics solicited and neither done nor withdrawn' },
    unit: { zh: '项', en: 'topics' },
    action: 'deliberation.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM topics t JOIN regions c ON c.code = t.community_code
          WHERE t.state = 'open' AND c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'deliberation.topics_overdue',
    name: { zh: '逾期议题', en: 'Overdue topics' },
    definition: {
      zh: '下一环节（一征三议两公开）已过期限的在办议题',
      en: 'Topics under way whose next step is past its deadline',
    },
    unit: { zh: '项', en: 'topics' },
    action: 'deliberation.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM topics t JOIN regions c ON c.code = t.community_code
          WHERE t.state = 'open' AND t.due_at < now() AND c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'deliberation.results_published_year',
    name: { zh: '实施结果公开（今年）', en: 'Results published (this year)' },
    definition: {
      zh: '今年走完“一征三议两公开”、公开实施结果的议题',
      en: 'Topics that reached the published result this year',
    },
    unit: { zh: '项', en: 'topics' },
    action: 'deliberation.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM topic_steps s
          JOIN topics t ON t.street_id = s.street_id AND t.id = s.topic_id
          JOIN regions c ON c.code = t.community_code
          WHERE s.step = 'publish_result' AND s.counts AND s.at >= date_trunc('year', now())
            AND c.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'deliberation.meetings_year',
    name: { zh: '召开议事会议（今年）', en: 'Meetings held (this year)' },
    definition: { zh: '今年已召开的恳谈日、例会、议事会等会议', en: 'Meetings held this year' },
    unit: { zh: '次', en: 'meetings' },
    action: 'deliberation.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM meetings m JOIN regions c ON c.code = m.community_code
          WHERE m.state <> 'cancelled' AND m.ends_at < now() AND m.starts_at >= date_trunc('year', now())
            AND c.path LIKE ${`${path}%`}`,
      ),
  },
];
