import { sql } from 'kysely';
import { z } from 'zod';
import { castInput, entryInput, resolveInput, type Channel, type Choice } from '../../../../contracts/votes.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Trx } from '../../../core/db.js';
import { AppError, invalid } from '../../../core/errors.js';
import { residentsOfAccount } from '../queries.js';
import { requireOpen, street, voteOf, type Vote } from './votes.js';

/** One choice per item of the vote, each item once. */
async function choicesFor(trx: Trx, v: Vote, choices: { no: number; choice: Choice }[]) {
  const items = await trx
    .selectFrom('owner_vote_items')
    .select('no')
    .where('street_id', '=', v.street_id)
    .where('vote_id', '=', v.id)
    .execute();
  const nos = new Set(choices.map((c) => c.no));
  if (nos.size !== choices.length || nos.size !== items.length || items.some((i) => !nos.has(i.no)))
    throw invalid(
      'choices',
      `请对全部 ${items.length} 个表决事项各选择一项（同意、反对或弃权）`,
      'One choice per item',
    );
  return choices;
}

/** Locks the voter's row: ballots of one owner are written one at a time, whatever the channel. */
async function lockVoter(trx: Trx, v: Vote, voter: string) {
  const row = await trx
    .selectFrom('owner_vote_voters')
    .select(['voter', 'pseudonym', 'owner_names'])
    .where('street_id', '=', v.street_id)
    .where('vote_id', '=', v.id)
    .where('voter', '=', voter)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw invalid('voter', '该业主不在本次表决的业主名册中', 'Not an owner in this vote');
  return row;
}

/** A later ballot replaces the earlier one of the same owner, item and channel (kept, marked replaced). */
async function replace(trx: Trx, v: Vote, voter: string, channel: Channel, state: 'counted' | 'pending') {
  await trx
    .updateTable('owner_ballots')
    .set({ state: 'replaced' })
    .where('street_id', '=', v.street_id)
    .where('vote_id', '=', v.id)
    .where('voter', '=', voter)
    .where('state', '=', state)
    .$if(state === 'counted', (q) => q.where('channel', '=', channel))
    .execute();
}

/** One ballot per item for an owner in a channel, replacing the owner's earlier one in it (kept as replaced). */
async function write(
  trx: Trx,
  v: Vote,
  b: {
    voter: string;
    channel: Channel;
    state: 'counted' | 'pending';
    by: number;
    file?: number | null;
    proxy?: string | null;
  },
  choices: { no: number; choice: Choice }[],
) {
  await replace(trx, v, b.voter, b.channel, b.state);
  await trx
    .insertInto('owner_ballots')
    .values(
      choices.map((c) => ({
        street_id: v.street_id,
        vote_id: v.id,
        item_no: c.no,
        voter: b.voter,
        channel: b.channel,
        choice: c.choice,
        state: b.state,
        cast_by: b.by,
        file_id: b.file ?? null,
        proxy_name: b.proxy ?? null,
      })),
    )
    .execute();
}

/**
 * 线上表决: an owner signed in with their phone (by code) is matched to the registry's owner record by that phone;
 * joint owners vote through the one they named. A later ballot replaces the earlier one until the vote closes.
 */
export const castOnline = command({
  action: 'votes.cast',
  input: castInput.extend({ voteId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    requireOpen(v);
    const choices = await choicesFor(trx, v, input.choices);
    const ids = (await residentsOfAccount(trx, actor.userId, v.street_id)).map((r) => r.id);
    const mine = ids.length
      ? await trx
          .selectFrom('owner_vote_voters as o')
          .select(['o.voter', 'o.delegate_resident_id'])
          .where('o.street_id', '=', v.street_id)
          .where('o.vote_id', '=', v.id)
          .where(sql<boolean>`o.resident_ids && ${sql.val(ids)}::bigint[]`)
          .execute()
      : [];
    if (!mine.length)
      throw new AppError('forbidden', {
        zh: '您不在本次表决的业主名册中（按不动产登记的产权人核对），如有疑问请联系社区',
        en: 'You are not an owner in this vote’s register',
      });
    const mayVote = mine.filter((m) => m.delegate_resident_id === null || ids.includes(Number(m.delegate_resident_id)));
    if (!mayVote.length)
      throw new AppError('forbidden', {
        zh: '共有房屋由共有人推举的表决人投票，您不是本房屋的表决人',
        en: 'Joint owners vote through the one they named',
      });
    for (const m of mayVote) {
      await lockVoter(trx, v, m.voter);
      await write(trx, v, { voter: m.voter, channel: 'online', state: 'counted', by: actor.userId }, choices);
    }
    await audit({
      streetId: v.street_id,
      objectType: 'owner_vote',
      objectId: v.id,
      detail: { online: mayVote.length },
    });
    return { owners: mayVote.length };
  },
});

/**
 * 纸质票 and 书面委托, entered by the staff with the scan or the signed authorisation on file: a paper entry counts once
 * a second person has checked it against the scan; a proxy counts at once.
 */
export const enterBallot = command({
  action: 'votes.manage',
  input: entryInput.extend({ voteId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    requireOpen(v);
    const choices = await choicesFor(trx, v, input.choices);
    if (input.channel === 'proxy' && !input.proxyName)
      throw invalid('proxyName', '书面委托须填写受托人姓名', 'The proxy’s name');
    const file = await trx
      .selectFrom('owner_vote_files as f')
      .select([
        'f.id',
        (eb) =>
          eb
            .selectFrom('owner_ballots as b')
            .select('b.voter')
            .whereRef('b.street_id', '=', 'f.street_id')
            .whereRef('b.file_id', '=', 'f.id')
            .limit(1)
            .as('usedBy'),
      ])
      .where('f.street_id', '=', v.street_id)
      .where('f.vote_id', '=', v.id)
      .where('f.id', '=', input.fileId)
      .executeTakeFirst();
    if (!file)
      throw invalid(
        'fileId',
        input.channel === 'paper' ? '请先上传纸质表决票的扫描件' : '请先上传签名的授权委托书',
        'Upload the scan first',
      );
    if (file.usedBy === input.voter)
      throw new AppError('conflict', { zh: '这张表决票已经录入过了', en: 'This ballot is entered already' });
    if (file.usedBy) throw invalid('fileId', '该扫描件已用于另一位业主的表决票', 'That scan is another owner’s');
    const owner = await lockVoter(trx, v, input.voter);
    if (input.channel === 'paper') {
      const waiting = await trx
        .selectFrom('owner_ballots')
        .select('id')
        .where('street_id', '=', v.street_id)
        .where('vote_id', '=', v.id)
        .where('voter', '=', input.voter)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      if (waiting)
        throw new AppError('conflict', {
          zh: '该业主已有一张待复核的纸质票，请先复核后再录入',
          en: 'A paper entry of this owner awaits its check',
        });
    }
    const state = input.channel === 'paper' ? ('pending' as const) : ('counted' as const);
    await write(
      trx,
      v,
      {
        voter: input.voter,
        channel: input.channel,
        state,
        by: actor.userId,
        file: file.id,
        proxy: input.channel === 'proxy' ? input.proxyName : null,
      },
      choices,
    );
    await audit({
      streetId: v.street_id,
      objectType: 'owner_vote',
      objectId: v.id,
      detail: { entry: input.channel, owner: owner.pseudonym },
    });
    return { state };
  },
});

/** 复核: a second person checks a paper entry against its scan; then it counts (replacing an earlier paper one). */
export const confirmPaper = command({
  action: 'votes.manage',
  input: z.object({ street, voteId: z.number().int().positive(), voter: z.string().min(1).max(200) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    requireOpen(v);
    const owner = await lockVoter(trx, v, input.voter);
    const pending = await trx
      .selectFrom('owner_ballots')
      .select(['id', 'cast_by'])
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('voter', '=', input.voter)
      .where('state', '=', 'pending')
      .execute();
    if (!pending.length) throw new AppError('conflict', { zh: '没有待复核的纸质票', en: 'Nothing to confirm' });
    if (pending.some((p) => Number(p.cast_by) === actor.userId))
      throw new AppError('forbidden', { zh: '纸质票须由录入人以外的另一人复核', en: 'Another person confirms' });
    await replace(trx, v, input.voter, 'paper', 'counted');
    await trx
      .updateTable('owner_ballots')
      .set({ state: 'counted', confirmed_by: actor.userId, confirmed_at: new Date() })
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('voter', '=', input.voter)
      .where('state', '=', 'pending')
      .execute();
    await audit({
      streetId: v.street_id,
      objectType: 'owner_vote',
      objectId: v.id,
      detail: { confirm: owner.pseudonym },
    });
    return { ok: true as const };
  },
});

/** 冲突处理: an owner's ballots on an item from two channels — the one kept counts, the others are set aside. */
export const resolveConflict = command({
  action: 'votes.manage',
  input: resolveInput.extend({ voteId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    if (v.state !== 'open') throw new AppError('conflict', { zh: '表决已结束', en: 'The vote is closed' });
    await lockVoter(trx, v, input.voter);
    const counted = await trx
      .selectFrom('owner_ballots')
      .select('channel')
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('voter', '=', input.voter)
      .where('item_no', '=', input.item)
      .where('state', '=', 'counted')
      .execute();
    if (counted.length < 2 || !counted.some((c) => c.channel === input.keep))
      throw new AppError('conflict', { zh: '该业主在此事项上没有需要处理的冲突', en: 'No such conflict' });
    await trx
      .updateTable('owner_ballots')
      .set({ state: 'set_aside', set_aside_reason: input.reason })
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('voter', '=', input.voter)
      .where('item_no', '=', input.item)
      .where('state', '=', 'counted')
      .where('channel', '<>', input.keep)
      .execute();
    await audit({
      streetId: v.street_id,
      objectType: 'owner_vote',
      objectId: v.id,
      detail: { resolved: input.item, keep: input.keep, reason: input.reason },
    });
    return { ok: true as const };
  },
});
