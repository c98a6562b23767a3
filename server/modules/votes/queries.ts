import { sql } from 'kysely';
import { channelNames, choiceNames, matterNames, type Channel, type Choice } from '../../../contracts/votes.js';
import type { Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { maskName } from '../../core/pii/index.js';
import { talliesOf } from './ballots.js';
import type { Vote } from './commands/votes.js';

const stateOf = (v: { state: 'open' | 'closed'; opens_at: Date; closes_at: Date }, now = Date.now()) =>
  v.state === 'closed'
    ? ('closed' as const)
    : now < v.opens_at.getTime()
      ? ('upcoming' as const)
      : now < v.closes_at.getTime()
        ? ('open' as const)
        : ('counting' as const);

/** A community's votes, newest first: items, period, state, and (live or fixed) turnout and results. */
export async function votesOf(db: Executor, streetId: string, community: string) {
  const votes = await db
    .selectFrom('owner_votes as v')
    .innerJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'v.street_id').onRef('e.id', '=', 'v.estate_id'))
    .select(['v.id', 'v.title', 'e.name as estate', 'v.opens_at', 'v.closes_at', 'v.state', 'v.result'])
    .select((eb) => [
      eb
        .selectFrom('owner_vote_units as u')
        .select(sql<string>`coalesce(sum(u.area), 0)::text`.as('a'))
        .whereRef('u.street_id', '=', 'v.street_id')
        .whereRef('u.vote_id', '=', 'v.id')
        .as('area'),
      eb
        .selectFrom('owner_vote_voters as o')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('o.street_id', '=', 'v.street_id')
        .whereRef('o.vote_id', '=', 'v.id')
        .as('heads'),
      eb
        .selectFrom('owner_vote_units as u')
        .select(sql<string>`coalesce(sum(u.area), 0)::text`.as('a'))
        .whereRef('u.street_id', '=', 'v.street_id')
        .whereRef('u.vote_id', '=', 'v.id')
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('owner_ballots as b')
              .select('b.id')
              .whereRef('b.street_id', '=', 'u.street_id')
              .whereRef('b.vote_id', '=', 'u.vote_id')
              .whereRef('b.voter', '=', 'u.voter')
              .where('b.state', '=', 'counted'),
          ),
        )
        .as('votedArea'),
      eb
        .selectFrom('owner_ballots as b')
        .select(sql<string>`count(DISTINCT b.voter)`.as('n'))
        .whereRef('b.street_id', '=', 'v.street_id')
        .whereRef('b.vote_id', '=', 'v.id')
        .where('b.state', '=', 'counted')
        .as('voted'),
    ])
    .where('v.street_id', '=', streetId)
    .where('v.community_code', '=', community)
    .orderBy('v.opens_at', 'desc')
    .limit(100)
    .execute();
  const items = await itemsOf(
    db,
    streetId,
    votes.map((v) => v.id),
  );
  return votes.map((v) => ({
    id: v.id,
    title: v.title,
    estate: v.estate,
    opensAt: v.opens_at.toISOString(),
    closesAt: v.closes_at.toISOString(),
    state: stateOf(v),
    items: items.get(v.id) ?? [],
    totals: { area: String(Number(v.area ?? 0)), heads: Number(v.heads ?? 0) },
    participating: { area: String(Number(v.votedArea ?? 0)), heads: Number(v.voted ?? 0) },
    passed: v.result ? v.result.map((r) => r.tally.passed) : null,
  }));
}

async function itemsOf(db: Executor, streetId: string, ids: number[]) {
  const rows = ids.length
    ? await db
        .selectFrom('owner_vote_items')
        .select(['vote_id', 'no', 'matter', 'title'])
        .where('street_id', '=', streetId)
        .where('vote_id', 'in', ids)
        .orderBy('no')
        .execute()
    : [];
  const out = new Map<number, { no: number; matter: number; matterName: string; title: string }[]>();
  for (const r of rows)
    out.set(Number(r.vote_id), [
      ...(out.get(Number(r.vote_id)) ?? []),
      { no: r.no, matter: r.matter, matterName: matterNames[r.matter as 1].zh, title: r.title },
    ]);
  return out;
}

/**
 * A vote for the staff: the electorate (units, area and heads, the developer's share, how areas were recorded, joint
 * owners), each item's tally live (or as fixed at the close), the paper entries awaiting a second check, conflicts.
 */
export async function voteDetail(db: Executor, v: Vote) {
  const units = await db
    .selectFrom('owner_vote_units as u')
    .innerJoin('owner_vote_voters as o', (j) =>
      j.onRef('o.street_id', '=', 'u.street_id').onRef('o.vote_id', '=', 'u.vote_id').onRef('o.voter', '=', 'u.voter'),
    )
    .select([
      sql<string>`count(*)`.as('units'),
      sql<string>`count(*) FILTER (WHERE o.developer)`.as('devUnits'),
      sql<string>`coalesce(sum(u.area) FILTER (WHERE o.developer), 0)::text`.as('devArea'),
      sql<string>`count(*) FILTER (WHERE u.area_source = 'surveyed')`.as('surveyed'),
      sql<string>`count(*) FILTER (WHERE u.area_source = 'contract')`.as('contract'),
      sql<string>`count(DISTINCT o.voter) FILTER (WHERE o.voter LIKE '%+%')`.as('joint'),
    ])
    .where('u.street_id', '=', v.street_id)
    .where('u.vote_id', '=', v.id)
    .executeTakeFirstOrThrow();
  const multi = await db
    .selectFrom('owner_vote_units')
    .select('voter')
    .where('street_id', '=', v.street_id)
    .where('vote_id', '=', v.id)
    .where('voter', '<>', 'developer')
    .groupBy('voter')
    .having(sql<boolean>`count(*) > 1`)
    .execute();
  const pending = await db
    .selectFrom('owner_ballots as b')
    .innerJoin('owner_vote_voters as o', (j) =>
      j.onRef('o.street_id', '=', 'b.street_id').onRef('o.vote_id', '=', 'b.vote_id').onRef('o.voter', '=', 'b.voter'),
    )
    .leftJoin('users as u', 'u.id', 'b.cast_by')
    .select(['b.voter', 'o.pseudonym', 'u.display_name', 'b.file_id', sql<string>`min(b.created_at)`.as('at')])
    .where('b.street_id', '=', v.street_id)
    .where('b.vote_id', '=', v.id)
    .where('b.state', '=', 'pending')
    .groupBy(['b.voter', 'o.pseudonym', 'u.display_name', 'b.file_id'])
    .execute();
  const labels = await unitLabels(
    db,
    v,
    pending.map((p) => p.voter),
  );
  const live = await talliesOf(db, v.street_id, v);
  const fixed = v.result;
  const conflictVoters = live.flatMap((t) => t.conflicts.map((c) => c.voter));
  const conflictLabels = await unitLabels(db, v, conflictVoters);
  return {
    id: v.id,
    title: v.title,
    estate: v.estate,
    state: stateOf(v),
    opensAt: v.opens_at.toISOString(),
    closesAt: v.closes_at.toISOString(),
    snapshotAt: v.snapshot_at.toISOString(),
    nonVotersWithMajority: v.non_voters_with_majority,
    noticeId: v.notice_id,
    electorate: {
      units: Number(units.units),
      developerUnits: Number(units.devUnits),
      developerArea: String(Number(units.devArea)),
      surveyedAreas: Number(units.surveyed),
      contractAreas: Number(units.contract),
      jointOwners: Number(units.joint),
      ownersOfSeveral: multi.length,
    },
    items: live.map((t) => ({
      no: t.no,
      matter: t.matter,
      matterName: matterNames[t.matter as 1].zh,
      title: t.title,
      tally: fixed?.find((f) => f.no === t.no)?.tally ?? t.tally,
    })),
    pending: pending.map((p) => ({
      voter: p.voter,
      owner: p.pseudonym,
      units: labels.get(p.voter) ?? '',
      enteredBy: p.display_name ?? '',
      fileId: p.file_id,
      at: new Date(p.at).toISOString(),
    })),
    conflicts: live.flatMap((t) =>
      t.conflicts.map((c) => ({
        voter: c.voter,
        owner: c.pseudonym,
        units: conflictLabels.get(c.voter) ?? '',
        item: c.item,
        ballots: c.ballots.map((b) => ({
          channel: b.channel,
          channelName: channelNames[b.channel].zh,
          choice: b.choice,
          choiceName: choiceNames[b.choice].zh,
        })),
      })),
    ),
  };
}

/** The units of each voter, as 1号楼1单元101、… */
async function unitLabels(db: Executor, v: Vote, voters: string[]) {
  const rows = voters.length
    ? await db
        .selectFrom('owner_vote_units')
        .select(['voter', 'label'])
        .where('street_id', '=', v.street_id)
        .where('vote_id', '=', v.id)
        .where('voter', 'in', [...new Set(voters)])
        .orderBy('label')
        .execute()
    : [];
  const out = new Map<string, string>();
  for (const r of rows) out.set(r.voter, out.has(r.voter) ? `${out.get(r.voter)}、${r.label}` : r.label);
  return out;
}

/** 业主名册 for the staff entering a paper ballot: owners found by a unit (masked names), their ballots by channel. */
export async function votersOf(db: Executor, v: Vote, q: string) {
  const rows = await db
    .selectFrom('owner_vote_voters as o')
    .select([
      'o.voter',
      'o.pseudonym',
      'o.owner_names',
      'o.developer',
      'o.resident_ids',
      'o.delegate_resident_id',
      sql<string>`(SELECT string_agg(u.label, '、' ORDER BY u.label) FROM owner_vote_units u
        WHERE u.street_id = o.street_id AND u.vote_id = o.vote_id AND u.voter = o.voter)`.as('units'),
      sql<string>`(SELECT coalesce(sum(u.area), 0)::text FROM owner_vote_units u
        WHERE u.street_id = o.street_id AND u.vote_id = o.vote_id AND u.voter = o.voter)`.as('area'),
    ])
    .where('o.street_id', '=', v.street_id)
    .where('o.vote_id', '=', v.id)
    .$if(q.length > 0, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('owner_vote_units as u')
            .select('u.house_id')
            .whereRef('u.street_id', '=', 'o.street_id')
            .whereRef('u.vote_id', '=', 'o.vote_id')
            .whereRef('u.voter', '=', 'o.voter')
            .where('u.label', 'like', `%${q.replace(/[%_\\]/g, '\\$&')}%`),
        ),
      ),
    )
    .orderBy('o.pseudonym')
    .limit(20)
    .execute();
  const ballots = rows.length
    ? await db
        .selectFrom('owner_ballots')
        .select(['voter', 'item_no', 'channel', 'choice', 'state'])
        .where('street_id', '=', v.street_id)
        .where('vote_id', '=', v.id)
        .where(
          'voter',
          'in',
          rows.map((r) => r.voter),
        )
        .where('state', 'in', ['counted', 'pending'])
        .orderBy('item_no')
        .execute()
    : [];
  return rows.map((r) => ({
    voter: r.voter,
    owner: r.pseudonym,
    names: r.developer ? r.owner_names : maskName(r.owner_names),
    units: r.units,
    area: String(Number(r.area)),
    developer: r.developer,
    joint: r.voter.includes('+'),
    delegateIsSet: r.delegate_resident_id !== null,
    ballots: ballots
      .filter((b) => b.voter === r.voter)
      .map((b) => ({
        item: b.item_no,
        channel: b.channel as Channel,
        channelName: channelNames[b.channel].zh,
        choice: b.choice as Choice,
        choiceName: choiceNames[b.choice].zh,
        pending: b.state === 'pending',
      })),
  }));
}

/** The registry's residents an account is (matched by its phone), street by street. */
export async function residentsOfAccount(db: Executor, userId: number, streetId?: string) {
  const rows = await db
    .selectFrom('residents as r')
    .innerJoin('users as u', 'u.phone_hash', 'r.phone_hash')
    .select(['r.street_id', 'r.id'])
    .where('u.id', '=', userId)
    .$if(streetId !== undefined, (q) => q.where('r.street_id', '=', streetId ?? ''))
    .execute();
  return rows.map((r) => ({ streetId: r.street_id, id: Number(r.id) }));
}

/** The votes an owner signed in on the phone takes part in (matched by their phone to the registry's owners). */
export async function myVotes(db: Executor, actor: Actor) {
  const me = await residentsOfAccount(db, actor.userId);
  const out = [];
  for (const streetId of new Set(me.map((m) => m.streetId))) {
    const ids = me.filter((m) => m.streetId === streetId).map((m) => m.id);
    const rows = await db
      .selectFrom('owner_vote_voters as o')
      .innerJoin('owner_votes as v', (j) => j.onRef('v.street_id', '=', 'o.street_id').onRef('v.id', '=', 'o.vote_id'))
      .innerJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'v.street_id').onRef('e.id', '=', 'v.estate_id'))
      .select([
        'v.street_id',
        'v.id',
        'v.title',
        'e.name as estate',
        'v.opens_at',
        'v.closes_at',
        'v.state',
        'v.result',
        'v.notice_id',
        'o.voter',
        'o.delegate_resident_id',
      ])
      .where('o.street_id', '=', streetId)
      .where(sql<boolean>`o.resident_ids && ${sql.val(ids)}::bigint[]`)
      .where('v.closes_at', '>', new Date(Date.now() - 180 * 86_400_000))
      .orderBy('v.opens_at', 'desc')
      .limit(20)
      .execute();
    for (const r of rows) {
      const items = (await itemsOf(db, r.street_id, [r.id])).get(r.id) ?? [];
      const mine = await db
        .selectFrom('owner_ballots')
        .select(['item_no', 'choice', 'channel'])
        .where('street_id', '=', r.street_id)
        .where('vote_id', '=', r.id)
        .where('voter', '=', r.voter)
        .where('state', 'in', ['counted', 'pending'])
        .execute();
      out.push({
        id: r.id,
        street: r.street_id,
        title: r.title,
        estate: r.estate,
        opensAt: r.opens_at.toISOString(),
        closesAt: r.closes_at.toISOString(),
        state: stateOf(r),
        mayVote: r.delegate_resident_id === null || ids.includes(Number(r.delegate_resident_id)),
        items: items.map((i) => ({
          ...i,
          mine: mine.find((m) => m.item_no === i.no && m.channel === 'online')?.choice ?? null,
          otherChannel: mine.some((m) => m.item_no === i.no && m.channel !== 'online'),
          passed: r.result?.find((x) => x.no === i.no)?.tally.passed ?? null,
        })),
        noticeId: r.notice_id,
      });
    }
  }
  return out;
}

/** One item of a vote (its matter decides the threshold). */
export async function itemOf(db: Executor, v: Vote, no: number) {
  return db
    .selectFrom('owner_vote_items')
    .select(['no', 'matter'])
    .where('street_id', '=', v.street_id)
    .where('vote_id', '=', v.id)
    .where('no', '=', no)
    .executeTakeFirst();
}

/** Whether the estate is the community's. */
export async function estateIn(db: Executor, streetId: string, community: string, estateId: number) {
  const e = await db
    .selectFrom('estates')
    .select('id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where('id', '=', estateId)
    .executeTakeFirst();
  return Boolean(e);
}
