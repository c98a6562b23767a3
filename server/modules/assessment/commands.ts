import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { raterKinds, sheetInput, tableInput } from '../../../contracts/assessment.js';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { command } from '../../core/command.js';
import type { Executor } from '../../core/db.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { placeOf } from '../../core/places.js';

const street = z.string().regex(/^\d{9}$/);

/** A table with its street's place (for the rules); 404 when there is none. */
export async function tableOf(db: Executor, streetId: string, id: number) {
  const t = await db
    .selectFrom('assessment_tables as t')
    .innerJoin('regions as s', 's.code', 't.street_id')
    .select(['t.street_id', 't.id', 't.year', 't.title', 't.anonymous', 't.drop_extremes', 't.weights', 's.path'])
    .where('t.street_id', '=', streetId)
    .where('t.id', '=', id)
    .executeTakeFirst();
  if (!t) throw notFound({ zh: '考核表', en: 'Assessment table' });
  return { ...t, target: { regionPath: t.path, streetId: t.street_id } };
}

/**
 * 制定考核表: a year's target table for the street's communities — items with points adding up to 100, each a rule in
 * words or a figure of the system; the weight of each kind of rater adding up to 100 %; anonymous or named; whether
 * each kind's highest and lowest scores are dropped.
 */
export const createTable = command({
  action: 'assessment.manage',
  input: tableInput,
  conflicts: {
    assessment_tables_street_id_year_title_key: {
      zh: '本年度已有同名考核表',
      en: 'A table of that title exists this year',
    },
  },
  async run({ trx, actor: who, input: t, audit }) {
    const actor = requireActor(who);
    const s = await placeOf(trx, t.street);
    authorize(actor, 'assessment.manage', { regionPath: s.regionPath, streetId: t.street });
    const weights = raterKinds.reduce((n, k) => n + (t.weights[k] ?? 0), 0);
    if (weights !== 100)
      throw invalid(
        'weights',
        `各类评议主体的权重合计须为 100%（现为 ${weights}%）`,
        `Weights add up to ${weights}%, not 100%`,
      );
    const points = Math.round(t.items.reduce((n, i) => n + i.points, 0) * 100) / 100;
    if (points !== 100)
      throw invalid(
        'items',
        `各考核项目分值合计须为 100 分（现为 ${points} 分）`,
        `Points add up to ${points}, not 100`,
      );
    const missing = t.items.findIndex(
      (i) => i.source && ['party.dual_registered', 'volunteering.hours'].includes(i.source) && !i.target,
    );
    if (missing >= 0)
      throw invalid(`items.${missing}.target`, '按数量计分的项目须填写满分目标值', 'A count needs its target');
    const row = await trx
      .insertInto('assessment_tables')
      .values({
        street_id: t.street,
        year: t.year,
        title: t.title,
        anonymous: t.anonymous,
        drop_extremes: t.dropExtremes,
        weights: JSON.stringify(t.weights),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('assessment_items')
      .values(
        t.items.map((i, n) => ({
          street_id: t.street,
          table_id: row.id,
          no: n + 1,
          title: i.title,
          points: i.points,
          rule: i.rule,
          source: i.source,
          target: i.target,
        })),
      )
      .execute();
    const communities = await trx
      .selectFrom('regions')
      .select('code')
      .where('street_id', '=', t.street)
      .where('level', '=', 'community')
      .execute();
    if (communities.length)
      await trx
        .insertInto('assessment_subjects')
        .values(communities.map((c) => ({ street_id: t.street, table_id: row.id, code: c.code })))
        .execute();
    await audit({
      streetId: t.street,
      objectType: 'assessment_table',
      objectId: row.id,
      detail: { year: t.year, items: t.items.length },
    });
    return { id: row.id };
  },
});

/** 指定评议人: a person rates the given communities (or all) in a quarter as one kind of rater. */
export const assignRaters = command({
  action: 'assessment.manage',
  input: z.object({
    street,
    tableId: z.number().int().positive(),
    quarter: z.number().int().min(1).max(4),
    userId: z.number().int().positive(),
    kind: z.enum(raterKinds),
    subjects: z
      .array(z.string().regex(/^\d{12}$/))
      .max(200)
      .nullable()
      .default(null),
  }),
  async run({ trx, actor: who, input: a, audit }) {
    const actor = requireActor(who);
    const t = await tableOf(trx, a.street, a.tableId);
    authorize(actor, 'assessment.manage', t.target);
    if (!(t.weights[a.kind] ?? 0))
      throw invalid('kind', '该考核表不设这类评议主体', 'The table has no weight for that kind');
    const user = await trx.selectFrom('users').select('id').where('id', '=', a.userId).executeTakeFirst();
    if (!user) throw invalid('userId', '请选择评议人', 'Pick a rater');
    const all = (
      await trx
        .selectFrom('assessment_subjects')
        .select('code')
        .where('street_id', '=', a.street)
        .where('table_id', '=', t.id)
        .execute()
    ).map((s) => s.code);
    const subjects = a.subjects ?? all;
    const stray = subjects.find((s) => !all.includes(s));
    if (stray) throw invalid('subjects', '所选社区不在本考核表中', 'A community not in the table');
    const done = await trx
      .insertInto('assessment_raters')
      .values(
        subjects.map((code) => ({
          street_id: a.street,
          table_id: t.id,
          quarter: a.quarter,
          user_id: a.userId,
          subject_code: code,
          kind: a.kind,
        })),
      )
      .onConflict((oc) => oc.columns(['street_id', 'table_id', 'quarter', 'user_id', 'subject_code']).doNothing())
      .returning('subject_code')
      .execute();
    await audit({
      streetId: a.street,
      objectType: 'assessment_table',
      objectId: t.id,
      detail: { quarter: a.quarter, rater: a.userId, kind: a.kind, subjects: done.length },
    });
    return { assigned: done.length };
  },
});

/**
 * 评分: a rater hands in their sheet for a community — every rated item, each within its points — once. Their
 * assignment is locked and marked in the same transaction (a second sheet is refused); on an anonymous table the
 * sheet keeps no trace of who handed it in, nor when.
 */
export const submitSheet = command({
  action: 'assessment.score',
  input: sheetInput,
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const t = await tableOf(trx, s.street, s.tableId);
    const mine = await trx
      .selectFrom('assessment_raters')
      .select(['kind', 'scored'])
      .where('street_id', '=', s.street)
      .where('table_id', '=', t.id)
      .where('quarter', '=', s.quarter)
      .where('user_id', '=', actor.userId)
      .where('subject_code', '=', s.subject)
      .forUpdate()
      .executeTakeFirst();
    if (!mine)
      throw new AppError('forbidden', {
        zh: '您不是该社区本季度的评议人',
        en: 'You do not rate this community this quarter',
      });
    if (mine.scored)
      throw new AppError('conflict', { zh: '您已提交过该社区本季度的评分', en: 'You have already scored it' });
    const items = await trx
      .selectFrom('assessment_items')
      .select(['no', 'title', 'points'])
      .where('street_id', '=', s.street)
      .where('table_id', '=', t.id)
      .where('source', 'is', null)
      .orderBy('no')
      .execute();
    const given = new Map(s.scores.map((x) => [x.no, x.score]));
    for (const [i, item] of items.entries()) {
      const score = given.get(item.no);
      if (score === undefined) throw invalid(`scores.${i}`, `请为“${item.title}”打分`, `Score “${item.title}”`);
      if (score > Number(item.points))
        throw invalid(
          `scores.${i}`,
          `“${item.title}”最高 ${Number(item.points)} 分`,
          `“${item.title}” is out of ${Number(item.points)}`,
        );
    }
    if (s.scores.some((x) => !items.some((i) => i.no === x.no)))
      throw invalid('scores', '评分中有不需评议的项目', 'An item not rated by people');
    const id = randomUUID();
    await trx
      .insertInto('assessment_sheets')
      .values({
        street_id: s.street,
        id,
        table_id: t.id,
        quarter: s.quarter,
        subject_code: s.subject,
        kind: mine.kind,
        rater_id: t.anonymous ? null : actor.userId,
      })
      .execute();
    await trx
      .insertInto('assessment_scores')
      .values(s.scores.map((x) => ({ street_id: s.street, sheet_id: id, table_id: t.id, no: x.no, score: x.score })))
      .execute();
    await trx
      .updateTable('assessment_raters')
      .set({ scored: true })
      .where('street_id', '=', s.street)
      .where('table_id', '=', t.id)
      .where('quarter', '=', s.quarter)
      .where('user_id', '=', actor.userId)
      .where('subject_code', '=', s.subject)
      .execute();
    // the audit names who scored which community (the law asks who did what), never the scores of an anonymous table
    await audit({
      streetId: s.street,
      objectType: 'assessment_table',
      objectId: t.id,
      detail: { quarter: s.quarter, subject: s.subject, ...(t.anonymous ? {} : { sheet: id }) },
    });
    return { ok: true as const };
  },
});
