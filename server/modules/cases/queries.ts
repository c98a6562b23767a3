import { allowed } from '../../core/authorize.js';
import { CompiledQuery, sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { CaseDetail, caseQuery, CaseStatus } from '../../../contracts/cases.js';
import { streetsOfActor, type Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { executePrepared } from '../../core/prepared.js';
import { notFound } from '../../core/errors.js';
import { decrypt, maskPhone, type Keyring } from '../../core/pii/index.js';
import type { Tables } from '../../core/tables.js';
import { inStreets, likeLiteral, underAny } from '../../core/sql-scope.js';
import { loadCase, presentSummary, targetOf, type CaseRow } from './case-row.js';
import { duplicateBox, duplicatesAmong } from './duplicates.js';
import { CASE } from './commands/act-on-case.js';
import { caseScope } from './permissions.js';
import { allowedActions } from './states.js';
import { streetConfig } from './street-config.js';
import type { CaseEventsTable } from './tables.js';

type Filter = z.output<typeof caseQuery>;
type Eb = ExpressionBuilder<Tables & { c: Tables['cases'] }, 'c'>;

/** The cases an actor may read, in SQL: under their region roles, their units' (lead or assisting), their own reports. */
export function scopeFilter(actor: Actor | null) {
  const scope = caseScope(actor);
  return (eb: Eb) =>
    eb.or([
      underAny('c.region_path', scope.paths, 'c.street_id'),
      ...(scope.agencyIds.length
        ? [
            eb('c.agency_id', 'in', scope.agencyIds),
            eb.exists(
              eb
                .selectFrom('case_assists as s')
                .select('s.case_id')
                .whereRef('s.street_id', '=', 'c.street_id')
                // the units' streets as values: Citus keeps the subquery on those shards
                .where(inStreets('s.street_id', streetsOfActor(actor)))
                .whereRef('s.case_id', '=', 'c.id')
                .where('s.agency_id', 'in', scope.agencyIds),
            ),
          ]
        : []),
      ...(scope.userId !== null ? [eb('c.reporter_user_id', '=', scope.userId)] : []),
    ]);
}

const warnPoint = (start: string, due: string, f: number) =>
  sql`${sql.ref(start)} + (${sql.ref(due)} - ${sql.ref(start)}) * ${f}`;

/** A queue of the workbench as a condition on cases. */
function queueFilter(queue: Filter['queue'], actor: Actor, f: number) {
  return (eb: Eb) => {
    switch (queue) {
      case 'to_register':
        return eb('c.status', '=', 'reported');
      case 'to_dispatch':
        return eb('c.status', '=', 'registered');
      case 'to_sign':
        return eb('c.status', '=', 'dispatched');
      case 'handling':
        return eb('c.status', 'in', ['handling', 'parked']);
      case 'to_verify':
        return eb('c.status', '=', 'handled');
      case 'closed':
        return eb('c.status', 'in', ['closed', 'rejected', 'merged']);
      case 'mine':
        return eb('c.reporter_user_id', '=', actor.userId);
      case 'overdue':
        return sql<boolean>`((c.status = 'dispatched' AND now() > c.sign_due_at)
          OR (c.status IN ('dispatched', 'handling') AND now() > c.handle_due_at))`;
      case 'near_limit':
        return sql<boolean>`((c.status = 'dispatched' AND now() >= ${warnPoint('c.dispatched_at', 'c.sign_due_at', f)} AND now() < c.sign_due_at)
          OR (c.status IN ('dispatched', 'handling') AND now() >= ${warnPoint('c.handle_started_at', 'c.handle_due_at', f)} AND now() < c.handle_due_at))`;
      case 'all':
        return sql<boolean>`true`;
    }
  };
}

function joined(db: Executor) {
  return db
    .selectFrom('cases as c')
    .innerJoin('case_categories as k', (j) =>
      j.onRef('k.street_id', '=', 'c.street_id').onRef('k.id', '=', 'c.category_id'),
    )
    .leftJoin('regions as g', 'g.code', 'c.grid_code')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'c.street_id').onRef('a.id', '=', 'c.agency_id'));
}
type Joined = ReturnType<typeof joined>;

/**
 * The streets whose cases an actor's lists cover: those of their roles, named as literals in the
 * list's statement so that it runs on one street's rows in an index's order (and on one shard on
 * Citus) instead of scanning every street's cases. "My reports" is not limited by street (the
 * reporter's own index finds them wherever they were made).
 */
function streetsOfScope(actor: Actor, f: Filter): string[] | null {
  if (f.queue === 'mine') return null;
  return [...new Set(actor.assignments.flatMap((a) => (a.streetId ? [a.streetId] : [])))].sort();
}

/** The filters of a list, on `cases` alone (the category by a subquery): what counting and ordering need. */
function filtered(db: Executor, actor: Actor, f: Filter, warnFraction: number) {
  const streets = streetsOfScope(actor, f);
  let q = db.selectFrom('cases as c').where(scopeFilter(actor));
  if (streets) q = q.where('c.street_id', 'in', streets.length ? streets : ['']);
  q = q.where(queueFilter(f.queue, actor, warnFraction));
  if (f.category) {
    const category = f.category;
    q = q.where('c.category_id', 'in', (eb) =>
      eb
        .selectFrom('case_categories as k')
        .select('k.id')
        .whereRef('k.street_id', '=', 'c.street_id')
        .where((e) => e.or([e('k.code', '=', category), e('k.code', 'like', `${likeLiteral(category)}.%`)])),
    );
  }
  if (f.source) q = q.where('c.source', '=', f.source);
  if (f.region)
    q = q.where('c.region_path', 'like', sql<string>`(SELECT path FROM regions WHERE code = ${f.region}) || '%'`);
  if (f.from) q = q.where('c.created_at', '>=', new Date(`${f.from}T00:00:00+08:00`));
  if (f.to) q = q.where('c.created_at', '<', new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000));
  if (f.q) {
    const like = `%${likeLiteral(f.q)}%`;
    const id = /^\d{14,}$/.test(f.q) ? Number(f.q.slice(8)) : /^\d{1,12}$/.test(f.q) ? Number(f.q) : null;
    q = q.where((eb) =>
      eb.or([
        eb('c.title', 'like', like),
        eb('c.description', 'like', like),
        eb('c.address', 'like', like),
        ...(id !== null && Number.isSafeInteger(id) ? [eb('c.id', '=', id)] : []),
      ]),
    );
  }
  return q;
}

/** List rows carry no assisting units or merged reporters: only the case page needs them. */
function rowSelect(q: Joined) {
  return q
    .selectAll('c')
    .select([
      'k.code as category_code',
      'k.name as category_name',
      'g.name as grid_name',
      'a.name as agency_name',
      sql<number[]>`'{}'::bigint[]`.as('assist_ids'),
      sql<number[]>`'{}'::bigint[]`.as('reporter_ids'),
    ]);
}

/** Counted exactly up to this many; beyond, the planner's estimate (an exact count would read them all). */
export const EXACT_COUNT_LIMIT = 1000;

/** Tabs people work from the most urgent: ordered by the handling deadline. */
const BY_DEADLINE: readonly Filter['queue'][] = ['near_limit', 'overdue', 'to_sign'];

/**
 * A page of the workbench: the queue's cases in the actor's scope, newest (or most urgent) first.
 * Three cheap statements instead of one costly one: the ids of the page from `cases` alone in an
 * order an index gives (a sort over a whole queue of 100,000 cases is what made the list slow), the
 * rows of those ids with their names, and a count that stops at EXACT_COUNT_LIMIT (past it the
 * planner's estimate, marked `exact: false`; the console shows 约).
 */
export async function listCases(db: Executor, actor: Actor, f: Filter, streetForClock?: string) {
  const warnFraction = streetForClock ? (await streetConfig(db, streetForClock)).settings.warnFraction : 0.8;
  const base = filtered(db, actor, f, warnFraction);
  const streets = streetsOfScope(actor, f);
  let ordered = base.select(['c.street_id', 'c.id']);
  ordered = BY_DEADLINE.includes(f.queue)
    ? ordered.orderBy('c.handle_due_at', (ob) => ob.asc().nullsLast()).orderBy('c.created_at', 'desc')
    : ordered.orderBy('c.created_at', 'desc');
  const countQuery = db
    .selectFrom(
      base
        .select(sql<number>`1`.as('one'))
        .limit(EXACT_COUNT_LIMIT + 1)
        .as('t'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'));
  const page = ordered
    .orderBy('c.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  // the page's rows with their names in the same statement: the ids first (in the index's order),
  // then the joins for those twenty rows only
  const [counted, rows] = await Promise.all([
    countQuery.executeTakeFirstOrThrow(),
    rowSelect(joined(db))
      .where(sql<boolean>`(c.street_id, c.id) IN (${page})`)
      // the streets named again outside: on Citus the statement then goes to their shards alone
      .$call((q) => (streets ? q.where('c.street_id', 'in', streets.length ? streets : ['']) : q))
      .execute(),
  ]);
  let total = Number(counted.n);
  const exact = total <= EXACT_COUNT_LIMIT;
  if (!exact) total = Math.max(total, await estimatedRows(db, base.select(sql<number>`1`.as('one'))));
  const ordering = BY_DEADLINE.includes(f.queue)
    ? (a: CaseRow, b: CaseRow) =>
        (a.handle_due_at?.getTime() ?? Infinity) - (b.handle_due_at?.getTime() ?? Infinity) ||
        b.created_at.getTime() - a.created_at.getTime() ||
        b.id - a.id
    : (a: CaseRow, b: CaseRow) => b.created_at.getTime() - a.created_at.getTime() || b.id - a.id;
  const ids = (rows as unknown as CaseRow[]).sort(ordering);
  const now = new Date();
  return { total, exact, items: ids.map((row) => presentSummary(row, warnFraction, now)) };
}

/** The planner's estimate of a query's rows (EXPLAIN plans it, runs nothing). */
async function estimatedRows(db: Executor, query: { compile(): CompiledQuery }): Promise<number> {
  const c = query.compile();
  const r = await db.executeQuery<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${c.sql}`, [...c.parameters]),
  );
  return Math.round(r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}

/** Every case of a filtered list, for the XLSX export (at most `limit`). */
export async function exportCases(db: Executor, actor: Actor, f: Filter, limit: number): Promise<CaseRow[]> {
  const ids = filtered(db, actor, f, 0.8).select(['c.street_id', 'c.id']).orderBy('c.created_at', 'desc').limit(limit);
  const rows = await rowSelect(joined(db))
    .where(sql<boolean>`(c.street_id, c.id) IN (${ids})`)
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows as unknown as CaseRow[];
}

/** Open cases of the same category within the street's radius and hours: merge candidates. */
export async function findDuplicates(db: Executor, row: CaseRow): Promise<CaseDetail['duplicates']> {
  if (row.lng === null || row.lat === null || !['reported', 'registered'].includes(row.status)) return [];
  const { settings } = await streetConfig(db, row.street_id);
  const box = duplicateBox(row, settings);
  const query = db
    .selectFrom('cases')
    .select(['id', 'title', 'lng', 'lat', 'created_at'])
    .where('street_id', '=', row.street_id)
    .where('category_id', '=', row.category_id)
    // literals, not parameters: the prepared (generic) plan can then use the partial index cases_nearby
    .where(
      'status',
      'in',
      ['reported', 'registered', 'dispatched', 'handling', 'parked', 'handled'].map((s) => sql.lit(s as CaseStatus)),
    )
    .where('lat', '>=', row.lat - (box.dLat ?? 0))
    .where('lat', '<=', row.lat + (box.dLat ?? 0))
    .where('lng', '>=', row.lng - (box.dLng ?? 0))
    .where('lng', '<=', row.lng + (box.dLng ?? 0))
    .where('created_at', '>=', box.since)
    .where('id', '<>', row.id)
    .limit(50)
    .compile();
  // asked for every case page: prepared once per connection
  const near = (await executePrepared(db, query)).rows;
  return duplicatesAmong(row, near, settings.duplicateRadiusM);
}

/** The unit a category's rule proposes: its default unit, else the first unit of its kind; null = the grid. */
export async function proposedAgency(db: Executor, row: CaseRow): Promise<number | null> {
  const k = await db
    .selectFrom('case_categories')
    .select(['handler_kind', 'default_agency_id'])
    .where('street_id', '=', row.street_id)
    .where('id', '=', row.category_id)
    .executeTakeFirstOrThrow();
  if (k.default_agency_id !== null) return k.default_agency_id;
  if (k.handler_kind === 'grid') return null;
  const a = await db
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', row.street_id)
    .where('kind', '=', k.handler_kind)
    .orderBy('id')
    .executeTakeFirst();
  return a?.id ?? null;
}

/** A case as its page shows it, with the steps the actor may take; 404 outside their scope. */
export async function caseDetail(db: Executor, keyring: Keyring, actor: Actor, id: number): Promise<CaseDetail> {
  const row = await loadCase(db, id, streetsOfActor(actor));
  if (!row || !allowed(actor, 'cases.read', targetOf(row))) throw notFound(CASE);
  return presentDetail(db, keyring, actor, row);
}

type DetailParts = {
  events: Selectable<CaseEventsTable>[];
  photos: string[];
  assists: { id: number; name: string }[];
  duplicates: CaseDetail['duplicates'];
  proposed: number | null;
};

/** What a case page shows besides the case's own row, read from the database. */
async function partsOf(db: Executor, row: CaseRow, staff: boolean): Promise<DetailParts> {
  const [events, photos, assists, duplicates, proposed] = await Promise.all([
    db
      .selectFrom('case_events')
      .selectAll()
      .where('street_id', '=', row.street_id)
      .where('case_id', '=', row.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('case_photos')
      .select('id')
      .where('street_id', '=', row.street_id)
      .where('case_id', '=', row.id)
      .orderBy('created_at')
      .execute(),
    row.assist_ids.length
      ? db
          .selectFrom('agencies')
          .select(['id', 'name'])
          .where('street_id', '=', row.street_id)
          .where('id', 'in', row.assist_ids)
          .execute()
      : [],
    staff ? findDuplicates(db, row) : [],
    staff && ['reported', 'registered'].includes(row.status) ? proposedAgency(db, row) : null,
  ]);
  return { events, photos: photos.map((p) => p.id), assists, duplicates, proposed };
}

/**
 * A case as its page shows it. `fresh` (a case just taken in) carries its timeline, photos and
 * duplicate candidates, so that intake answers without reading anything back (a new case has no
 * assisting units, and its unit is proposed when it is registered).
 */
export async function presentDetail(
  db: Executor,
  keyring: Keyring,
  actor: Actor,
  row: CaseRow,
  fresh?: { events: Selectable<CaseEventsTable>[]; photos: string[]; duplicates: CaseDetail['duplicates'] },
): Promise<CaseDetail> {
  const { settings } = await streetConfig(db, row.street_id);
  const now = new Date();
  const staff = actor.kind === 'staff';
  const { events, photos, assists, duplicates, proposed } = fresh
    ? { ...fresh, assists: [], duplicates: staff ? fresh.duplicates : [], proposed: null }
    : await partsOf(db, row, staff);
  const isMine = row.reporter_user_id === actor.userId;
  // Object.assign, not `{ ...summary, … }`: V8 adds properties after a spread of this many slowly (60 µs, not 10)
  return Object.assign(presentSummary(row, settings.warnFraction, now), {
    description: row.description,
    anonymous: row.anonymous,
    reporterName: staff || isMine ? row.reporter_name : null,
    reporterPhone:
      (staff || isMine) && reporterPhoneOf(row) ? maskPhone(decrypt(keyring, reporterPhoneOf(row) ?? '')) : null,
    isMine,
    result: row.result,
    solved: row.solved,
    mergedInto: row.merged_into,
    assists,
    photos,
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      // residents see who acted by role, not by name
      actorName: staff
        ? e.actor_name
        : e.actor_id === actor.userId
          ? '我'
          : e.actor_id === null
            ? e.actor_name
            : '工作人员',
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      photos: e.photos,
    })),
    duplicates,
    proposedAgencyId: proposed,
    actions: allowedActions(actor, row, now, settings.reopenDays),
  });
}

/** The sealed phone to reach a case's reporter: the one given with the report, else their account's. */
export function reporterPhoneOf(row: { reporter_phone_cipher: string | null; reporter_account_phone?: string | null }) {
  return row.reporter_phone_cipher ?? row.reporter_account_phone ?? null;
}
