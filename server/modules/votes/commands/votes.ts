import { sql } from 'kysely';
import { z } from 'zod';
import { voteInput } from '../../../../contracts/votes.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { electorateOf, requireAreas, writeSnapshot } from '../electorate.js';

export const street = z.string().regex(/^\d{9}$/);

/** A vote and its community's place (for the rules); 404 when there is none. */
export async function voteOf(db: Executor, streetId: string, id: number) {
  const v = await db
    .selectFrom('owner_votes as v')
    .innerJoin('regions as c', 'c.code', 'v.community_code')
    .innerJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'v.street_id').onRef('e.id', '=', 'v.estate_id'))
    .select([
      'v.street_id',
      'v.id',
      'v.community_code',
      'v.estate_id',
      'v.title',
      'v.opens_at',
      'v.closes_at',
      'v.state',
      'v.non_voters_with_majority',
      'v.snapshot_at',
      'v.result',
      'v.notice_id',
      'c.path',
      'e.name as estate',
    ])
    .where('v.street_id', '=', streetId)
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!v) throw notFound({ zh: '业主表决', en: 'Owners’ vote' });
  return { ...v, target: { regionPath: v.path, streetId: v.street_id } };
}
export type Vote = Awaited<ReturnType<typeof voteOf>>;

/** Refuses what may only happen while the vote is open for ballots. */
export function requireOpen(v: Vote, now = Date.now()) {
  if (v.state !== 'open') throw new AppError('conflict', { zh: '表决已结束', en: 'The vote is closed' });
  if (now < v.opens_at.getTime()) throw new AppError('conflict', { zh: '表决尚未开始', en: 'The vote has not opened' });
  if (now >= v.closes_at.getTime())
    throw new AppError('conflict', { zh: '表决期已过，不再接受投票', en: 'The voting period is over' });
}

/**
 * 发起表决: a vote of one estate's owners, its items (the matter of each decides its threshold), its period and the
 * estate's rule on owners who do not vote; the electorate is taken from the registry now and kept, so later edits
 * cannot change a running vote. An estate with houses whose area no record gives is refused, naming them.
 */
export const openVote = command({
  action: 'votes.manage',
  input: voteInput,
  async run({ trx, actor: who, input: v, audit }) {
    const actor = requireActor(who);
    const c = await placeOf(trx, v.community);
    if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
    authorize(actor, 'votes.manage', { regionPath: c.regionPath, streetId: c.streetId });
    const estate = await trx
      .selectFrom('estates')
      .select(['id', 'name'])
      .where('street_id', '=', c.streetId)
      .where('community_code', '=', c.code)
      .where('id', '=', v.estateId)
      .executeTakeFirst();
    if (!estate) throw invalid('estateId', '所选小区不在本社区', 'That estate is not in this community');
    if (v.meetingId !== null) {
      const m = await trx
        .selectFrom('meetings')
        .select('kind')
        .where('street_id', '=', c.streetId)
        .where('community_code', '=', c.code)
        .where('id', '=', v.meetingId)
        .executeTakeFirst();
      if (m?.kind !== 'owners') throw invalid('meetingId', '请选择本社区的业主大会', 'Pick an owners’ assembly');
    }
    const { units, missing } = await electorateOf(trx, c.streetId, estate.id);
    requireAreas(missing);
    if (!units.length) throw invalid('estateId', '该小区没有登记房屋', 'The estate has no houses');
    const row = await trx
      .insertInto('owner_votes')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        estate_id: estate.id,
        title: v.title,
        meeting_id: v.meetingId,
        opens_at: new Date(v.opensAt),
        closes_at: new Date(v.closesAt),
        non_voters_with_majority: v.nonVotersWithMajority,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('owner_vote_items')
      .values(
        v.items.map((i, n) => ({
          street_id: c.streetId ?? '',
          vote_id: row.id,
          no: n + 1,
          matter: i.matter,
          title: i.title,
        })),
      )
      .execute();
    const { heads } = await writeSnapshot(trx, c.streetId, row.id, units);
    await audit({
      streetId: c.streetId,
      objectType: 'owner_vote',
      objectId: row.id,
      detail: { estate: estate.id, units: units.length, heads, items: v.items.map((i) => i.matter) },
    });
    return { id: row.id, units: units.length, heads };
  },
});

/** 指定表决人: joint owners name which of them votes (one of the house's owners in the snapshot). */
export const setDelegate = command({
  action: 'votes.manage',
  input: z.object({
    street,
    voteId: z.number().int().positive(),
    voter: z.string().min(1).max(200),
    residentId: z.number().int().positive(),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    requireOpen(v);
    const done = await trx
      .updateTable('owner_vote_voters')
      .set({ delegate_resident_id: input.residentId })
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('voter', '=', input.voter)
      .where(sql<boolean>`${input.residentId}::bigint = ANY (resident_ids)`)
      .where(sql<boolean>`cardinality(resident_ids) > 1 OR voter LIKE '%+%'`)
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows))
      throw invalid('residentId', '表决人须为该共有房屋的共有人之一', 'One of the joint owners');
    await audit({ streetId: v.street_id, objectType: 'owner_vote', objectId: v.id, detail: { delegate: input.voter } });
    return { ok: true as const };
  },
});
