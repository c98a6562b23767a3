import { sql } from 'kysely';
import { z } from 'zod';
import { awardInput, awardKindNames, awardStateNames, type AwardRow } from '../../../contracts/assessment.js';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { command } from '../../core/command.js';
import type { Executor } from '../../core/db.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { placeOf } from '../../core/places.js';
import { localDate } from '../cases/index.js';
import { createNotice } from '../deliberation/index.js';

const street = z.string().regex(/^\d{9}$/);
const id = z.number().int().positive();
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Where an award stands on a day: nominations, then the vote (or the committee), then publicity, then awarded. */
export function awardState(
  a: { nominate_until: string; vote_until: string; decide: string; publicity_until: string | null },
  today: string,
) {
  if (a.publicity_until) return today <= a.publicity_until ? 'publicity' : 'awarded';
  if (today <= a.nominate_until) return 'nominating';
  if (a.decide === 'vote' && today <= a.vote_until) return 'voting';
  return 'deciding';
}

export async function awardOf(db: Executor, streetId: string, awardId: number) {
  const a = await db
    .selectFrom('awards as a')
    .innerJoin('regions as c', 'c.code', 'a.community_code')
    .selectAll('a')
    .select(['c.path', 'c.name as community'])
    .where('a.street_id', '=', streetId)
    .where('a.id', '=', awardId)
    .executeTakeFirst();
  if (!a) throw notFound({ zh: '评选', en: 'Award' });
  return { ...a, state: awardState(a, localDate(new Date())), target: { regionPath: a.path, streetId: a.street_id } };
}

/** 发起评选: a community's civility award of the year — how many, decided by a residents' vote or the committee. */
export const createAward = command({
  action: 'assessment.award',
  input: awardInput,
  async run({ trx, actor: who, input: a, audit }) {
    const actor = requireActor(who);
    const c = await placeOf(trx, a.community);
    if (!c.streetId) throw notFound({ zh: '社区', en: 'Community' });
    authorize(actor, 'assessment.award', { regionPath: c.regionPath, streetId: c.streetId });
    if (a.voteUntil < a.nominateUntil)
      throw invalid('voteUntil', '投票截止日期不能早于推荐截止日期', 'Voting ends after nominations');
    const row = await trx
      .insertInto('awards')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        kind: a.kind,
        year: a.year,
        title: a.title,
        quota: a.quota,
        decide: a.decide,
        nominate_until: a.nominateUntil,
        vote_until: a.voteUntil,
        publicity_days: a.publicityDays,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'award', objectId: row.id, detail: { kind: a.kind } });
    return { id: row.id };
  },
});

/** 推荐: anyone signed in nominates a family, a courtyard or a volunteer, with why, while nominations are open. */
export const nominate = command({
  action: 'assessment.score',
  input: z.object({
    street,
    awardId: id,
    name: z.string().trim().min(2).max(40),
    reason: z.string().trim().min(5).max(1000),
  }),
  conflicts: { award_nominees_street_id_award_id_name_key: { zh: '已有人推荐了同一名称', en: 'Already nominated' } },
  async run({ trx, actor: who, input: n, audit }) {
    const actor = requireActor(who);
    const a = await awardOf(trx, n.street, n.awardId);
    if (a.state !== 'nominating') throw new AppError('conflict', { zh: '推荐已截止', en: 'Nominations are closed' });
    const taken = await trx
      .selectFrom('award_nominees')
      .select('id')
      .where('street_id', '=', n.street)
      .where('award_id', '=', a.id)
      .where('name', '=', n.name)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', { zh: '已有人推荐了同一名称', en: 'Already nominated' });
    const row = await trx
      .insertInto('award_nominees')
      .values({ street_id: n.street, award_id: a.id, name: n.name, reason: n.reason, nominated_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: n.street, objectType: 'award', objectId: a.id, detail: { nominee: row.id } });
    return { id: row.id };
  },
});

/** 资格审查: the community accepts a nominee for the vote, or rejects it with a reason everyone sees. */
export const reviewNominee = command({
  action: 'assessment.award',
  input: z.object({
    street,
    nomineeId: id,
    accept: z.boolean(),
    note: z.string().trim().max(200).nullable().default(null),
  }),
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const n = await trx
      .selectFrom('award_nominees')
      .select(['id', 'award_id'])
      .where('street_id', '=', r.street)
      .where('id', '=', r.nomineeId)
      .executeTakeFirst();
    if (!n) throw notFound({ zh: '推荐对象', en: 'Nominee' });
    const a = await awardOf(trx, r.street, n.award_id);
    authorize(actor, 'assessment.award', a.target);
    if (a.state === 'publicity' || a.state === 'awarded')
      throw new AppError('conflict', { zh: '评选结果已公示', en: 'Already decided' });
    if (!r.accept && !r.note) throw invalid('note', '不通过须写明理由', 'Say why');
    await trx
      .updateTable('award_nominees')
      .set({ state: r.accept ? 'accepted' : 'rejected', note: r.note })
      .where('street_id', '=', r.street)
      .where('id', '=', n.id)
      .execute();
    await audit({
      streetId: r.street,
      objectType: 'award',
      objectId: a.id,
      detail: { nominee: n.id, accept: r.accept },
    });
    return { ok: true as const };
  },
});

/** 投票: a resident votes for up to the award's number of accepted nominees, once each, while the vote is open. */
export const voteFor = command({
  action: 'assessment.score',
  input: z.object({ street, awardId: id, nomineeIds: z.array(id).min(1).max(100) }),
  conflicts: { award_votes_pkey: { zh: '您已为其中的对象投过票', en: 'You already voted for one of them' } },
  async run({ trx, actor: who, input: v, audit }) {
    const actor = requireActor(who);
    const a = await awardOf(trx, v.street, v.awardId);
    if (a.state !== 'voting') throw new AppError('conflict', { zh: '不在投票期内', en: 'Voting is not open' });
    const accepted = (
      await trx
        .selectFrom('award_nominees')
        .select('id')
        .where('street_id', '=', v.street)
        .where('award_id', '=', a.id)
        .where('state', '=', 'accepted')
        .execute()
    ).map((n) => n.id);
    if (v.nomineeIds.some((n) => !accepted.includes(n)))
      throw invalid('nomineeIds', '只能投给通过资格审查的对象', 'Only accepted nominees');
    const before = await trx
      .selectFrom('award_votes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('street_id', '=', v.street)
      .where('award_id', '=', a.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    const again = await trx
      .selectFrom('award_votes')
      .select('nominee_id')
      .where('street_id', '=', v.street)
      .where('award_id', '=', a.id)
      .where('user_id', '=', actor.userId)
      .where('nominee_id', 'in', v.nomineeIds)
      .executeTakeFirst();
    if (again)
      throw new AppError('conflict', { zh: '您已为其中的对象投过票', en: 'You already voted for one of them' });
    if (Number(before?.n ?? 0) + new Set(v.nomineeIds).size > a.quota)
      throw invalid('nomineeIds', `每人最多投 ${a.quota} 票`, `At most ${a.quota} votes each`);
    await trx
      .insertInto('award_votes')
      .values(
        [...new Set(v.nomineeIds)].map((n) => ({
          street_id: v.street,
          award_id: a.id,
          user_id: actor.userId,
          nominee_id: n,
        })),
      )
      .execute();
    await audit({ streetId: v.street, objectType: 'award', objectId: a.id, detail: { votes: v.nomineeIds.length } });
    return { ok: true as const };
  },
});

/**
 * 评定并公示: the winners — the most votes among the accepted (ties: the earlier nomination), or the committee's
 * choice — marked, and the result published as a 居务公开 notice for the publicity days; once they pass, awarded.
 */
export const decideAward = command({
  action: 'assessment.award',
  input: z.object({ street, awardId: id, nomineeIds: z.array(id).max(100).nullable().default(null) }),
  async run({ trx, actor: who, input: d, caller, audit }) {
    const actor = requireActor(who);
    const a = await awardOf(trx, d.street, d.awardId);
    authorize(actor, 'assessment.award', a.target);
    await sql`SELECT 1 FROM awards WHERE street_id = ${d.street} AND id = ${a.id} FOR UPDATE`.execute(trx);
    if (a.state !== 'deciding')
      throw new AppError('conflict', {
        zh: a.state === 'nominating' || a.state === 'voting' ? '推荐或投票尚未结束' : '已评定',
        en: 'Not now',
      });
    const ranked = await sql<{ id: string; name: string; votes: string }>`
      SELECT n.id, n.name, count(v.user_id) AS votes FROM award_nominees n
      LEFT JOIN award_votes v ON v.street_id = n.street_id AND v.nominee_id = n.id
      WHERE n.street_id = ${d.street} AND n.award_id = ${a.id} AND n.state = 'accepted'
      GROUP BY n.id, n.name, n.created_at ORDER BY count(v.user_id) DESC, n.created_at, n.id`.execute(trx);
    const pool = ranked.rows.map((r) => ({ id: Number(r.id), name: r.name, votes: Number(r.votes) }));
    let winners: typeof pool;
    if (a.decide === 'vote') winners = pool.slice(0, a.quota);
    else {
      const ids = d.nomineeIds ?? [];
      if (!ids.length) throw invalid('nomineeIds', '请选择获评对象', 'Pick the winners');
      if (ids.length > a.quota) throw invalid('nomineeIds', `最多评出 ${a.quota} 个`, `At most ${a.quota}`);
      winners = pool.filter((p) => ids.includes(p.id));
      if (winners.length !== new Set(ids).size)
        throw invalid('nomineeIds', '只能从通过资格审查的对象中评定', 'Only accepted nominees');
    }
    if (!winners.length) throw invalid('nomineeIds', '没有通过资格审查的推荐对象', 'No accepted nominees');
    await trx
      .updateTable('award_nominees')
      .set({ state: 'awarded' })
      .where('street_id', '=', d.street)
      .where(
        'id',
        'in',
        winners.map((w) => w.id),
      )
      .execute();
    const today = localDate(new Date());
    const until = addDays(today, a.publicity_days);
    const kind = awardKindNames[a.kind].zh;
    const notice = await createNotice(trx, caller, {
      region: a.community_code,
      category: 'residents',
      title: `${a.title}评选结果公示`.slice(0, 80),
      body: [
        `经居民推荐、资格审查和${a.decide === 'vote' ? '居民投票' : '评审委员会评定'}，以下${winners.length}个对象拟评为${a.year}年度“${kind}”，现予公示。`,
        `公示期 ${today} 至 ${until}。如有异议，请在公示期内向${a.community}居民委员会反映。`,
      ].join('\n'),
      finance: {
        columns: ['序号', '名称', ...(a.decide === 'vote' ? ['得票'] : [])],
        rows: winners.map((w, i) => [String(i + 1), w.name, ...(a.decide === 'vote' ? [String(w.votes)] : [])]),
      },
      publishAt: new Date().toISOString(),
      withdrawAt: new Date(Date.parse(`${until}T16:00:00Z`)).toISOString(),
    });
    await trx
      .updateTable('awards')
      .set({ publicity_until: until, notice_id: notice.id })
      .where('street_id', '=', d.street)
      .where('id', '=', a.id)
      .execute();
    await audit({
      streetId: d.street,
      objectType: 'award',
      objectId: a.id,
      detail: { winners: winners.map((w) => w.id) },
    });
    return { winners: winners.map((w) => w.name), publicityUntil: until };
  },
});

/** A community's awards with their nominees (votes shown once the vote has ended, and to staff). */
export async function awardsOf(
  db: Executor,
  streetId: string,
  community: string,
  userId: number,
  staff: boolean,
): Promise<AwardRow[]> {
  const awards = await db
    .selectFrom('awards')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const ids = [...awards.map((a) => a.id), 0];
  const [nominees, votes, mine] = await Promise.all([
    db
      .selectFrom('award_nominees')
      .selectAll()
      .where('street_id', '=', streetId)
      .where('award_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('award_votes')
      .select(['nominee_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('street_id', '=', streetId)
      .where('award_id', 'in', ids)
      .groupBy('nominee_id')
      .execute(),
    db
      .selectFrom('award_votes')
      .select('nominee_id')
      .where('street_id', '=', streetId)
      .where('award_id', 'in', ids)
      .where('user_id', '=', userId)
      .execute(),
  ]);
  const today = localDate(new Date());
  return awards.map((a) => {
    const state = awardState(a, today);
    const open = state === 'nominating' || state === 'voting';
    return {
      id: a.id,
      streetId: a.street_id,
      community: a.community_code,
      kind: a.kind,
      kindName: awardKindNames[a.kind].zh,
      year: a.year,
      title: a.title,
      quota: a.quota,
      decide: a.decide,
      nominateUntil: a.nominate_until,
      voteUntil: a.vote_until,
      publicityUntil: a.publicity_until,
      state,
      stateName: awardStateNames[state].zh,
      nominees: nominees
        .filter((n) => n.award_id === a.id && (staff || n.state !== 'nominated' || n.nominated_by === userId))
        .map((n) => ({
          id: n.id,
          name: n.name,
          reason: n.reason,
          state: n.state,
          note: n.note,
          votes: staff || !open ? Number(votes.find((v) => v.nominee_id === n.id)?.n ?? 0) : 0,
          mine: mine.some((m) => m.nominee_id === n.id),
        })),
    };
  });
}
