import { sql } from 'kysely';
import { countOf, type Stat } from '../../core/stats.js';
import { localDate } from '../cases/index.js';

/** The party organisation's figures for the command centre: counts only, never names. */
export const partyStats: readonly Stat[] = [
  {
    key: 'party.members',
    name: { zh: '党员', en: 'Party members' },
    definition: {
      zh: '辖区内各党组织登记在册的党员人数（含在职报到党员）',
      en: 'Members on the rolls of the party organisations under the place (in-service members who reported included)',
    },
    unit: { zh: '人', en: 'members' },
    action: 'party.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM party_members WHERE active AND region_path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'party.dual_registered',
    name: { zh: '双报到党员', en: 'Members who reported (双报到)' },
    definition: {
      zh: '向所在社区报到并经社区审核通过的在职党员人数',
      en: 'In-service members whose registration with the community they live in was approved',
    },
    unit: { zh: '人', en: 'members' },
    action: 'party.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM dual_registrations d JOIN regions r ON r.code = d.community_code
          WHERE d.status = 'approved' AND r.path LIKE ${`${path}%`}`,
      ),
  },
  {
    key: 'party.overdue_resolutions',
    name: { zh: '逾期联席会议决议', en: 'Overdue joint-meeting resolutions' },
    definition: {
      zh: '党建联席会议议定、已过办理期限（街道工作日历）仍未办结的决议事项数',
      en: 'Resolutions of joint meetings past their deadline (the street’s working-day calendar) and not done',
    },
    unit: { zh: '项', en: 'resolutions' },
    action: 'party.read',
    compute: (db, path) =>
      countOf(
        db,
        sql<{ n: string }>`SELECT count(*) AS n FROM party_resolutions x
          JOIN party_meetings m ON m.street_id = x.street_id AND m.id = x.meeting_id
          JOIN regions r ON r.code = m.community_code
          WHERE x.done_on IS NULL AND x.due_on < ${localDate(new Date())} AND r.path LIKE ${`${path}%`}`,
      ),
  },
];
