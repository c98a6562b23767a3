import { sql, type Selectable } from 'kysely';
import type { CaseSummary } from '../../../contracts/cases.js';
import type { Executor } from '../../core/db.js';
import { localDate } from './calendar.js';
import type { CaseTarget } from './permissions.js';
import type { CasesTable } from './tables.js';

export type CaseRow = Selectable<CasesTable> & {
  category_code: string;
  category_name: string;
  grid_name: string | null;
  agency_name: string | null;
  assist_ids: number[];
  /** Reporters of this case and of every case merged into it: all follow its progress. */
  reporter_ids: number[];
  /** The sealed phone of the account that reported it (a resident's 随手拍 carries no phone of its own). */
  reporter_account_phone: string | null;
};

/** One case with the names a page shows, or undefined. */
export async function loadCase(
  db: Executor,
  id: number,
  streetId?: string | readonly string[],
): Promise<CaseRow | undefined> {
  const streets = typeof streetId === 'string' ? [streetId] : [...(streetId ?? [])];
  let q = db
    .selectFrom('cases as c')
    .innerJoin('case_categories as k', (j) =>
      j.onRef('k.street_id', '=', 'c.street_id').onRef('k.id', '=', 'c.category_id'),
    )
    .leftJoin('regions as g', 'g.code', 'c.grid_code')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'c.street_id').onRef('a.id', '=', 'c.agency_id'))
    .leftJoin('users as u', 'u.id', 'c.reporter_user_id')
    .selectAll('c')
    .select((eb) => [
      'u.phone_cipher as reporter_account_phone',
      'k.code as category_code',
      'k.name as category_name',
      'g.name as grid_name',
      'a.name as agency_name',
      eb.fn
        .coalesce(
          eb
            .selectFrom('case_assists as s')
            .select((e) => e.fn.agg<number[]>('array_agg', ['s.agency_id']).as('ids'))
            .whereRef('s.street_id', '=', 'c.street_id')
            .$if(streets.length > 0, (w) => w.where('s.street_id', 'in', streets))
            .whereRef('s.case_id', '=', 'c.id'),
          sql<number[]>`'{}'::bigint[]`,
        )
        .as('assist_ids'),
      eb.fn
        .coalesce(
          eb
            .selectFrom('cases as m')
            .select((e) => e.fn.agg<number[]>('array_agg', ['m.reporter_user_id']).as('ids'))
            .whereRef('m.street_id', '=', 'c.street_id')
            .$if(streets.length > 0, (w) => w.where('m.street_id', 'in', streets))
            .whereRef('m.merged_into', '=', 'c.id')
            .where('m.reporter_user_id', 'is not', null),
          sql<number[]>`'{}'::bigint[]`,
        )
        .as('merged_reporters'),
    ])
    .where('c.id', '=', id);
  // the street (or the actor's streets) named, in the subqueries too: on Citus one shard is read, not all
  if (streets.length) q = q.where('c.street_id', 'in', streets);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const { merged_reporters, ...rest } = row;
  const reporters = [
    ...(rest.reporter_user_id !== null ? [rest.reporter_user_id] : []),
    ...merged_reporters.map(Number),
  ];
  // onto the copy, not `{ ...rest, … }` (slow in V8 after a spread of this many properties)
  return Object.assign(rest, { assist_ids: rest.assist_ids.map(Number), reporter_ids: [...new Set(reporters)] });
}

/** What permission rules are asked about a case. */
export function targetOf(row: CaseRow): CaseTarget {
  return {
    regionPath: row.region_path,
    streetId: row.street_id,
    agencyId: row.agency_id,
    assistAgencyIds: row.assist_ids,
    ownerUserId: row.reporter_user_id,
    reporterIds: row.reporter_ids,
  };
}

/** 案件编号: the local date of the report and the id, `20261122000123`. */
export function caseNo(createdAt: Date, id: number): string {
  return `${localDate(createdAt).replaceAll('-', '')}${String(id).padStart(6, '0')}`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Where the running limit stands: past the warning share, past the due time, or neither. */
export function clockOf(
  row: Pick<CaseRow, 'status' | 'dispatched_at' | 'sign_due_at' | 'handle_started_at' | 'handle_due_at'>,
  warnFraction: number,
  now: Date,
): CaseSummary['clock'] {
  const stages: [Date | null, Date | null][] = [];
  if (row.status === 'dispatched') stages.push([row.dispatched_at, row.sign_due_at]);
  if (row.status === 'dispatched' || row.status === 'handling') stages.push([row.handle_started_at, row.handle_due_at]);
  if (stages.length === 0) return 'none';
  let clock: CaseSummary['clock'] = 'ok';
  for (const [start, due] of stages) {
    if (!start || !due) continue;
    if (now >= due) return 'overdue';
    if (now.getTime() >= start.getTime() + warnFraction * (due.getTime() - start.getTime())) clock = 'warning';
  }
  return clock;
}

export function presentSummary(row: CaseRow, warnFraction: number, now = new Date()): CaseSummary {
  return {
    id: row.id,
    no: caseNo(row.created_at, row.id),
    streetId: row.street_id,
    status: row.status,
    source: row.source,
    categoryCode: row.category_code,
    categoryName: row.category_name,
    tier: row.tier,
    title: row.title,
    address: row.address,
    lng: row.lng,
    lat: row.lat,
    gridCode: row.grid_code,
    gridName: row.grid_name,
    communityCode: row.community_code,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    level: row.level,
    supervision: row.supervision,
    pendingRequest: row.pending_request,
    createdAt: row.created_at.toISOString(),
    signDueAt: iso(row.sign_due_at),
    handleDueAt: iso(row.handle_due_at),
    clock: clockOf(row, warnFraction, now),
    reworks: row.reworks,
    rating: row.rating,
    version: row.version,
  };
}
