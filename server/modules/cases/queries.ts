import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { z } from 'zod';
import type { CaseDetail, caseQuery, CaseStatus } from '../../../contracts/cases.js';
import type { Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { executePrepared } from '../../core/prepared.js';
import { notFound } from '../../core/errors.js';
import { decrypt, maskPhone, type Keyring } from '../../core/pii/index.js';
import type { Tables } from '../../core/tables.js';
import { likeLiteral, underAny } from '../org/index.js';
import { loadCase, presentSummary, targetOf, type CaseRow } from './case-row.js';
import { duplicateBox, duplicatesAmong } from './duplicates.js';
import { CASE } from './commands/act-on-case.js';
import { caseScope, casesRules } from './permissions.js';
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
      underAny('c.region_path', scope.paths),
      ...(scope.agencyIds.length
        ? [
            eb('c.agency_id', 'in', scope.agencyIds),
            eb.exists(
              eb
                .selectFrom('case_assists as s')
                .select('s.case_id')
                .whereRef('s.street_id', '=', 'c.street_id')
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

function filtered(db: Executor, actor: Actor, f: Filter, warnFraction: number): Joined {
  let q = joined(db)
    .where(scopeFilter(actor))
    .where(queueFilter(f.queue, actor, warnFraction));
  if (f.category)
    q = q.where((eb) =>
      eb.or([eb('k.code', '=', f.category ?? ''), eb('k.code', 'like', `${likeLiteral(f.category ?? '')}.%`)]),
    );
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

/** A page of the workbench: the queue's cases in the actor's scope, newest (or most urgent) first. */
export async function listCases(db: Executor, actor: Actor, f: Filter, streetForClock?: string) {
  const warnFraction = streetForClock ? (await streetConfig(db, streetForClock)).settings.warnFraction : 0.8;
  const base = filtered(db, actor, f, warnFraction);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    rowSelect(base)
      .orderBy(
        sql`CASE WHEN ${f.queue} IN ('near_limit', 'overdue', 'to_sign') THEN c.handle_due_at END`,
        sql`ASC NULLS LAST`,
      )
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const now = new Date();
  return {
    total: Number(count.n),
    items: (rows as unknown as CaseRow[]).map((r) => presentSummary(r, warnFraction, now)),
  };
}

/** Every case of a filtered list, for the XLSX export (at most `limit`). */
export async function exportCases(db: Executor, actor: Actor, f: Filter, limit: number): Promise<CaseRow[]> {
  const rows = await rowSelect(filtered(db, actor, f, 0.8))
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
  const row = await loadCase(db, id);
  if (!row || !casesRules['cases.read'](actor, targetOf(row))) throw notFound(CASE);
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
      (staff || isMine) && row.reporter_phone_cipher ? maskPhone(decrypt(keyring, row.reporter_phone_cipher)) : null,
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
