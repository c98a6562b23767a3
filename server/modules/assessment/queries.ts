import { raterKindNames, type TableRow } from '../../../contracts/assessment.js';
import type { Executor } from '../../core/db.js';
import { aggregate, type Sheet } from './aggregate.js';
import { SOURCES, autoScores } from './sources.js';
import type { tableOf } from './commands.js';

type Table = Awaited<ReturnType<typeof tableOf>>;

async function itemsOf(db: Executor, streetId: string, tableId: number) {
  const rows = await db
    .selectFrom('assessment_items')
    .select(['no', 'title', 'points', 'rule', 'source', 'target'])
    .where('street_id', '=', streetId)
    .where('table_id', '=', tableId)
    .orderBy('no')
    .execute();
  return rows.map((i) => {
    const src = i.source ? SOURCES[i.source as keyof typeof SOURCES] : null;
    const points = Number(i.points);
    const target = i.target === null ? null : Number(i.target);
    return {
      no: i.no,
      title: i.title,
      points,
      rule: i.rule,
      source: i.source as TableRow['items'][number]['source'],
      target,
      formula: src
        ? src.unit === 'rate'
          ? `得分 = ${points} × ${src.name}`
          : `得分 = ${points} × min(1, ${src.name} ÷ ${target ?? '目标'})`
        : null,
    };
  });
}

async function subjectsOf(db: Executor, streetId: string, tableId: number) {
  return db
    .selectFrom('assessment_subjects as s')
    .innerJoin('regions as r', 'r.code', 's.code')
    .select(['s.code', 'r.name', 'r.path'])
    .where('s.street_id', '=', streetId)
    .where('s.table_id', '=', tableId)
    .orderBy('s.code')
    .execute();
}

/** A street's tables with their items, subjects and each quarter's progress. */
export async function tablesOf(db: Executor, streetId: string): Promise<TableRow[]> {
  const tables = await db
    .selectFrom('assessment_tables')
    .select(['id', 'street_id', 'year', 'title', 'anonymous', 'drop_extremes', 'weights'])
    .where('street_id', '=', streetId)
    .orderBy('year', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return Promise.all(
    tables.map(async (t) => {
      const progress = await db
        .selectFrom('assessment_raters')
        .select((eb) => [
          'quarter',
          eb.fn.countAll<string>().as('assigned'),
          eb.fn.count<string>('scored').filterWhere('scored', '=', true).as('scored'),
        ])
        .where('street_id', '=', streetId)
        .where('table_id', '=', t.id)
        .groupBy('quarter')
        .orderBy('quarter')
        .execute();
      return {
        id: t.id,
        streetId: t.street_id,
        year: t.year,
        title: t.title,
        anonymous: t.anonymous,
        dropExtremes: t.drop_extremes,
        weights: t.weights as Record<string, number>,
        items: await itemsOf(db, streetId, t.id),
        subjects: (await subjectsOf(db, streetId, t.id)).map(({ code, name }) => ({ code, name })),
        progress: progress.map((p) => ({ quarter: p.quarter, assigned: Number(p.assigned), scored: Number(p.scored) })),
      };
    }),
  );
}

/**
 * A quarter's results with every score: sheets read with their rater's name only where the table is named — on an
 * anonymous table the sheet has no rater to read, so nothing here could name one.
 */
export async function resultsOf(db: Executor, t: Table, quarter: number) {
  const [items, subjects, sheets, scores] = await Promise.all([
    itemsOf(db, t.street_id, t.id),
    subjectsOf(db, t.street_id, t.id),
    db
      .selectFrom('assessment_sheets as s')
      .leftJoin('users as u', 'u.id', 's.rater_id')
      .select(['s.id', 's.subject_code', 's.kind', 'u.display_name'])
      .where('s.street_id', '=', t.street_id)
      .where('s.table_id', '=', t.id)
      .where('s.quarter', '=', quarter)
      .orderBy('s.kind')
      .orderBy('s.id')
      .execute(),
    db
      .selectFrom('assessment_scores as x')
      .innerJoin('assessment_sheets as s', (j) =>
        j.onRef('s.street_id', '=', 'x.street_id').onRef('s.id', '=', 'x.sheet_id'),
      )
      .select(['x.sheet_id', 'x.no', 'x.score'])
      .where('x.street_id', '=', t.street_id)
      .where('x.table_id', '=', t.id)
      .where('s.quarter', '=', quarter)
      .execute(),
  ]);
  const bySheet = new Map<string, Map<number, number>>();
  for (const x of scores) bySheet.set(x.sheet_id, (bySheet.get(x.sheet_id) ?? new Map()).set(x.no, Number(x.score)));
  const list: Sheet[] = sheets.map((s) => ({
    subject: s.subject_code,
    kind: s.kind,
    rater: t.anonymous ? null : (s.display_name ?? null),
    scores: bySheet.get(s.id) ?? new Map(),
  }));
  const auto = await autoScores(db, { streetPath: t.path, year: t.year, quarter, subjects, items });
  return aggregate({ items, subjects, weights: t.weights, dropExtremes: t.drop_extremes, sheets: list, auto });
}

/** What the signed-in rater has to score: per table and quarter, the communities, scored or not, and the items. */
export async function myAssignments(db: Executor, userId: number) {
  const rows = await db
    .selectFrom('assessment_raters as a')
    .innerJoin('assessment_tables as t', (j) =>
      j.onRef('t.street_id', '=', 'a.street_id').onRef('t.id', '=', 'a.table_id'),
    )
    .innerJoin('regions as r', 'r.code', 'a.subject_code')
    .select([
      'a.street_id',
      'a.table_id',
      't.title',
      't.year',
      't.anonymous',
      'a.quarter',
      'a.kind',
      'a.subject_code',
      'r.name',
      'a.scored',
    ])
    .where('a.user_id', '=', userId)
    .orderBy('t.year', 'desc')
    .orderBy('a.quarter', 'desc')
    .orderBy('a.subject_code')
    .execute();
  const items = new Map<string, Awaited<ReturnType<typeof itemsOf>>>();
  for (const r of rows) {
    const key = `${r.street_id}/${r.table_id}`;
    if (!items.has(key))
      items.set(
        key,
        (await itemsOf(db, r.street_id, r.table_id)).filter((i) => !i.source),
      );
  }
  return rows.map((r) => ({
    street: r.street_id,
    tableId: r.table_id,
    title: r.title,
    year: r.year,
    anonymous: r.anonymous,
    quarter: r.quarter,
    kind: r.kind,
    kindName: raterKindNames[r.kind].zh,
    subject: r.subject_code,
    subjectName: r.name,
    scored: r.scored,
    items: (items.get(`${r.street_id}/${r.table_id}`) ?? []).map(({ no, title, points, rule }) => ({
      no,
      title,
      points,
      rule,
    })),
  }));
}

/** People of the street who could rate (names and roles, to pick from). */
export async function candidatesOf(db: Executor, streetId: string) {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('role_assignments as r', 'r.user_id', 'u.id')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .select(['u.id', 'u.display_name', 'r.role'])
    .where((eb) => eb.or([eb('r.street_id', '=', streetId), eb('g.street_id', '=', streetId)]))
    .where('r.role', 'in', [
      'operator',
      'agency_handler',
      'party_member',
      'resident',
      'community_secretary',
      'volunteer',
    ])
    .orderBy('u.display_name')
    .limit(500)
    .execute();
  const seen = new Map<number, { id: number; name: string; roles: string[] }>();
  for (const r of rows) {
    const p = seen.get(r.id) ?? { id: r.id, name: r.display_name, roles: [] };
    p.roles.push(r.role);
    seen.set(r.id, p);
  }
  return [...seen.values()];
}
