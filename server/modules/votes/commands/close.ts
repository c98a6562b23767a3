import { z } from 'zod';
import { matterNames } from '../../../../contracts/votes.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError } from '../../../core/errors.js';
import { createNotice } from '../../deliberation/index.js';
import { talliesOf } from '../ballots.js';
import { street, voteOf } from './votes.js';

const share = (a: string, b: string) => (Number(b) > 0 ? `${((Number(a) / Number(b)) * 100).toFixed(2)}%` : '—');

/**
 * 计票与公布: once the period is over and nothing is waiting (no paper entry unchecked, no conflict unresolved), each
 * item is counted over the snapshot, the result is fixed, the ballot files are published for anyone to recount, and
 * the result table goes up as a notice of the community (居务公开).
 */
export const closeVote = command({
  action: 'votes.manage',
  input: z.object({ street, voteId: z.number().int().positive() }),
  async run({ trx, caller, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    if (v.state !== 'open') throw new AppError('conflict', { zh: '表决已结束并已公布', en: 'Closed already' });
    if (Date.now() < v.closes_at.getTime())
      throw new AppError('conflict', { zh: '表决期尚未结束，不能计票', en: 'The voting period is not over' });
    // the vote's row is the lock: entries wait, then find it closed
    await trx
      .selectFrom('owner_votes')
      .select('id')
      .where('street_id', '=', v.street_id)
      .where('id', '=', v.id)
      .forUpdate()
      .execute();
    const pending = await trx
      .selectFrom('owner_ballots')
      .select('voter')
      .distinct()
      .where('street_id', '=', v.street_id)
      .where('vote_id', '=', v.id)
      .where('state', '=', 'pending')
      .execute();
    if (pending.length)
      throw new AppError('conflict', {
        zh: `还有 ${pending.length} 位业主的纸质票等待第二人复核，复核后才能计票`,
        en: `${pending.length} paper entries await a second check`,
      });
    const tallies = await talliesOf(trx, v.street_id, v);
    const conflicts = tallies.reduce((n, t) => n + t.conflicts.length, 0);
    if (conflicts)
      throw new AppError('conflict', {
        zh: `还有 ${conflicts} 处同一业主多渠道投票的冲突未处理，处理后才能计票`,
        en: `${conflicts} conflicts to resolve first`,
      });
    const result = tallies.map((t) => ({ no: t.no, title: t.title, tally: t.tally }));
    const rows = result.map((r) => [
      `${r.no}. ${r.title}`,
      `${matterNames[r.tally.matter as 1].zh}（${[6, 7, 8].includes(r.tally.matter) ? '四分之三以上' : '过半数'}）`,
      `${r.tally.participating.area} / ${r.tally.totals.area} ㎡（${share(r.tally.participating.area, r.tally.totals.area)}）`,
      `${r.tally.participating.heads} / ${r.tally.totals.heads} 人`,
      `${r.tally.agreeing.area} ㎡（${share(r.tally.agreeing.area, r.tally.participating.area)}）`,
      `${r.tally.agreeing.heads} 人（${share(String(r.tally.agreeing.heads), String(r.tally.participating.heads))}）`,
      !r.tally.quorum ? '未达到参与表决人数' : r.tally.passed ? '通过' : '未通过',
    ]);
    const notice = await createNotice(trx, caller, {
      region: v.community_code,
      category: 'residents',
      title: `${v.estate}${v.title}表决结果`.slice(0, 80),
      body: [
        `${v.estate}业主共同决定事项表决已于${v.closes_at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}截止，依照《中华人民共和国民法典》第二百七十八条计票，结果如下表。`,
        `参与表决：专有部分面积占比三分之二以上且人数占比三分之二以上；${v.non_voters_with_majority ? '依本小区议事规则，未投票业主计入多数票。' : '未投票的业主不计入任何一方。'}`,
        `表决票明细（业主以编号代替姓名）可下载后自行复核：${result.map((r) => `/api/public/owner-votes/${v.street_id}/${v.id}/items/${r.no}`).join('、')}`,
      ].join('\n'),
      finance: {
        columns: ['表决事项', '适用规则', '参与表决面积', '参与表决人数', '同意面积', '同意人数', '结果'],
        rows,
      },
      publishAt: new Date().toISOString(),
    });
    await trx
      .updateTable('owner_votes')
      .set({
        state: 'closed',
        result: JSON.stringify(result),
        notice_id: notice.id,
        closed_at: new Date(),
        closed_by: actor.userId,
      })
      .where('street_id', '=', v.street_id)
      .where('id', '=', v.id)
      .execute();
    await audit({
      streetId: v.street_id,
      objectType: 'owner_vote',
      objectId: v.id,
      detail: { closed: result.map((r) => ({ no: r.no, passed: r.tally.passed })) },
    });
    return { result, noticeId: notice.id };
  },
});
