import { sql } from 'kysely';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';
import { lookupHash } from '../../core/pii/index.js';
import type { Seed } from '../../core/seed.js';
import type { Executor } from '../../core/db.js';
import type { StepKey } from '../../../contracts/deliberation.js';
import { extendSeries } from './commands/meetings.js';
import { ruleOf } from './schedule.js';

const DAY = 86_400_000;
const EMPTY = JSON.stringify({ roles: [], tags: [], grids: [], buildings: [], users: [] });

const TOPICS: { title: string; detail: string; reached: StepKey | 'solicit'; days: number; texts: string[] }[] = [
  {
    title: '小区增设电动自行车集中充电桩',
    detail: '楼道飞线充电隐患大，居民希望在小区空地增设集中充电桩。',
    reached: 'publish_result',
    days: 200,
    texts: [
      '社区党委提议在庆城新村东侧空地建设集中充电棚。',
      '两委会商议：选址东侧空地，资金由微实事经费和物业共同承担。',
      '居民代表会议表决通过建设集中充电棚。',
      '东侧空地建设充电棚，40个充电位，按次收费。',
      '充电棚已建成投用，40个充电位，楼道飞线充电现象基本消除。',
    ],
  },
  {
    title: '老旧楼道照明改造',
    detail: '部分楼道灯损坏多年，老人夜间上下楼不便。',
    reached: 'publish_decision',
    days: 120,
    texts: [
      '社区党委提议对12栋老旧楼道更换声控节能灯。',
      '两委会商议：由共建单位供电公司支持，物业负责施工。',
      '居民代表会议表决通过楼道照明改造方案。',
      '12栋楼道更换声控节能灯，年底前完成。',
    ],
  },
  {
    title: '背街小巷停车秩序整治',
    detail: '早晚高峰背街小巷乱停车堵塞消防通道。',
    reached: 'decide',
    days: 90,
    texts: [
      '社区党委提议联合交警、城管施划停车位并错时共享单位车位。',
      '两委会商议：施划停车位，邀请周边单位错时开放车位。',
      '居民代表会议表决通过停车秩序整治方案。',
    ],
  },
  {
    title: '社区广场活动时段约定',
    detail: '广场舞音响影响周边居民休息，需约定活动时段和音量。',
    reached: 'deliberate',
    days: 60,
    texts: [
      '社区党委提议召集舞蹈队和周边居民共同商定活动时段。',
      '两委会商议：建议晚间活动至20:30，音量不超过55分贝。',
    ],
  },
  {
    title: '增设社区老年助餐点',
    detail: '独居老人多，希望在社区增设助餐点，提供午餐配送。',
    reached: 'solicit',
    days: 25,
    texts: [],
  },
];

async function userId(db: Executor, username: string) {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;
}

/**
 * 庆城社区's year of deliberation: 居民恳谈日 on the 10th and 楼栋长例会 on the 1st (moved off holidays), two
 * residents' representatives meetings, topics at every step (one done, some overdue, one withdrawn, one decision
 * without quorum kept but not counted), a survey with answers, and a notice of every category.
 */
export const deliberationSeed: Seed = {
  async load({ db, streetId, keyring }) {
    if (streetId !== DEMO_STREET) return {};
    const secretary = await userId(db, 'secretary');
    const now = Date.now();
    const start = new Date(now - 365 * DAY);
    const first = `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}-01`;
    let meetings = 0;
    for (const [kind, title, day, minute, venue] of [
      ['talk_day', '居民恳谈日', 10, 19 * 60 + 30, '庆城社区党群服务中心'],
      ['building_leaders', '楼栋长例会', 1, 9 * 60, '庆城社区二楼会议室'],
    ] as const) {
      const s = await db
        .insertInto('meeting_series')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          kind,
          title,
          rule: ruleOf({ type: 'monthly_day', day }),
          starts_on: first,
          at_minute: minute,
          duration_minutes: 90,
          venue,
          remote_url: kind === 'talk_day' ? 'https://meeting.example.cn/qingcheng-talk' : '',
          invite: JSON.stringify({
            roles: kind === 'building_leaders' ? ['building_leader'] : [],
            tags: kind === 'building_leaders' ? ['building_leader'] : [],
            grids: [],
            buildings: [],
            users: [],
          }),
          created_by: secretary,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      meetings += await extendSeries(db, streetId, s.id, 15, secretary);
    }
    // what was held: minutes and a headcount at the door
    await sql`UPDATE meetings SET state = 'held',
        present_extra = CASE WHEN kind = 'talk_day' THEN 25 + id % 15 ELSE 8 + id % 5 END,
        minutes = CASE WHEN kind = 'talk_day'
          THEN '居民反映停车难、楼道照明、电动车充电等问题，社区逐一登记并明确责任人和办理时限。'
          ELSE '各楼栋长通报本月楼栋情况，布置消防安全检查和独居老人走访。' END
      WHERE street_id = ${streetId} AND ends_at < ${new Date(now)}`.execute(db);
    // the residents' representatives: 35 named, two meetings — the first with quorum, the second short of it
    const reps: number[] = [];
    for (const [ago, present] of [
      [100, 28],
      [40, 15],
    ] as const) {
      const at = new Date(now - ago * DAY);
      const m = await db
        .insertInto('meetings')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          kind: 'representatives',
          title: '居民代表会议',
          starts_at: at,
          ends_at: new Date(at.getTime() + 2 * 3_600_000),
          venue: '庆城社区党群服务中心',
          invite: EMPTY,
          invited: 35,
          present_extra: present,
          state: 'held',
          minutes: '审议议题并表决。',
          created_by: secretary,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      reps.push(m.id);
      meetings++;
    }
    const order: StepKey[] = ['propose', 'deliberate', 'decide', 'publish_decision', 'publish_result'];
    const resident = await db
      .selectFrom('users')
      .select('id')
      .where('phone_hash', '=', lookupHash(keyring, DEMO_RESIDENT_PHONE))
      .executeTakeFirst();
    let topics = 0;
    for (const t of TOPICS) {
      const created = now - t.days * DAY;
      const reached = t.reached === 'solicit' ? 0 : order.indexOf(t.reached) + 1;
      const row = await db
        .insertInto('topics')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          title: t.title,
          detail: t.detail,
          source: t.reached === 'solicit' ? 'resident' : 'community',
          proposer_id: t.reached === 'solicit' ? (resident?.id ?? secretary) : secretary,
          case_id: null,
          survey_id: null,
          step: t.reached,
          state: t.reached === 'publish_result' ? 'completed' : 'open',
          step_at: new Date(created + reached * 10 * DAY),
          // the next step's deadline: some are past (overdue)
          due_at: new Date(created + reached * 10 * DAY + 15 * DAY),
          created_at: new Date(created),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let k = 0; k < reached; k++) {
        const step = order[k] as StepKey;
        const decide = step === 'decide';
        await db
          .insertInto('topic_steps')
          .values({
            street_id: streetId,
            topic_id: row.id,
            step,
            by_user: secretary,
            at: new Date(created + (k + 1) * 10 * DAY),
            meeting_id: decide ? (reps[0] ?? null) : null,
            text: t.texts[k] ?? '',
            votes_for: decide ? 25 : null,
            votes_against: decide ? 2 : null,
            votes_abstain: decide ? 1 : null,
            present: decide ? 28 : null,
            quorum_met: decide ? true : null,
            passed: decide ? true : null,
          })
          .execute();
      }
      if (t.reached === 'deliberate')
        // a decision at the meeting short of quorum: kept, flagged, not counted
        await db
          .insertInto('topic_steps')
          .values({
            street_id: streetId,
            topic_id: row.id,
            step: 'decide',
            by_user: secretary,
            at: new Date(now - 40 * DAY),
            meeting_id: reps[1] ?? null,
            text: '居民代表会议表决广场活动时段约定。',
            votes_for: 12,
            votes_against: 2,
            votes_abstain: 1,
            present: 15,
            quorum_met: false,
            passed: false,
            counts: false,
          })
          .execute();
      topics++;
    }
    await db
      .insertInto('topics')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        title: '拆除小区围墙开放通行',
        detail: '有居民建议拆除围墙方便通行。',
        source: 'resident',
        proposer_id: resident?.id ?? secretary,
        case_id: null,
        survey_id: null,
        state: 'withdrawn',
        withdrawn_reason: '涉及小区安全和业主共有部分，已转业主大会按民法典程序决定',
        due_at: new Date(now - 30 * DAY),
        created_at: new Date(now - 60 * DAY),
      })
      .execute();
    topics++;
    const counts = await seedSurveyAndNotices(db, streetId, secretary, now);
    return { meetings, topics, ...counts };
  },
};

async function seedSurveyAndNotices(db: Executor, streetId: string, by: number | null, now: number) {
  const questions = [
    { kind: 'single', text: '您最希望社区优先解决哪件事？', options: ['停车难', '老年助餐', '楼道照明', '广场噪音'] },
    { kind: 'multiple', text: '您愿意参加哪些议事方式？', options: ['居民恳谈日', '家门口议事会', '线上议事', '问卷'] },
    { kind: 'rating', text: '您对社区议事公开的满意度', options: [] },
    { kind: 'text', text: '其他意见和建议', options: [] },
  ];
  const survey = await db
    .insertInto('surveys')
    .values({
      street_id: streetId,
      community_code: DEMO_COMMUNITY,
      title: '庆城社区2026年议事议题征集',
      intro: '请您选出最关心的社区事务，社区将据此确定下一阶段议题。',
      questions: JSON.stringify(questions),
      opens_at: new Date(now - 20 * DAY),
      closes_at: new Date(now + 20 * DAY),
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where('role', '=', 'resident')
    .where('region_code', 'like', `${DEMO_COMMUNITY}%`)
    .orderBy('user_id')
    .limit(40)
    .execute();
  if (people.length)
    await db
      .insertInto('survey_responses')
      .values(
        people.map((p, i) => ({
          street_id: streetId,
          survey_id: survey.id,
          user_id: p.user_id,
          answers: JSON.stringify([i % 4, [0, (i % 3) + 1], 3 + (i % 3), i % 5 === 0 ? '希望周末也有议事活动' : null]),
          at: new Date(now - (i % 15) * DAY),
        })),
      )
      .execute();
  const notice = (o: {
    category: 'party' | 'residents' | 'finance' | 'service' | 'urgent';
    title: string;
    body: string;
    ago: number;
    finance?: { columns: string[]; rows: string[][] };
    pinned?: boolean;
    staff?: boolean;
  }) => ({
    street_id: streetId,
    region_code: DEMO_COMMUNITY,
    building_id: null,
    category: o.category,
    audience: o.staff ? ('staff' as const) : ('public' as const),
    role: o.staff ? 'grid_worker' : null,
    title: o.title,
    body: o.body,
    finance: JSON.stringify(o.finance ?? null),
    pinned: o.pinned ?? false,
    publish_at: new Date(now - o.ago * DAY),
    withdraw_at: null,
    created_by: by,
  });
  await db
    .insertInto('notices')
    .values([
      notice({
        category: 'party',
        title: '庆城社区党委2026年第三季度党费收缴情况公示',
        body: '本季度应缴党费党员369名，已全部按时足额缴纳。党费使用情况接受全体党员监督。',
        ago: 30,
      }),
      notice({
        category: 'residents',
        title: '关于召开居民代表会议的公告',
        body: '定于本月20日召开居民代表会议，审议停车秩序整治方案，欢迎居民旁听。',
        ago: 5,
        pinned: true,
      }),
      notice({
        category: 'finance',
        title: '庆城社区2026年第三季度经费收支公开',
        body: '现将本季度社区工作经费和为民服务专项经费收支情况公开如下，接受居民监督。',
        ago: 12,
        finance: {
          columns: ['项目', '收入（元）', '支出（元）', '说明'],
          rows: [
            ['社区工作经费', '60000.00', '41250.00', '办公、水电、会议'],
            ['为民服务专项经费', '200000.00', '126800.00', '充电棚、楼道照明、助老'],
            ['党组织工作经费', '30000.00', '18600.00', '党员教育、主题党日'],
          ],
        },
      }),
      notice({
        category: 'service',
        title: '城乡居民医保集中缴费提醒',
        body: '2027年度城乡居民医保缴费已开始，可在社区党群服务中心或手机上办理，截止日期12月31日。',
        ago: 3,
      }),
      notice({
        category: 'urgent',
        title: '寒潮大风防御紧急通知',
        body: '受寒潮影响，未来三天有大风降温，请居民收好阳台花盆，关注独居老人。',
        ago: 1,
        pinned: true,
      }),
      notice({
        category: 'residents',
        title: '网格员周例会通知',
        body: '本周五上午九点在社区二楼召开网格员例会，请全体网格员参加。',
        ago: 2,
        staff: true,
      }),
    ])
    .execute();
  return { surveyResponses: people.length, notices: 6 };
}
