import { z } from 'zod';
import { answer, noticeInput, surveyInput, type Question } from '../../../../contracts/deliberation.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { deliberationSettingsOf } from '../settings.js';
import { communityOf, placeFor } from './meetings.js';
import { belongsTo } from './topics.js';

const street = z.string().regex(/^\d{9}$/);

/** 征集问卷: single and multiple choice, rating (1–5) and free text, open for a period to the community. */
export const createSurvey = command({
  action: 'deliberation.manage',
  input: surveyInput,
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const c = await placeFor(trx, s.community);
    authorize(actor, 'deliberation.manage', c);
    if (s.grids.some((g) => !g.startsWith(c.code)))
      throw invalid('grids', `所选网格须在${c.name}内`, 'The grids must be in the community');
    const row = await trx
      .insertInto('surveys')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: s.title,
        intro: s.intro,
        questions: JSON.stringify(s.questions),
        grids: s.grids,
        opens_at: new Date(s.opensAt),
        closes_at: new Date(s.closesAt),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: c.streetId,
      objectType: 'survey',
      objectId: row.id,
      detail: { questions: s.questions.length },
    });
    return { id: row.id };
  },
});

/** Checks one answer against its question, in words; null when it was left empty (only free text may be). */
function checkAnswer(q: Question, a: unknown, i: number) {
  const bad = (zh: string) => invalid(`answers.${i}`, `第 ${i + 1} 题：${zh}`, `Question ${i + 1}: not a valid answer`);
  if (q.kind === 'text') {
    if (a !== null && typeof a !== 'string') throw bad('请填写文字');
    return;
  }
  if (a === null) throw bad('请作答');
  if (q.kind === 'single' && (typeof a !== 'number' || a < 0 || a >= q.options.length)) throw bad('请选择一个选项');
  if (q.kind === 'rating' && (typeof a !== 'number' || a < 1 || a > 5)) throw bad('请打 1–5 分');
  if (q.kind === 'multiple') {
    if (!Array.isArray(a) || a.length === 0) throw bad('请至少选择一项');
    if (new Set(a).size !== a.length || a.some((x) => typeof x !== 'number' || x < 0 || x >= q.options.length))
      throw bad('选项不正确');
  }
}

/** 答卷: once per person (the primary key decides, also between two presses at once), from the community, while open. */
export const respondSurvey = command({
  action: 'deliberation.respond',
  input: z.object({ street, surveyId: z.number().int().positive(), answers: z.array(answer).max(30) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const s = await trx
      .selectFrom('surveys')
      .selectAll()
      .where('street_id', '=', input.street)
      .where('id', '=', input.surveyId)
      .executeTakeFirst();
    if (!s) throw notFound({ zh: '问卷', en: 'Survey' });
    const c = await placeFor(trx, s.community_code);
    const inGrids =
      s.grids.length === 0 ||
      actor.assignments.some((a) =>
        s.grids.some(
          (g) => a.regionCode?.startsWith(g) || (a.regionCode && g.startsWith(a.regionCode) && a.role !== 'resident'),
        ),
      );
    if (!belongsTo(actor, c) || !inGrids)
      throw new AppError('forbidden', {
        zh: s.grids.length ? '本问卷仅限所选网格的居民填写' : `本问卷仅限${c.name}居民填写`,
        en: 'Not for you: the survey is for another place',
      });
    const now = Date.now();
    if (now < s.opens_at.getTime() || now > s.closes_at.getTime())
      throw new AppError('conflict', { zh: '问卷不在填写时间内', en: 'The survey is not open' });
    const questions = (typeof s.questions === 'string' ? JSON.parse(s.questions) : s.questions) as Question[];
    if (input.answers.length !== questions.length)
      throw invalid('answers', `请回答全部 ${questions.length} 道题`, `Answer all ${questions.length} questions`);
    questions.forEach((q, i) => checkAnswer(q, input.answers[i] ?? null, i));
    const row = await trx
      .insertInto('survey_responses')
      .values({
        street_id: s.street_id,
        survey_id: s.id,
        user_id: actor.userId,
        answers: JSON.stringify(input.answers),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '您已提交过此问卷', en: 'You have answered already' });
    await audit({ streetId: s.street_id, objectType: 'survey', objectId: s.id, detail: { answered: true } });
    return { ok: true as const };
  },
});

/** A topic seeded by a survey (征: the community turns what residents asked into a topic). */
export const topicFromSurvey = command({
  action: 'deliberation.manage',
  input: z.object({
    street,
    surveyId: z.number().int().positive(),
    title: z.string().trim().min(4).max(60),
    detail: z.string().trim().max(2000).default(''),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const s = await trx
      .selectFrom('surveys')
      .select(['id', 'community_code'])
      .where('street_id', '=', input.street)
      .where('id', '=', input.surveyId)
      .executeTakeFirst();
    if (!s) throw notFound({ zh: '问卷', en: 'Survey' });
    if (s.community_code.length !== 12)
      throw invalid('surveyId', '全街道问卷请在相应社区提出议题', 'A street-wide survey seeds topics in a community');
    const c = await communityOf(trx, s.community_code);
    authorize(actor, 'deliberation.manage', c);
    const { stepDays } = await deliberationSettingsOf(trx, c.streetId);
    const row = await trx
      .insertInto('topics')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: input.title,
        detail: input.detail,
        source: 'survey',
        proposer_id: actor.userId,
        case_id: null,
        survey_id: s.id,
        due_at: new Date(Date.now() + stepDays.propose * 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'topic', objectId: row.id, detail: { fromSurvey: s.id } });
    return { id: row.id };
  },
});

/**
 * 党务公开·居务公开: a notice for the street, a community or a grid (or one building), to everyone or to the staff (a
 * role), published and withdrawn on schedule, pinned or not; a financial one carries its table.
 */
export const createNotice = command({
  action: 'deliberation.manage',
  input: noticeInput,
  async run({ trx, actor: who, input: n, audit }) {
    const actor = requireActor(who);
    const place = await placeOf(trx, n.region);
    if (!place.streetId) throw invalid('region', '请选择街道、社区或网格', 'Pick a street, community or grid');
    authorize(actor, 'deliberation.manage', { regionPath: place.regionPath, streetId: place.streetId });
    if (n.category === 'finance' && !n.finance)
      throw invalid('finance', '财务公开须附收支明细表', 'An accounts notice carries its table');
    if (n.finance?.rows.some((r) => r.length !== n.finance?.columns.length))
      throw invalid('finance', '明细表每行的列数须与表头一致', 'Every row has as many cells as the header');
    if (n.buildingId !== null) {
      const b = await trx
        .selectFrom('buildings')
        .select('grid_path')
        .where('street_id', '=', place.streetId)
        .where('id', '=', n.buildingId)
        .executeTakeFirst();
      if (!b?.grid_path.includes(`/${place.code}/`))
        throw invalid('buildingId', '楼栋不在所选区域内', 'The building is not in that place');
    }
    const row = await trx
      .insertInto('notices')
      .values({
        street_id: place.streetId,
        region_code: place.code,
        building_id: n.buildingId,
        category: n.category,
        audience: n.audience,
        role: n.audience === 'staff' ? n.role : null,
        title: n.title,
        body: n.body,
        finance: JSON.stringify(n.finance),
        pinned: n.pinned,
        publish_at: new Date(n.publishAt),
        withdraw_at: n.withdrawAt ? new Date(n.withdrawAt) : null,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: place.streetId, objectType: 'notice', objectId: row.id, detail: { category: n.category } });
    return { id: row.id };
  },
});

/** 撤下 now (a notice published by mistake, or superseded). */
export const withdrawNotice = command({
  action: 'deliberation.manage',
  input: z.object({ street, id: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const n = await trx
      .selectFrom('notices')
      .select(['id', 'region_code', 'publish_at', 'withdraw_at'])
      .where('street_id', '=', input.street)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!n) throw notFound({ zh: '公告', en: 'Notice' });
    const place = await placeOf(trx, n.region_code);
    authorize(actor, 'deliberation.manage', { regionPath: place.regionPath, streetId: input.street });
    const now = new Date();
    if (n.withdraw_at && n.withdraw_at <= now)
      throw new AppError('conflict', { zh: '公告已撤下', en: 'Withdrawn already' });
    await trx
      .updateTable('notices')
      .set({ withdraw_at: now > n.publish_at ? now : new Date(n.publish_at.getTime() + 1000) })
      .where('street_id', '=', input.street)
      .where('id', '=', n.id)
      .execute();
    await audit({ streetId: input.street, objectType: 'notice', objectId: n.id, detail: { withdrawn: true } });
    return { ok: true as const };
  },
});

/** 已读: a staff member's read receipt (the notice's read rate); once. */
export const markRead = command({
  action: 'deliberation.respond',
  input: z.object({ street, id: z.number().int().positive() }),
  async run({ trx, actor: who, input }) {
    const actor = requireActor(who);
    const n = await trx
      .selectFrom('notices')
      .select('id')
      .where('street_id', '=', input.street)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!n) throw notFound({ zh: '公告', en: 'Notice' });
    await trx
      .insertInto('notice_reads')
      .values({ street_id: input.street, notice_id: n.id, user_id: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return { ok: true as const };
  },
});
