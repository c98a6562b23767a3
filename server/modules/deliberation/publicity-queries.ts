import { sql } from 'kysely';
import { noticeCategoryNames, type Question } from '../../../contracts/deliberation.js';
import type { Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { maskNumbersInText } from '../../core/pii/index.js';
import { filesOf } from './files.js';

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A community's surveys with how many answered, and whether the reader has. */
export async function surveysOf(db: Executor, actor: Actor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('surveys as s')
    .select([
      's.id',
      's.title',
      's.intro',
      's.questions',
      's.opens_at',
      's.closes_at',
      (eb) =>
        eb
          .selectFrom('survey_responses as r')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('r.street_id', '=', 's.street_id')
          .whereRef('r.survey_id', '=', 's.id')
          .as('responses'),
      (eb) =>
        eb
          .selectFrom('survey_responses as r')
          .select(sql<boolean>`count(*) > 0`.as('n'))
          .whereRef('r.street_id', '=', 's.street_id')
          .whereRef('r.survey_id', '=', 's.id')
          .where('r.user_id', '=', actor.userId)
          .as('answered'),
    ])
    .where('s.street_id', '=', streetId)
    // the community's own, and the whole street's
    .where('s.community_code', 'in', [community, streetId])
    .orderBy('s.opens_at', 'desc')
    .execute();
  const now = Date.now();
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    intro: s.intro,
    questions: parse<Question[]>(s.questions),
    opensAt: s.opens_at.toISOString(),
    closesAt: s.closes_at.toISOString(),
    open: now >= s.opens_at.getTime() && now <= s.closes_at.getTime(),
    responses: Number(s.responses ?? 0),
    answered: Boolean(s.answered),
  }));
}

/** Live results: per question, the count of each option, the mean rating, or the written answers. */
export async function surveyResults(db: Executor, streetId: string, id: number) {
  const s = await db
    .selectFrom('surveys')
    .select(['id', 'title', 'community_code', 'questions'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s) return null;
  const questions = parse<Question[]>(s.questions);
  const answers = await db
    .selectFrom('survey_responses')
    .select('answers')
    .where('street_id', '=', streetId)
    .where('survey_id', '=', id)
    .execute();
  const all = answers.map((a) => parse<(number | number[] | string | null)[]>(a.answers));
  return {
    id: s.id,
    title: s.title,
    community: s.community_code,
    responses: all.length,
    questions: questions.map((q, i) => {
      const given = all.map((a) => a[i] ?? null).filter((a) => a !== null);
      const counts = q.options.map((_, k) => given.filter((a) => (Array.isArray(a) ? a.includes(k) : a === k)).length);
      const ratings = given.filter((a): a is number => typeof a === 'number');
      return {
        kind: q.kind,
        text: q.text,
        options: q.options.map((o, k) => ({ option: o, count: counts[k] ?? 0 })),
        mean:
          q.kind === 'rating' && ratings.length
            ? Math.round((ratings.reduce((x, y) => x + y, 0) / ratings.length) * 100) / 100
            : null,
        texts: q.kind === 'text' ? given.filter((a): a is string => typeof a === 'string').map(maskNumbersInText) : [],
      };
    }),
  };
}

type NoticeRow = {
  id: number;
  region_code: string;
  category: keyof typeof noticeCategoryNames;
  audience: 'public' | 'staff';
  role: string | null;
  title: string;
  body: string;
  finance: { columns: string[]; rows: string[][] } | null | string;
  pinned: boolean;
  publish_at: Date;
  withdraw_at: Date | null;
};
const noticeView = (n: NoticeRow) => ({
  id: n.id,
  region: n.region_code,
  category: n.category,
  categoryName: noticeCategoryNames[n.category].zh,
  audience: n.audience,
  role: n.role,
  title: n.title,
  body: n.body,
  finance: parse(n.finance),
  pinned: n.pinned,
  publishAt: n.publish_at.toISOString(),
  withdrawAt: n.withdraw_at?.toISOString() ?? null,
});

/** The notices of a community (its own, its grids' and the street's), for its staff: state and read rate. */
export async function noticesOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('notices as n')
    .selectAll('n')
    .select((eb) =>
      eb
        .selectFrom('notice_reads as r')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('r.street_id', '=', 'n.street_id')
        .whereRef('r.notice_id', '=', 'n.id')
        .as('reads'),
    )
    .where('n.street_id', '=', streetId)
    .where((eb) => eb.or([eb('n.region_code', '=', streetId), eb('n.region_code', 'like', `${community}%`)]))
    .orderBy('n.publish_at', 'desc')
    .limit(300)
    .execute();
  // the staff a staff notice is for: accounts with a role in the place (of the role, when one is named)
  const staff = await db
    .selectFrom('role_assignments')
    .select(['region_code', 'role', 'user_id'])
    .where('street_id', '=', streetId)
    .where('role', 'not in', ['resident'])
    .execute();
  const now = Date.now();
  const files = await filesOf(
    db,
    streetId,
    'notice',
    rows.map((n) => n.id),
  );
  return rows.map((n) => {
    const audience =
      n.audience === 'staff'
        ? new Set(
            staff
              .filter(
                (s) => (s.region_code ?? streetId).startsWith(n.region_code) && (n.role === null || s.role === n.role),
              )
              .map((s) => s.user_id),
          ).size
        : null;
    const reads = Number(n.reads ?? 0);
    return {
      ...noticeView(n),
      files: files.get(n.id) ?? [],
      state:
        n.publish_at.getTime() > now
          ? ('scheduled' as const)
          : n.withdraw_at && n.withdraw_at.getTime() <= now
            ? ('withdrawn' as const)
            : ('published' as const),
      reads,
      readRate: audience ? Math.round((Math.min(reads, audience) / audience) * 1000) / 10 : null,
    };
  });
}

/**
 * What one signed-in person is shown: published notices for the places they belong to — everyone's, and the
 * staff's of their role — pinned first, with whether they have read each.
 */
export async function noticesForMe(db: Executor, actor: Actor, streetIds: readonly string[]) {
  const codes = actor.assignments.flatMap((a) => (a.regionPath ? a.regionPath.split('/').filter(Boolean) : []));
  const roles = actor.assignments.map((a) => a.role);
  const now = new Date();
  const homes = (
    await db
      .selectFrom('users as u')
      .innerJoin('residents as r', 'r.phone_hash', 'u.phone_hash')
      .innerJoin('households as h', (j) =>
        j.onRef('h.street_id', '=', 'r.street_id').onRef('h.id', '=', 'r.household_id'),
      )
      .innerJoin('houses as o', (j) => j.onRef('o.street_id', '=', 'h.street_id').onRef('o.id', '=', 'h.house_id'))
      .select('o.building_id')
      .where('u.id', '=', actor.userId)
      .where('r.street_id', 'in', [...streetIds, ''])
      .where('r.status', '=', 'active')
      .execute()
  ).map((x) => x.building_id);
  const rows = await db
    .selectFrom('notices as n')
    .selectAll('n')
    .select((eb) =>
      eb
        .selectFrom('notice_reads as r')
        .select(sql<boolean>`count(*) > 0`.as('n'))
        .whereRef('r.street_id', '=', 'n.street_id')
        .whereRef('r.notice_id', '=', 'n.id')
        .where('r.user_id', '=', actor.userId)
        .as('read'),
    )
    .where('n.street_id', 'in', [...streetIds, ''])
    .where('n.region_code', 'in', [...codes, ''])
    .where('n.publish_at', '<=', now)
    .where((eb) => eb.or([eb('n.withdraw_at', 'is', null), eb('n.withdraw_at', '>', now)]))
    // a building's notice: for the people who live there (by the account's phone in the registry) and the staff
    .where((eb) =>
      eb.or([
        eb('n.building_id', 'is', null),
        eb.val(actor.kind === 'staff'),
        eb('n.building_id', 'in', [...homes, 0]),
      ]),
    )
    .where((eb) =>
      eb.or([
        eb('n.audience', '=', 'public'),
        eb.and([
          eb('n.audience', '=', 'staff'),
          eb.or([eb('n.role', 'is', null), eb('n.role', 'in', [...roles, ''])]),
          eb.val(actor.kind === 'staff'),
        ]),
      ]),
    )
    .orderBy('n.pinned', 'desc')
    .orderBy('n.publish_at', 'desc')
    .limit(100)
    .execute();
  const byStreet = new Map<string, Awaited<ReturnType<typeof filesOf>>>();
  for (const st of new Set(rows.map((n) => n.street_id)))
    byStreet.set(
      st,
      await filesOf(
        db,
        st,
        'notice',
        rows.filter((n) => n.street_id === st).map((n) => n.id),
      ),
    );
  return rows.map((n) => ({
    ...noticeView(n),
    street: n.street_id,
    files: byStreet.get(n.street_id)?.get(n.id) ?? [],
    read: Boolean(n.read),
  }));
}

/**
 * The public page of a community (no sign-in): its published notices for everyone — the community's, its grids'
 * and the street's, not a building's — and its topics' published decisions and results. No names, and numbers in
 * the text masked.
 */
export async function publicBoard(db: Executor, streetId: string, community: string) {
  const now = new Date();
  const notices = await db
    .selectFrom('notices as n')
    .selectAll('n')
    .where('n.street_id', '=', streetId)
    .where('n.audience', '=', 'public')
    .where('n.building_id', 'is', null)
    .where((eb) => eb.or([eb('n.region_code', '=', streetId), eb('n.region_code', 'like', `${community}%`)]))
    .where('n.publish_at', '<=', now)
    .where((eb) => eb.or([eb('n.withdraw_at', 'is', null), eb('n.withdraw_at', '>', now)]))
    .orderBy('n.pinned', 'desc')
    .orderBy('n.publish_at', 'desc')
    .limit(50)
    .execute();
  const published = await db
    .selectFrom('topic_steps as s')
    .innerJoin('topics as t', (j) => j.onRef('t.street_id', '=', 's.street_id').onRef('t.id', '=', 's.topic_id'))
    .select(['t.id', 't.title', 't.state', 's.id as step_id', 's.step', 's.text', 's.at'])
    .where('s.street_id', '=', streetId)
    .where('t.community_code', '=', community)
    .where('s.step', 'in', ['publish_decision', 'publish_result'])
    .where('s.counts', '=', true)
    .where('t.state', '<>', 'withdrawn')
    .orderBy('s.at', 'desc')
    .limit(100)
    .execute();
  const stepFiles = await filesOf(
    db,
    streetId,
    'step',
    published.map((p) => p.step_id),
  );
  const noticeFiles = await filesOf(
    db,
    streetId,
    'notice',
    notices.map((n) => n.id),
  );
  const topics = new Map<
    number,
    {
      id: number;
      title: string;
      decision: string | null;
      decidedOn: string | null;
      result: string | null;
      doneOn: string | null;
      files: { id: number; name: string; mime: string; size: number }[];
    }
  >();
  for (const p of published) {
    const t = topics.get(p.id) ?? {
      id: p.id,
      title: p.title,
      decision: null,
      decidedOn: null,
      result: null,
      doneOn: null,
      files: [],
    };
    t.files = [...t.files, ...(stepFiles.get(p.step_id) ?? [])];
    if (p.step === 'publish_decision') Object.assign(t, { decision: maskNumbersInText(p.text), decidedOn: day(p.at) });
    else Object.assign(t, { result: maskNumbersInText(p.text), doneOn: day(p.at) });
    topics.set(p.id, t);
  }
  return {
    notices: notices.map((n) => ({
      ...noticeView(n),
      body: maskNumbersInText(n.body),
      files: noticeFiles.get(n.id) ?? [],
    })),
    topics: [...topics.values()],
  };
}
