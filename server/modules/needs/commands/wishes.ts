import { z } from 'zod';
import { reviewWish, wishInput } from '../../../../contracts/needs.js';
import { assignmentsOf, requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { publish } from '../../../core/events.js';
import { WISH_CONFIRMED, type WishConfirmed } from '../events.js';
import { takePhotos } from '../../cases/index.js';
import { needsSettingsOf } from '../settings.js';
import { communityPlace } from './lists.js';

/** The community a signed-in person posts from: the one asked for, else where their role is. */
function homeCommunity(actor: Actor, asked?: string): string {
  if (asked) return asked;
  const a = actor.assignments.find((x) => x.regionCode && x.regionCode.length >= 12);
  if (!a?.regionCode) throw invalid('community', '请选择社区', 'Pick a community');
  return a.regionCode.slice(0, 12);
}

/** A wish and its place (404 outside the caller's streets). */
async function wishOf(db: Executor, actor: Actor, id: number) {
  const w = await db
    .selectFrom('wishes as w')
    .innerJoin('regions as c', 'c.code', 'w.community_code')
    .select(['w.street_id', 'w.id', 'w.state', 'w.poster_id', 'w.claimed_by', 'w.community_code', 'c.path'])
    .where('w.street_id', 'in', [...streetsOfActor(actor), ''])
    .where('w.id', '=', id)
    .executeTakeFirst();
  if (!w) throw notFound({ zh: '心愿', en: 'Wish' });
  return { ...w, target: { regionPath: w.path, streetId: w.street_id } };
}

const conflict = (zh: string, en: string) => new AppError('conflict', { zh, en });

/** 微心愿: posted by a resident (or the community for a child, an elder, a family), under the cap; waits for review. */
export const postWish = command({
  action: 'needs.wish',
  input: wishInput,
  async run({ trx, actor: who, input: w, audit }) {
    const actor = requireActor(who);
    // anyone signed in posts a wish (a self-service action); it reaches the wall only once reviewed
    const c = await communityPlace(trx, homeCommunity(actor, w.community));
    const { wishCapYuan } = await needsSettingsOf(trx, c.streetId);
    if (w.valueYuan > wishCapYuan)
      throw invalid(
        'valueYuan',
        `微心愿价值不能超过 ${wishCapYuan} 元`,
        `A wish may be worth at most ${wishCapYuan} yuan`,
      );
    const row = await trx
      .insertInto('wishes')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        poster_id: actor.userId,
        beneficiary_kind: w.beneficiaryKind,
        shown_name: w.shownName,
        wish: w.wish,
        value_yuan: w.valueYuan,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'wish', objectId: row.id, detail: { value: w.valueYuan } });
    return { id: row.id };
  },
});

const byId = z.object({ id: z.number().int().positive() });

/** The community approves a wish for the wall, or turns it down with a reason. */
export const decideWish = command({
  action: 'needs.manage',
  input: reviewWish.and(byId),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const w = await wishOf(trx, actor, input.id);
    authorize(actor, 'needs.manage', w.target);
    if (!input.approve && input.reason.length < 2)
      throw invalid('reason', '请说明不通过的原因', 'Say why it is not approved');
    const done = await trx
      .updateTable('wishes')
      .set({ state: input.approve ? 'open' : 'rejected', reviewed_by: actor.userId, review_reason: input.reason })
      .where('street_id', '=', w.street_id)
      .where('id', '=', w.id)
      .where('state', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!done) throw conflict('该心愿已审核', 'The wish has been reviewed already');
    await audit({ streetId: w.street_id, objectType: 'wish', objectId: w.id, detail: { approve: input.approve } });
    return { ok: true as const };
  },
});

/**
 * A party member, volunteer or unit claims an open wish: one statement that takes it only while it
 * is open, so of two claims at once exactly one wins and the other is told it was taken.
 */
export const claimWish = command({
  action: 'needs.claim',
  input: byId,
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const w = await wishOf(trx, actor, input.id);
    authorize(actor, 'needs.claim', w.target);
    const taken = await trx
      .updateTable('wishes')
      .set({ state: 'claimed', claimed_by: actor.userId, claimed_at: new Date() })
      .where('street_id', '=', w.street_id)
      .where('id', '=', w.id)
      .where('state', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    if (!taken)
      throw conflict(
        w.state === 'pending' ? '该心愿尚未通过审核' : '该心愿已被认领',
        w.state === 'pending' ? 'The wish is not approved yet' : 'The wish has been claimed already',
      );
    await audit({ streetId: w.street_id, objectType: 'wish', objectId: w.id, detail: { claimed: true } });
    return { ok: true as const };
  },
});

/** The claimer delivers, with a photo (taken over from the cases' upload). Only the one who claimed it. */
export const deliverWish = command({
  action: 'needs.claim',
  input: byId.extend({ photos: z.array(z.uuid()).max(3).default([]) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const w = await wishOf(trx, actor, input.id);
    authorize(actor, 'needs.claim', w.target);
    if (w.claimed_by !== actor.userId || w.state !== 'claimed')
      throw new AppError('forbidden', {
        zh: '只有认领人可以送达该心愿',
        en: 'Only whoever claimed the wish delivers it',
      });
    const photos = await takePhotos(trx, {
      streetId: w.street_id,
      ids: input.photos,
      uploader: `user:${actor.userId}`,
    });
    if (photos.length > 0)
      await trx
        .insertInto('wish_photos')
        .values(photos.map((p) => ({ street_id: w.street_id, wish_id: w.id, ...p })))
        .execute();
    await trx
      .updateTable('wishes')
      .set({ state: 'delivered', delivered_at: new Date() })
      .where('street_id', '=', w.street_id)
      .where('id', '=', w.id)
      .execute();
    await audit({ streetId: w.street_id, objectType: 'wish', objectId: w.id, detail: { photos: photos.length } });
    return { ok: true as const };
  },
});

/** The one who posted it (or the community) confirms the wish came true. */
export const confirmWish = command({
  action: 'needs.wish',
  input: byId,
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const w = await wishOf(trx, actor, input.id);
    if (w.poster_id !== actor.userId) authorize(actor, 'needs.manage', w.target);
    if (w.state !== 'delivered') throw conflict('该心愿尚未送达', 'The wish has not been delivered yet');
    await trx
      .updateTable('wishes')
      .set({ state: 'confirmed', confirmed_at: new Date() })
      .where('street_id', '=', w.street_id)
      .where('id', '=', w.id)
      .execute();
    await audit({ streetId: w.street_id, objectType: 'wish', objectId: w.id, detail: { confirmed: true } });
    if (w.claimed_by !== null)
      await publish(trx, {
        kind: WISH_CONFIRMED,
        streetId: w.street_id,
        payload: { wishId: w.id, userId: w.claimed_by, community: w.community_code } satisfies WishConfirmed,
      });
    return { ok: true as const };
  },
});

/** Whether the actor may claim wishes at all (the phone shows the wall's claim button). */
export const canClaim = (actor: Actor) =>
  assignmentsOf(actor, 'party_member', 'volunteer', 'agency_handler').length > 0;
