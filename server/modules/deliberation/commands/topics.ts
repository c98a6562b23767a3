import { z } from 'zod';
import {
  decidingKinds,
  meetingKindNames,
  quorumRules,
  stepInput,
  stepKeys,
  stepNames,
  topicInput,
  type StepKey,
} from '../../../../contracts/deliberation.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { deliberationSettingsOf } from '../settings.js';
import { communityOf, meetingOf } from './meetings.js';

const street = z.string().regex(/^\d{9}$/);
const DAY = 86_400_000;

/** Whether the person belongs to the community: one of their roles is in it (or over it). */
export function belongsTo(actor: Actor, community: { code: string; regionPath: string }) {
  return actor.assignments.some(
    (a) =>
      a.regionPath !== null &&
      (a.regionPath.startsWith(community.regionPath) || community.regionPath.startsWith(a.regionPath)),
  );
}

async function dueAfter(db: Executor, streetId: string, step: StepKey, from: Date) {
  const { stepDays } = await deliberationSettingsOf(db, streetId);
  return new Date(from.getTime() + stepDays[step] * DAY);
}

/** 征: a resident of the community proposes a topic on the phone (the community may too); others support it. */
export const proposeTopic = command({
  action: 'deliberation.propose',
  input: topicInput,
  async run({ trx, actor: who, input: t, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, t.community);
    if (!belongsTo(actor, c))
      throw new AppError('forbidden', {
        zh: `只有${c.name}的居民可以在本社区提出议题`,
        en: 'Only the community’s people propose topics here',
      });
    const staff = actor.kind === 'staff';
    const row = await trx
      .insertInto('topics')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: t.title,
        detail: t.detail,
        source: staff ? 'community' : 'resident',
        proposer_id: actor.userId,
        case_id: null,
        survey_id: null,
        due_at: await dueAfter(trx, c.streetId, 'propose', new Date()),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'topic', objectId: row.id, detail: { proposed: true } });
    return { id: row.id };
  },
});

async function topicOf(db: Executor, streetId: string, id: number, lock = false) {
  let q = db.selectFrom('topics').selectAll().where('street_id', '=', streetId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const t = await q.executeTakeFirst();
  if (!t) throw notFound({ zh: '议题', en: 'Topic' });
  return { ...t, c: await communityOf(db, t.community_code) };
}

/** 附议: one support per person, from the topic's community, while it is being solicited or taken up. */
export const supportTopic = command({
  action: 'deliberation.propose',
  input: z.object({ street, topicId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const t = await topicOf(trx, input.street, input.topicId);
    if (!belongsTo(actor, t.c))
      throw new AppError('forbidden', { zh: `只有${t.c.name}的居民可以附议`, en: 'For the community’s people' });
    if (t.state !== 'open') throw new AppError('conflict', { zh: '该议题已办结或撤回', en: 'The topic is closed' });
    const row = await trx
      .insertInto('topic_supports')
      .values({ street_id: t.street_id, topic_id: t.id, user_id: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '您已附议该议题', en: 'You support it already' });
    await audit({ streetId: t.street_id, objectType: 'topic', objectId: t.id, detail: { supported: true } });
    return { ok: true as const };
  },
});

/** A case of tier 共事 becomes a topic (once per case): 共事 are for the residents to settle together. */
export const topicFromCase = command({
  action: 'deliberation.manage',
  input: z.object({ street, caseId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const k = await trx
      .selectFrom('cases')
      .select(['id', 'tier', 'description', 'community_code'])
      .where('street_id', '=', input.street)
      .where('id', '=', input.caseId)
      .executeTakeFirst();
    if (!k) throw notFound({ zh: '案件', en: 'Case' });
    if (k.tier !== 'shared')
      throw invalid('caseId', '只有“共事”类案件可以转为议题', 'Only cases of the shared tier become topics');
    if (!k.community_code) throw invalid('caseId', '该案件不属于某个社区', 'The case is of no community');
    const c = await communityOf(trx, k.community_code);
    authorize(actor, 'deliberation.manage', c);
    const row = await trx
      .insertInto('topics')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: k.description.slice(0, 30).padEnd(4, '。'),
        detail: k.description.slice(0, 2000),
        source: 'case',
        proposer_id: actor.userId,
        case_id: k.id,
        survey_id: null,
        due_at: await dueAfter(trx, c.streetId, 'propose', new Date()),
      })
      .onConflict((oc) => oc.columns(['street_id', 'case_id']).where('case_id', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '该案件已转为议题', en: 'The case is a topic already' });
    await audit({ streetId: c.streetId, objectType: 'topic', objectId: row.id, detail: { fromCase: k.id } });
    return { id: row.id };
  },
});

/** The quorum of a meeting as held: those checked in plus those counted at the door, against those invited. */
export async function quorumOf(db: Executor, streetId: string, meetingId: number) {
  const m = await meetingOf(db, streetId, meetingId);
  const attended = await db
    .selectFrom('meeting_attendance')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('street_id', '=', streetId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const present = Number(attended.n) + m.present_extra;
  const rule = quorumRules[m.kind];
  const met =
    rule === 'none' ? null : rule === 'half' ? present * 2 > m.invited : present * 3 >= m.invited * 2 && present > 0;
  return { m, present, rule, met };
}

/**
 * 一征三议两公开, one step at a time and only in order: the party organisation proposes → the two committees
 * deliberate → a residents' (representatives') meeting decides, by vote → the decision is published → the result
 * is published. A decision at a meeting without quorum, or not carried by more than half of those present, is
 * kept (flagged) but does not count: the topic waits for a decision that does.
 */
export const takeStep = command({
  action: 'deliberation.manage',
  input: stepInput.extend({ street, topicId: z.number().int().positive() }),
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const t = await topicOf(trx, s.street, s.topicId, true);
    authorize(actor, 'deliberation.manage', t.c);
    if (t.state !== 'open')
      throw new AppError('conflict', {
        zh: t.state === 'withdrawn' ? '该议题已撤回' : '该议题已办结',
        en: 'The topic is closed',
      });
    const order = ['solicit', ...stepKeys] as const;
    const expected = order[order.indexOf(t.step) + 1] as StepKey;
    if (s.step !== expected)
      throw new AppError('conflict', {
        zh: `议题当前处于“${stepNames[t.step].zh}”，下一步应为“${stepNames[expected].zh}”，不能跳过或颠倒“一征三议两公开”的顺序`,
        en: `The next step is “${stepNames[expected].en}”: steps cannot be skipped or reordered`,
      });
    let meeting: { present: number; met: boolean | null } | null = null;
    if (s.meetingId !== null) {
      const q = await quorumOf(trx, t.street_id, s.meetingId);
      if (q.m.community_code !== t.community_code)
        throw invalid('meetingId', '会议不属于该议题所在社区', 'The meeting is of another community');
      if (q.m.starts_at.getTime() > Date.now() || q.m.state === 'cancelled')
        throw invalid('meetingId', '会议尚未召开或已取消', 'The meeting has not been held');
      if (s.step === 'decide' && !decidingKinds.includes(q.m.kind))
        throw invalid(
          'meetingId',
          `决议须在居民会议或居民代表会议上作出（所选为${meetingKindNames[q.m.kind].zh}）`,
          'A decision is taken at a residents’ (representatives’) meeting',
        );
      meeting = { present: q.present, met: q.met };
    }
    if (s.step === 'decide' && (!meeting || !s.votes))
      throw invalid('votes', '决议须选择居民（代表）会议并填写表决结果（赞成、反对、弃权）', 'A meeting and the vote');
    const v = s.step === 'decide' ? s.votes : null;
    if (v && meeting && v.for + v.against + v.abstain > meeting.present)
      throw invalid('votes', `表决票数超过到会人数（${meeting.present} 人）`, 'More votes than were present');
    const quorumMet = s.step === 'decide' ? meeting?.met === true : null;
    const passed = v && meeting ? quorumMet === true && v.for * 2 > meeting.present : null;
    const counts = s.step !== 'decide' || passed === true;
    const row = await trx
      .insertInto('topic_steps')
      .values({
        street_id: t.street_id,
        topic_id: t.id,
        step: s.step,
        by_user: actor.userId,
        meeting_id: s.meetingId,
        text: s.text,
        votes_for: v?.for ?? null,
        votes_against: v?.against ?? null,
        votes_abstain: v?.abstain ?? null,
        present: meeting?.present ?? null,
        quorum_met: quorumMet,
        passed,
        counts,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (counts) {
      const last = s.step === 'publish_result';
      const following = order[order.indexOf(s.step) + 1] as StepKey | undefined;
      await trx
        .updateTable('topics')
        .set({
          step: s.step,
          step_at: new Date(),
          state: last ? 'completed' : 'open',
          due_at: following ? await dueAfter(trx, t.street_id, following, new Date()) : new Date(),
        })
        .where('street_id', '=', t.street_id)
        .where('id', '=', t.id)
        .execute();
    }
    await audit({
      streetId: t.street_id,
      objectType: 'topic',
      objectId: t.id,
      detail: { step: s.step, counts, quorumMet, passed },
    });
    return { id: row.id, counts, quorumMet, passed };
  },
});

/** 撤回: the community withdraws a topic with the reason, shown with it. */
export const withdrawTopic = command({
  action: 'deliberation.manage',
  input: z.object({ street, topicId: z.number().int().positive(), reason: z.string().trim().min(2).max(200) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const t = await topicOf(trx, input.street, input.topicId, true);
    authorize(actor, 'deliberation.manage', t.c);
    if (t.state !== 'open') throw new AppError('conflict', { zh: '该议题已办结或撤回', en: 'The topic is closed' });
    await trx
      .updateTable('topics')
      .set({ state: 'withdrawn', withdrawn_reason: input.reason })
      .where('street_id', '=', t.street_id)
      .where('id', '=', t.id)
      .execute();
    await audit({ streetId: t.street_id, objectType: 'topic', objectId: t.id, detail: { withdrawn: input.reason } });
    return { ok: true as const };
  },
});

/** Links the case that carries out a topic's decision (once: a second link keeps the first). */
export const linkResolutionCase = command({
  action: 'deliberation.manage',
  input: z.object({ street, topicId: z.number().int().positive(), caseId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const t = await topicOf(trx, input.street, input.topicId, true);
    authorize(actor, 'deliberation.manage', t.c);
    if (t.resolution_case_id !== null) return { caseId: t.resolution_case_id };
    await trx
      .updateTable('topics')
      .set({ resolution_case_id: input.caseId })
      .where('street_id', '=', t.street_id)
      .where('id', '=', t.id)
      .execute();
    await audit({ streetId: t.street_id, objectType: 'topic', objectId: t.id, detail: { case: input.caseId } });
    return { caseId: input.caseId };
  },
});

/** Whether a topic's decision stands (the decide step counted): only then is it carried out. */
export async function decisionOf(db: Executor, streetId: string, topicId: number) {
  return db
    .selectFrom('topic_steps')
    .select('text')
    .where('street_id', '=', streetId)
    .where('topic_id', '=', topicId)
    .where('step', '=', 'decide')
    .where('counts', '=', true)
    .executeTakeFirst();
}
