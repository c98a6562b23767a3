import { sql } from 'kysely';
import { frequencyNames, needTypeNames, visitKindNames, type Frequency } from '../../../contracts/visits.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { localDate, localMidnight } from '../cases/index.js';

/** A household's place as people read it: 华林新村 1号楼 2单元 301, and its head's name. */
export function homes(db: Executor, streetId: string) {
  return db
    .selectFrom('households as hh')
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .select([
      'hh.id as household_id',
      sql<string>`coalesce(e.name || ' ', '') || b.name || ' ' || h.unit || '单元 ' || h.room`.as('address'),
      'b.name as building',
      'h.unit',
      (eb) =>
        eb
          .selectFrom('residents as r')
          .select('r.name')
          .whereRef('r.street_id', '=', 'hh.street_id')
          .whereRef('r.household_id', '=', 'hh.id')
          .where('r.status', '=', 'active')
          .orderBy(sql`r.relation = '户主'`, 'desc')
          .orderBy('r.id')
          .limit(1)
          .as('head'),
    ])
    .where('hh.street_id', '=', streetId);
}

/** A name shown on a round: the surname and a mask (王**), enough to knock on the right door. */
export const maskName = (name: string | null) =>
  name ? `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}` : null;

/** A grid's plan for a month: its households in walking order with when each falls due and whether seen since. */
export async function planOf(db: Executor, streetId: string, gridCode: string, month: string) {
  const plan = await db
    .selectFrom('visit_plans')
    .select(['id', 'load', 'generated_at'])
    .where('street_id', '=', streetId)
    .where('grid_code', '=', gridCode)
    .where('month', '=', month)
    .executeTakeFirst();
  if (!plan) return null;
  const items = await db
    .selectFrom('visit_plan_items as i')
    .innerJoin(homes(db, streetId).as('home'), 'home.household_id', 'i.household_id')
    .leftJoin('household_visits as v', (j) =>
      j.onRef('v.street_id', '=', 'i.street_id').onRef('v.household_id', '=', 'i.household_id'),
    )
    .select([
      'i.household_id',
      'i.due_on',
      'i.frequency',
      'home.address',
      'home.building',
      'home.unit',
      'home.head',
      'v.last_visited_on',
    ])
    .where('i.street_id', '=', streetId)
    .where('i.plan_id', '=', plan.id)
    .execute();
  // walking order: estate, building, entrance, room — the address, numbers as numbers (2号楼 before 10号楼)
  items.sort((a, b) => a.address.localeCompare(b.address, 'zh-CN', { numeric: true }));
  const start = `${month}-01`;
  return {
    month,
    load: plan.load,
    generatedAt: plan.generated_at.toISOString(),
    items: items.map((i, k) => ({
      householdId: i.household_id,
      position: k + 1,
      address: i.address,
      building: i.building,
      unit: i.unit,
      head: maskName(i.head),
      frequency: i.frequency as Frequency,
      frequencyName: frequencyNames[i.frequency as Frequency].zh,
      dueOn: i.due_on,
      lastVisitedOn: i.last_visited_on,
      done: i.last_visited_on !== null && i.last_visited_on >= start,
    })),
  };
}

export type VisitFilter = {
  underPath: string;
  from?: string | undefined;
  to?: string | undefined;
  visitor?: number | undefined;
  householdId?: number | undefined;
};

/** The visit log under a place, newest first, a page at a time: no GPS, names of visitors and findings. */
export async function visitLog(db: Executor, streetId: string, f: VisitFilter, page: number, size = 20) {
  const like = `${likeLiteral(f.underPath)}%`;
  const base = db
    .selectFrom('visits as v')
    .where('v.street_id', '=', streetId)
    .where('v.grid_path', 'like', like)
    .$if(f.from !== undefined, (q) => q.where('v.visited_at', '>=', localMidnight(f.from as string)))
    .$if(f.to !== undefined, (q) =>
      q.where('v.visited_at', '<', new Date(localMidnight(f.to as string).getTime() + 86_400_000)),
    )
    .$if(f.visitor !== undefined, (q) => q.where('v.visitor_id', '=', f.visitor as number))
    .$if(f.householdId !== undefined, (q) => q.where('v.household_id', '=', f.householdId as number));
  const total = await base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin(homes(db, streetId).as('home'), 'home.household_id', 'v.household_id')
    .innerJoin('users as u', 'u.id', 'v.visitor_id')
    .select([
      'v.id',
      'v.household_id',
      'home.address',
      'u.display_name as visitor',
      'v.visited_at',
      'v.kind',
      'v.notes',
      'v.outside_grid',
      'v.household_moved',
      'v.edits',
      (eb) =>
        eb
          .selectFrom('visit_photos as p')
          .select(sql<string>`string_agg(p.id, ',' ORDER BY p.created_at)`.as('x'))
          .where('p.street_id', '=', streetId)
          .whereRef('p.visit_id', '=', 'v.id')
          .as('photos'),
      (eb) =>
        eb
          .selectFrom('visit_findings as f')
          .select(
            sql<string>`string_agg(f.kind || ':' || coalesce(f.need_type, '') || ':' || coalesce(f.case_id::text, ''), ',')`.as(
              'x',
            ),
          )
          .where('f.street_id', '=', streetId)
          .whereRef('f.visit_id', '=', 'v.id')
          .as('findings'),
    ])
    .orderBy('v.visited_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  return {
    total: total.n,
    items: rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      address: r.address,
      visitor: r.visitor,
      visitedAt: r.visited_at.toISOString(),
      kind: r.kind,
      kindName: visitKindNames[r.kind].zh,
      notes: r.notes,
      outsideGrid: r.outside_grid,
      householdMoved: r.household_moved,
      photos: (r.photos ?? '').split(',').filter(Boolean),
      edits: r.edits,
      findings: (r.findings ?? '')
        .split(',')
        .filter(Boolean)
        .map((x) => {
          const [kind, need, caseId] = x.split(':');
          return {
            kind: kind as 'case' | 'need' | 'none',
            text:
              kind === 'case'
                ? '转为案件'
                : kind === 'need'
                  ? `需求：${needTypeNames[need as 'other']?.zh ?? need}`
                  : '无需跟进',
            caseId: caseId ? Number(caseId) : null,
          };
        }),
    })),
  };
}

/** The visit a case came from (the case's side of the link), if any. */
export function visitOfCase(db: Executor, streetId: string, caseId: number) {
  return db
    .selectFrom('visit_findings as f')
    .innerJoin('visits as v', (j) => j.onRef('v.street_id', '=', 'f.street_id').onRef('v.id', '=', 'f.visit_id'))
    .select(['v.id', 'v.visited_at', 'v.grid_path', 'v.household_id'])
    .where('f.street_id', '=', streetId)
    .where('f.case_id', '=', caseId)
    .executeTakeFirst();
}

/** One visit with its sealed GPS point (the route decides who may see it). */
export function visitRow(db: Executor, streets: readonly string[], id: number) {
  return db
    .selectFrom('visits')
    .selectAll()
    .$if(streets.length > 0, (q) => q.where('street_id', 'in', [...streets]))
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Each building under a place with its households' standing: within interval, overdue, never, and the oldest last visit. */
export async function buildingCoverage(db: Executor, streetId: string, underPath: string) {
  const today = localDate(new Date());
  const rows = await db
    .selectFrom('household_visits as v')
    .innerJoin('households as hh', (j) =>
      j.onRef('hh.street_id', '=', 'v.street_id').onRef('hh.id', '=', 'v.household_id'),
    )
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .select([
      'b.id',
      sql<string>`coalesce(e.name || ' ', '') || b.name`.as('name'),
      'b.lng',
      'b.lat',
      sql<number>`count(*)::int`.as('households'),
      sql<number>`count(*) FILTER (WHERE v.last_visited_on IS NOT NULL AND v.due_on >= ${today}::date)::int`.as(
        'within',
      ),
      sql<number>`count(*) FILTER (WHERE v.last_visited_on IS NOT NULL AND v.due_on < ${today}::date)::int`.as(
        'overdue',
      ),
      sql<number>`count(*) FILTER (WHERE v.last_visited_on IS NULL)::int`.as('never'),
      sql<string | null>`min(v.last_visited_on)::text`.as('oldest'),
    ])
    .where('v.street_id', '=', streetId)
    .where('v.grid_path', 'like', `${likeLiteral(underPath)}%`)
    .groupBy(['b.id', 'e.name', 'b.name', 'b.lng', 'b.lat'])
    .orderBy('b.id')
    .execute();
  const day = Date.parse(`${today}T00:00:00Z`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lng: r.lng,
    lat: r.lat,
    households: r.households,
    withinInterval: r.within,
    overdue: r.overdue,
    neverVisited: r.never,
    /** Days since the building's least recently visited household was seen (null: one never was). */
    oldestDays: r.never > 0 || !r.oldest ? null : Math.round((day - Date.parse(`${r.oldest}T00:00:00Z`)) / 86_400_000),
  }));
}

const REGION = { zh: '区划', en: 'Region' };

/** A region node by code with its street: the place a request is about (404 otherwise). */
export async function placeOf(db: Executor, code: string) {
  const r = await db
    .selectFrom('regions')
    .select(['code', 'name', 'path', 'level', 'street_id'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!r) throw notFound(REGION);
  return r;
}

/** What edits after 24 hours replaced, newest first, with who edited. */
export async function visitEditsOf(db: Executor, streetId: string, visitId: number) {
  const rows = await db
    .selectFrom('visit_edits as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.at', 'u.display_name', 'e.before'])
    .where('e.street_id', '=', streetId)
    .where('e.visit_id', '=', visitId)
    .orderBy('e.at', 'desc')
    .execute();
  return rows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.display_name,
    before: r.before as { kind: string; notes: string; met: number[] },
  }));
}

/** A photo of a visit. */
export function visitPhoto(db: Executor, streetId: string, visitId: number, photoId: string) {
  return db
    .selectFrom('visit_photos')
    .select(['mime', 'data', 'thumb'])
    .where('street_id', '=', streetId)
    .where('visit_id', '=', visitId)
    .where('id', '=', photoId)
    .executeTakeFirst();
}
