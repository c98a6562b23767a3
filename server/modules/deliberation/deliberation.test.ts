import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';
import { workCalendarOf, type WorkCalendar } from '../cases/index.js';
import { quorumOf } from './commands/topics.js';
import { plan, ruleInWords, ruleOf } from './schedule.js';

let demo: DemoApp;
let secretary: Client;
let resident: Client;
let gridworker: Client;

beforeAll(async () => {
  demo = await demoApp();
  secretary = await signedIn(demo.app, 'secretary');
  resident = await signedIn(demo.app, DEMO_RESIDENT_PHONE);
  gridworker = await signedIn(demo.app, 'gridworker');
  cal = await workCalendarOf(demo.database.db, DEMO_STREET);
});
afterAll(() => demo.close());

const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
/** The street's calendar as the demo keeps it (the official 2026 holidays and make-up days). */
let cal: WorkCalendar;

describe('meetings on their schedule', () => {
  it('a year of “the 1st”, “the 16th” and “the second Tuesday”, moved off Spring Festival, Labour Day and National Day', () => {
    const first = plan(ruleOf({ type: 'monthly_day', day: 1 }), '2026-01-01', 12, cal);
    expect(first).toHaveLength(12);
    expect(first.filter((d) => d.moved)).toEqual([
      { ruled: '2026-01-01', day: '2026-01-04', moved: true }, // 元旦 → the make-up working Sunday
      { ruled: '2026-05-01', day: '2026-05-06', moved: true }, // 劳动节
      { ruled: '2026-10-01', day: '2026-10-08', moved: true }, // 国庆节
    ]);
    const sixteenth = plan(ruleOf({ type: 'monthly_day', day: 16 }), '2026-01-01', 12, cal);
    expect(sixteenth.find((d) => d.ruled === '2026-02-16')).toEqual({
      ruled: '2026-02-16',
      day: '2026-02-24', // 春节 (15–23 February)
      moved: true,
    });
    // an ordinary weekend does not move it: 10 January 2026 is a Saturday
    const tenth = plan(ruleOf({ type: 'monthly_day', day: 10 }), '2026-01-01', 12, cal);
    expect(tenth[0]).toEqual({ ruled: '2026-01-10', day: '2026-01-10', moved: false });
    const tuesday = plan(ruleOf({ type: 'monthly_weekday', nth: 2, weekday: 2 }), '2026-01-01', 12, cal);
    expect(tuesday.slice(0, 3).map((d) => d.day)).toEqual(['2026-01-13', '2026-02-10', '2026-03-10']);
    expect(tuesday.find((d) => d.ruled === '2026-10-13')?.moved).toBe(false);
    expect(ruleInWords(ruleOf({ type: 'monthly_weekday', nth: 2, weekday: 2 }))).toBe('每月第二个星期二');
    expect(ruleInWords(ruleOf({ type: 'monthly_day', day: 10 }))).toBe('每月10日');
  });

  it('puts a series on the calendar with the moves said, and shows the next 居民恳谈日 on the 10th', async () => {
    const made = await secretary.post('/api/meeting-series', {
      community: DEMO_COMMUNITY,
      kind: 'doorstep',
      title: '家门口议事会',
      recurrence: { type: 'monthly_day', day: 1 },
      startsOn: '2026-01-01',
      time: '19:00',
      venue: '庆城新村议事亭',
      months: 12,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json<{ meetings: number }>().meetings).toBe(12);
    const list = (await secretary.get(`/api/meetings?community=${DEMO_COMMUNITY}&from=2026-10-01&to=2026-10-31`)).json<{
      items: { title: string; startsAt: string; movedFrom: string | null; kindName: string }[];
    }>();
    const october = list.items.find((m) => m.title === '家门口议事会');
    expect(october?.movedFrom).toBe('2026-10-01');
    expect(new Date(october?.startsAt ?? '').toISOString()).toBe('2026-10-08T11:00:00.000Z'); // 19:00 Beijing
    // the demo's talk day: the next one falls on the 10th (or the first working day after a holiday)
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const ahead = (await resident.get(`/api/meetings?community=${DEMO_COMMUNITY}&from=${today}&to=2099-01-01`)).json<{
      items: { kind: string; startsAt: string; movedFrom: string | null }[];
    }>();
    const next = ahead.items.find((m) => m.kind === 'talk_day');
    const day = new Date(new Date(next?.startsAt ?? '').getTime() + 8 * 3_600_000).toISOString().slice(8, 10);
    expect(next?.movedFrom ? next.movedFrom.slice(8, 10) : day).toBe('10');
    const bad = await secretary.post('/api/meetings', {
      community: DEMO_COMMUNITY,
      kind: 'doorstep',
      title: '议事会',
      startsAt: '2026-12-20T19:00:00+08:00',
      endsAt: '2026-12-20T18:00:00+08:00',
      venue: '议事亭',
    });
    expect(bad.statusCode).toBe(400);
    expect(message(bad)).toMatch(/结束时间须晚于开始时间/);
  });
});

describe('invitations by name and the agenda before the meeting', () => {
  it('invites the community’s accounts by name, plans topics and items in order, and refuses the rest whole', async () => {
    const found = await secretary.get(`/api/deliberation/invitees?community=${DEMO_COMMUNITY}&q=`);
    expect(found.statusCode, found.body).toBe(200);
    const people = found.json<{ items: { id: number; name: string; roles: string }[] }>().items;
    expect(people.length).toBeGreaterThan(1);
    expect(JSON.stringify(people)).not.toMatch(/1[3-9]\d{9}/); // names and roles, never a phone number
    expect((await resident.get(`/api/deliberation/invitees?community=${DEMO_COMMUNITY}`)).statusCode).toBe(403);
    const two = people.slice(0, 2).map((p) => p.id);
    const base = {
      community: DEMO_COMMUNITY,
      kind: 'pre_consult',
      title: '两代表一委员预协商',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000).toISOString(),
      venue: '党群服务中心二楼',
    };
    const stranger = await secretary.post('/api/meetings', {
      ...base,
      invite: { users: [...two, 987_654] },
    });
    expect(stranger.statusCode).toBe(400);
    expect(message(stranger)).toMatch(/点名邀请的人员须为本社区或本街道的账号/);
    const made = await secretary.post('/api/meetings', { ...base, invite: { users: [...two, two[0]] } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const topic = await resident.post('/api/topics', {
      community: DEMO_COMMUNITY,
      title: '小区东门加装雨棚',
      detail: '',
    });
    expect(topic.statusCode, topic.body).toBe(201);
    const topicId = topic.json<{ id: number }>().id;
    const put = (items: unknown[]) => secretary.put(`/api/meetings/${id}/agenda`, { street: DEMO_STREET, items });
    expect((await put([{ topicId }, { text: '通报上月民生实事进展' }])).statusCode).toBe(200);
    const other = await put([{ topicId: 999_999 }]);
    expect(other.statusCode).toBe(400);
    expect(message(other)).toMatch(/议程中的议题须为本社区正在办理的议题/);
    expect((await put([{ text: '' }])).statusCode).toBe(400);
    expect(message(await put([{ text: '' }]))).toMatch(/议程事项须选择议题或填写内容/);
    const detail = (await secretary.get(`/api/meetings/${id}?street=${DEMO_STREET}`)).json<{
      planned: { topicId: number | null; text: string; stepName: string | null }[];
    }>();
    expect(detail.planned).toEqual([
      { topicId, text: '小区东门加装雨棚', stepName: '征集议题' },
      { topicId: null, text: '通报上月民生实事进展', stepName: null },
    ]);
    const day = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const listed = (await resident.get(`/api/meetings?community=${DEMO_COMMUNITY}&from=${day}&to=2099-01-01`)).json<{
      items: { id: number; invited: number; agenda: string[] }[];
    }>();
    const row = listed.items.find((m) => m.id === id);
    expect(row).toMatchObject({ invited: 2, agenda: ['小区东门加装雨棚', '通报上月民生实事进展'] });
    // once held, the agenda stays as it was
    const held = await meeting('pre_consult', 2, 2);
    const late = await secretary.put(`/api/meetings/${held}/agenda`, {
      street: DEMO_STREET,
      items: [{ text: '补充事项' }],
    });
    expect(late.statusCode).toBe(409);
    expect(message(late)).toMatch(/议程不能再改/);
  });
});

async function meeting(kind: string, invited: number, present: number) {
  const db = demo.database.db;
  const at = new Date(Date.now() - 3 * 86_400_000);
  const m = await db
    .insertInto('meetings')
    .values({
      street_id: DEMO_STREET,
      community_code: DEMO_COMMUNITY,
      kind: kind as 'residents',
      title: '居民代表会议',
      starts_at: at,
      ends_at: new Date(at.getTime() + 3_600_000),
      invite: JSON.stringify({ roles: [], tags: [], grids: [], buildings: [], users: [] }),
      invited,
      present_extra: present,
      state: 'held',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return m.id;
}

describe('quorum by the kind of meeting', () => {
  it('a residents’ meeting needs more than half, an owners’ assembly two thirds, a talk day none', async () => {
    const db = demo.database.db;
    const q = async (kind: string, invited: number, present: number) =>
      (await quorumOf(db, DEMO_STREET, await meeting(kind, invited, present))).met;
    expect(await q('residents', 40, 20)).toBe(false); // exactly half is not more than half
    expect(await q('residents', 40, 21)).toBe(true);
    expect(await q('representatives', 35, 18)).toBe(true);
    expect(await q('owners', 36, 24)).toBe(true); // exactly two thirds (以上 includes it)
    expect(await q('owners', 36, 23)).toBe(false);
    expect(await q('talk_day', 0, 40)).toBeNull();
    expect(await q('building_leaders', 12, 1)).toBeNull();
  });
});

describe('一征三议两公开', () => {
  it('goes strictly in order; a decision without quorum is kept, flagged, and does not count', async () => {
    const outside = await signedIn(demo.app, 'handler');
    const refused = await outside.post('/api/topics', { community: DEMO_COMMUNITY, title: '外人提的议题' });
    expect(refused.statusCode).toBe(403);
    expect(message(refused)).toMatch(/只有庆城社区的居民可以/);
    const made = await resident.post('/api/topics', {
      community: DEMO_COMMUNITY,
      title: '小区增设健身器材',
      detail: '希望在中心绿地增设适老健身器材',
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    expect((await gridworker.post(`/api/topics/${id}/support`, { street: DEMO_STREET })).statusCode).toBe(200);
    expect((await gridworker.post(`/api/topics/${id}/support`, { street: DEMO_STREET })).statusCode).toBe(409);
    const step = (body: object) => secretary.post(`/api/topics/${id}/steps`, { street: DEMO_STREET, ...body });

    const skipped = await step({ step: 'decide', text: '直接决议' });
    expect(skipped.statusCode).toBe(409);
    expect(message(skipped)).toMatch(/下一步应为“党组织提议”，不能跳过或颠倒/);
    expect(
      (await resident.post(`/api/topics/${id}/steps`, { street: DEMO_STREET, step: 'propose', text: '提议' }))
        .statusCode,
    ).toBe(403);
    expect((await step({ step: 'propose', text: '社区党委提议增设健身器材' })).statusCode).toBe(201);
    expect((await step({ step: 'propose', text: '再提议一次' })).statusCode).toBe(409);
    expect((await step({ step: 'publish_decision', text: '公开' })).statusCode).toBe(409);
    expect((await step({ step: 'deliberate', text: '两委商议同意' })).statusCode).toBe(201);

    const talk = await meeting('talk_day', 0, 40);
    const wrongKind = await step({
      step: 'decide',
      text: '表决',
      meetingId: talk,
      votes: { for: 30, against: 0, abstain: 0 },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(message(wrongKind)).toMatch(/决议须在居民会议或居民代表会议上作出/);
    const noVotes = await step({ step: 'decide', text: '表决', meetingId: await meeting('representatives', 35, 30) });
    expect(noVotes.statusCode).toBe(400);
    const short = await meeting('representatives', 35, 17); // 17 of 35: not more than half
    const flagged = await step({
      step: 'decide',
      text: '表决',
      meetingId: short,
      votes: { for: 15, against: 1, abstain: 1 },
    });
    expect(flagged.statusCode).toBe(201);
    expect(flagged.json()).toMatchObject({ counts: false, quorumMet: false, passed: false });
    const tooMany = await step({
      step: 'decide',
      text: '表决',
      meetingId: short,
      votes: { for: 18, against: 0, abstain: 0 },
    });
    expect(message(tooMany)).toMatch(/表决票数超过到会人数（17 人）/);
    // still waiting for a decision that counts
    expect((await step({ step: 'publish_decision', text: '公开' })).statusCode).toBe(409);
    const enough = await meeting('representatives', 35, 18);
    const notCarried = await step({
      step: 'decide',
      text: '表决',
      meetingId: enough,
      votes: { for: 9, against: 8, abstain: 1 },
    });
    expect(notCarried.json()).toMatchObject({ counts: false, quorumMet: true, passed: false });
    const category = await demo.database.db
      .selectFrom('case_categories')
      .select('code')
      .where('street_id', '=', DEMO_STREET)
      .where('tier', '=', 'shared')
      .where('parent_id', 'is not', null)
      .where('active', '=', true)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const toCase = () => secretary.post(`/api/topics/${id}/case`, { street: DEMO_STREET, category: category.code });
    const early = await toCase();
    expect(early.statusCode).toBe(409);
    expect(message(early)).toMatch(/议题尚无有效决议/);
    const carried = await step({
      step: 'decide',
      text: '表决通过',
      meetingId: enough,
      votes: { for: 10, against: 7, abstain: 1 },
    });
    expect(carried.json()).toMatchObject({ counts: true, quorumMet: true, passed: true });
    // the decision is carried out through the case loop, linked both ways (again: the same case)
    const opened = await toCase();
    expect(opened.statusCode, opened.body).toBe(200);
    const caseId = opened.json<{ caseId: number }>().caseId;
    expect((await toCase()).json()).toEqual({ caseId });
    const k = await demo.database.db
      .selectFrom('cases')
      .select('description')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(k.description).toMatch(/经居民（代表）会议决议：表决通过/);
    const back = (await secretary.get(`/api/topics/by-case/${caseId}`)).json<{
      items: { id: number; link: string }[];
    }>();
    expect(back.items).toEqual([expect.objectContaining({ id, link: 'resolution' })]);
    expect((await step({ step: 'publish_decision', text: '决议：在中心绿地增设健身器材' })).statusCode).toBe(201);
    expect(
      (await step({ step: 'publish_result', text: '已安装8件适老健身器材，联系电话13912345678' })).statusCode,
    ).toBe(201);
    expect((await step({ step: 'publish_result', text: '再公开' })).statusCode).toBe(409);

    const steps = (await resident.get(`/api/topics/${id}/steps?street=${DEMO_STREET}`)).json<{
      items: { id: number; step: string; counts: boolean; quorumMet: boolean | null }[];
    }>();
    expect(steps.items.map((s) => `${s.step}${s.counts ? '' : '×'}`)).toEqual([
      'propose',
      'deliberate',
      'decide×',
      'decide×',
      'decide',
      'publish_decision',
      'publish_result',
    ]);
    const topics = (await resident.get(`/api/topics?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; state: string; supporters: number; mine: boolean }[];
    }>();
    expect(topics.items.find((t) => t.id === id)).toMatchObject({
      state: 'completed',
      supporters: 1,
      mine: true,
      resolutionCaseId: caseId,
    });

    // the public page: the decision and the result, no names, numbers masked, without signing in
    const board = await demo.app.inject({ url: `/api/public/communities/${DEMO_COMMUNITY}/board` });
    expect(board.statusCode).toBe(200);
    const b = board.json<{ topics: { title: string; decision: string; result: string }[] }>();
    const shown = b.topics.find((t) => t.title === '小区增设健身器材');
    expect(shown?.decision).toBe('决议：在中心绿地增设健身器材');
    expect(shown?.result).toMatch(/139\*{4}5678/);
    // what a topic shows the public: no proposer, no one who took a step
    expect(Object.keys(shown ?? {}).sort()).toEqual([
      'decidedOn',
      'decision',
      'doneOn',
      'files',
      'id',
      'result',
      'title',
    ]);

    // the result's evidence: a photo on the published step is public; a paper on the proposal is not
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = (c: Client, kind: string, owner: number, name: string) =>
      c.raw({
        method: 'POST',
        url: `/api/deliberation/files?street=${DEMO_STREET}&kind=${kind}&id=${owner}&name=${encodeURIComponent(name)}`,
        payload: png,
        headers: { 'content-type': 'image/png' },
      });
    const resultStep = steps.items.find((x) => x.step === 'publish_result')?.id ?? 0;
    const proposeStep = steps.items.find((x) => x.step === 'propose')?.id ?? 0;
    expect((await upload(resident, 'step', resultStep, '照片.png')).statusCode).toBe(403);
    const evidence = await upload(secretary, 'step', resultStep, '健身器材安装照片.png');
    expect(evidence.statusCode, evidence.body).toBe(201);
    const paper = await upload(secretary, 'step', proposeStep, '党委会议记录.png');
    expect(paper.statusCode).toBe(201);
    const publicFile = (id: number) =>
      demo.app.inject({ url: `/api/public/deliberation-files/${id}?street=${DEMO_STREET}` });
    const shownFile = await publicFile(evidence.json<{ id: number }>().id);
    expect(shownFile.statusCode).toBe(200);
    expect(shownFile.headers['content-type']).toBe('image/png');
    expect((await publicFile(paper.json<{ id: number }>().id)).statusCode).toBe(404);
    expect(
      (await resident.get(`/api/deliberation/files/${paper.json<{ id: number }>().id}?street=${DEMO_STREET}`))
        .statusCode,
    ).toBe(200);
    const again = (await demo.app.inject({ url: `/api/public/communities/${DEMO_COMMUNITY}/board` })).json<{
      topics: { id: number; files: { name: string }[] }[];
    }>();
    expect(again.topics.find((t) => t.id === id)?.files.map((f) => f.name)).toEqual(['健身器材安装照片.png']);
    expect(board.body).not.toContain(secretary.me.user.name);
  });

  it('withdraws with the reason shown; a withdrawn topic takes no step', async () => {
    const id = (await resident.post('/api/topics', { community: DEMO_COMMUNITY, title: '取消社区快递柜' })).json<{
      id: number;
    }>().id;
    expect(
      (
        await secretary.post(`/api/topics/${id}/withdraw`, {
          street: DEMO_STREET,
          reason: '快递柜由物业管理，转物业办理',
        })
      ).statusCode,
    ).toBe(200);
    const step = await secretary.post(`/api/topics/${id}/steps`, {
      street: DEMO_STREET,
      step: 'propose',
      text: '提议',
    });
    expect(step.statusCode).toBe(409);
    expect(message(step)).toBe('该议题已撤回');
    const list = (await resident.get(`/api/topics?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; state: string; withdrawnReason: string }[];
    }>();
    expect(list.items.find((t) => t.id === id)).toMatchObject({
      state: 'withdrawn',
      withdrawnReason: '快递柜由物业管理，转物业办理',
    });
  });
});

describe('the command centre', () => {
  it('counts topics under way and overdue, results published and meetings held', async () => {
    const r = (await secretary.get(`/api/stats?region=${DEMO_COMMUNITY}`)).json<{
      stats: { key: string; value: number }[];
    }>();
    const value = (k: string) => r.stats.find((s) => s.key === k)?.value;
    expect(value('deliberation.topics_open')).toBeGreaterThan(0);
    expect(value('deliberation.topics_overdue')).toBeGreaterThan(0);
    expect(value('deliberation.meetings_year')).toBeGreaterThan(0);
    expect(value('deliberation.results_published_year')).toBeGreaterThanOrEqual(0);
  });
});

describe('surveys and notices', () => {
  it('takes one response per resident, even pressed at once', async () => {
    const made = await secretary.post('/api/surveys', {
      community: DEMO_COMMUNITY,
      title: '议题征集',
      questions: [
        { kind: 'single', text: '最关心的事', options: ['停车', '助餐'] },
        { kind: 'rating', text: '满意度' },
      ],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const bad = await resident.post(`/api/surveys/${id}/responses`, { street: DEMO_STREET, answers: [5, 3] });
    expect(bad.statusCode).toBe(400);
    expect(message(bad)).toBe('第 1 题：请选择一个选项');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        resident.post(`/api/surveys/${id}/responses`, { street: DEMO_STREET, answers: [1, 4] }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(message(answers.find((a) => a.statusCode === 409) ?? answers[0]!)).toBe('您已提交过此问卷');
    const results = (await secretary.get(`/api/surveys/${id}/results?street=${DEMO_STREET}`)).json<{
      responses: number;
      questions: { options: { count: number }[]; mean: number | null }[];
    }>();
    expect(results.responses).toBe(1);
    expect(results.questions[0]?.options.map((o) => o.count)).toEqual([0, 1]);
    expect(results.questions[1]?.mean).toBe(4);
    // a survey for one grid: the residents of another are told it is not for them
    const gridOnly = await secretary.post('/api/surveys', {
      community: DEMO_COMMUNITY,
      title: '第2网格停车意见',
      grids: [`${DEMO_COMMUNITY}002`],
      questions: [{ kind: 'rating', text: '满意度' }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(gridOnly.statusCode, gridOnly.body).toBe(201);
    const elsewhere = await resident.post(`/api/surveys/${gridOnly.json<{ id: number }>().id}/responses`, {
      street: DEMO_STREET,
      answers: [5],
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(message(elsewhere)).toBe('本问卷仅限所选网格的居民填写');
    // a survey of the whole street: the street's operator opens it, any resident of the street answers
    const streetWide = {
      community: DEMO_STREET,
      title: '鼓东街道15分钟生活圈满意度',
      questions: [{ kind: 'rating', text: '满意度' }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
    expect((await secretary.post('/api/surveys', streetWide)).statusCode).toBe(403);
    const operator = await signedIn(demo.app, 'operator');
    const wide = await operator.post('/api/surveys', streetWide);
    expect(wide.statusCode, wide.body).toBe(201);
    const wideId = wide.json<{ id: number }>().id;
    expect(
      (await resident.post(`/api/surveys/${wideId}/responses`, { street: DEMO_STREET, answers: [4] })).statusCode,
    ).toBe(201);
    const listed = (await resident.get(`/api/surveys?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; answered: boolean }[];
    }>();
    expect(listed.items.find((x) => x.id === wideId)?.answered).toBe(true);
    const xlsx = await secretary.get(`/api/surveys/${id}/results.xlsx?street=${DEMO_STREET}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('publishes on schedule to its audience; the public page shows only what is published for everyone', async () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const wrong = await secretary.post('/api/notices', {
      region: DEMO_COMMUNITY,
      category: 'residents',
      title: '排期错误',
      body: '撤下早于发布',
      publishAt: soon,
      withdrawAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(wrong.statusCode).toBe(400);
    expect(message(wrong)).toMatch(/撤下时间须晚于发布时间/);
    const noTable = await secretary.post('/api/notices', {
      region: DEMO_COMMUNITY,
      category: 'finance',
      title: '收支公开',
      body: '见附表',
      publishAt: new Date().toISOString(),
    });
    expect(message(noTable)).toBe('财务公开须附收支明细表');
    const later = await secretary.post('/api/notices', {
      region: DEMO_COMMUNITY,
      category: 'service',
      title: '明天才发布的公告',
      body: '尚未发布',
      publishAt: soon,
    });
    expect(later.statusCode).toBe(201);
    const staffOnly = await secretary.post('/api/notices', {
      region: DEMO_COMMUNITY,
      category: 'residents',
      audience: 'staff',
      role: 'grid_worker',
      title: '网格员内部通知',
      body: '仅网格员可见',
      publishAt: new Date(Date.now() - 1000).toISOString(),
    });
    const staffId = staffOnly.json<{ id: number }>().id;
    const board = await demo.app.inject({ url: `/api/public/communities/${DEMO_COMMUNITY}/board` });
    const titles = board.json<{ notices: { title: string; category: string; finance: unknown }[] }>().notices;
    expect(titles.map((n) => n.title)).not.toContain('明天才发布的公告');
    expect(titles.map((n) => n.title)).not.toContain('网格员内部通知');
    expect(new Set(titles.map((n) => n.category))).toEqual(
      new Set(['party', 'residents', 'finance', 'service', 'urgent']),
    );
    const finance = board
      .json<{ notices: { id: number; category: string }[] }>()
      .notices.find((n) => n.category === 'finance');
    const table = await demo.app.inject({
      url: `/api/public/communities/${DEMO_COMMUNITY}/notices/${finance?.id}/table.xlsx`,
    });
    expect(table.statusCode).toBe(200);
    // the grid worker sees the staff notice and reads it; the read rate counts them
    const mine = (await gridworker.get('/api/notices/mine')).json<{ items: { id: number; read: boolean }[] }>();
    expect(mine.items.find((n) => n.id === staffId)?.read).toBe(false);
    expect(
      (await resident.get('/api/notices/mine')).json<{ items: { id: number }[] }>().items.map((n) => n.id),
    ).not.toContain(staffId);
    // a building's notice reaches the people who live there, not the rest of the community
    const home = await demo.database.db
      .selectFrom('users as u')
      .innerJoin('residents as r', 'r.phone_hash', 'u.phone_hash')
      .innerJoin('households as h', (j) =>
        j.onRef('h.street_id', '=', 'r.street_id').onRef('h.id', '=', 'r.household_id'),
      )
      .innerJoin('houses as o', (j) => j.onRef('o.street_id', '=', 'h.street_id').onRef('o.id', '=', 'h.house_id'))
      .select('o.building_id')
      .where('u.id', '=', resident.me.user.id)
      .executeTakeFirstOrThrow();
    const other = await demo.database.db
      .selectFrom('buildings')
      .select('id')
      .where('street_id', '=', DEMO_STREET)
      .where('community_code', '=', DEMO_COMMUNITY)
      .where('id', '<>', home.building_id)
      .executeTakeFirstOrThrow();
    const forBuilding = async (buildingId: number, title: string) =>
      (
        await secretary.post('/api/notices', {
          region: DEMO_COMMUNITY,
          buildingId,
          category: 'service',
          title,
          body: '本楼栋明日上午停水检修',
          publishAt: new Date(Date.now() - 1000).toISOString(),
        })
      ).json<{ id: number }>().id;
    const mineB = await forBuilding(home.building_id, '本楼停水通知');
    const otherB = await forBuilding(other.id, '他楼停水通知');
    const seen = (await resident.get('/api/notices/mine')).json<{ items: { id: number }[] }>().items.map((n) => n.id);
    expect(seen).toContain(mineB);
    expect(seen).not.toContain(otherB);
    await gridworker.post(`/api/notices/${staffId}/read`, { street: DEMO_STREET });
    const list = (await secretary.get(`/api/notices?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; reads: number; readRate: number | null; state: string }[];
    }>();
    expect(list.items.find((n) => n.id === staffId)).toMatchObject({ reads: 1, state: 'published' });
    expect(list.items.find((n) => n.id === staffId)?.readRate).toBeGreaterThan(0);
    expect(list.items.find((n) => n.id === later.json<{ id: number }>().id)?.state).toBe('scheduled');
  });
});
