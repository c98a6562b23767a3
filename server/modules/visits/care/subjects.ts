import { sql } from 'kysely';
import { careLevelNames, type CareLevel, type Frequency, type VisitSettings } from '../../../../contracts/visits.js';
import { careStateNames, type careStates } from '../../../../contracts/care.js';
import type { Executor } from '../../../core/db.js';
import { likeLiteral } from '../../../core/sql-scope.js';
import { localDate } from '../../cases/index.js';
import { ageOn, careLevelOf, dueBy } from '../rules.js';
import { homes, maskName } from '../queries.js';
import type { HouseholdScope } from '../state.js';

type CareState = (typeof careStates)[number];

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Where a subject's care visits stand: overdue once the interval ran out (escalated when the
 * community was told), due soon (2 days ahead for a weekly visit, 7 monthly, 14 quarterly), else on time.
 */
export function careStateOf(due: string, today: string, escalatedFor: string | null, f: Frequency): CareState {
  if (due < today) return escalatedFor === due ? 'escalated' : 'overdue';
  return due <= addDays(today, SOON[f]) ? 'due' : 'ok';
}
/** How many days ahead a visit counts as due soon, by interval. */
const SOON: Record<Frequency, number> = { weekly: 2, monthly: 7, quarterly: 14, yearly: 30 };

/** A high-level subject's overdue visit goes to the community 24 hours after it fell overdue. */
export const escalatesOn = (due: string) => addDays(due, 2);

/**
 * Brings the care subjects of the households named up to date: every active resident whose tags
 * and age give a care level (RULES.md) is a subject; one whose level went away stays only while a
 * level set by hand holds; residents who left stop being subjects; a moved household takes its
 * subjects' grid along.
 */
export async function refreshCareSubjects(
  db: Executor,
  streetId: string,
  scope: HouseholdScope,
  settings: VisitSettings,
  today = localDate(new Date()),
): Promise<number> {
  const byId = 'householdIds' in scope;
  const residents = await db
    .selectFrom('residents')
    .select(['id', 'household_id', 'grid_path', 'tags', 'residence_type', 'birth_date', 'status'])
    .where('street_id', '=', streetId)
    .$if(byId, (q) => q.where('household_id', 'in', byId ? [...scope.householdIds, 0] : []))
    .$if(!byId, (q) => q.where('grid_path', 'like', `${likeLiteral('underPath' in scope ? scope.underPath : '')}%`))
    .execute();
  const rows = residents.flatMap((r) => {
    if (r.household_id === null) return [];
    const level =
      r.status === 'active'
        ? careLevelOf({ tags: r.tags, residenceType: r.residence_type, birthDate: r.birth_date }, today, settings)
        : null;
    return [{ resident: r.id, household: r.household_id, grid: r.grid_path, level, active: r.status === 'active' }];
  });
  const now = new Date();
  const subjects = rows.filter((r) => r.level !== null);
  for (let i = 0; i < subjects.length; i += 1000)
    await db
      .insertInto('care_subjects')
      .values(
        subjects.slice(i, i + 1000).map((r) => ({
          street_id: streetId,
          resident_id: r.resident,
          household_id: r.household,
          grid_path: r.grid,
          level_auto: r.level,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['street_id', 'resident_id']).doUpdateSet((eb) => ({
          household_id: eb.ref('excluded.household_id'),
          grid_path: eb.ref('excluded.grid_path'),
          level_auto: eb.ref('excluded.level_auto'),
          active: true,
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  const lapsed = rows.filter((r) => r.level === null).map((r) => r.resident);
  if (lapsed.length > 0) {
    // no level from the tags any more: kept while a level set by hand holds and the resident lives here
    const gone = rows.filter((r) => !r.active).map((r) => r.resident);
    await db
      .updateTable('care_subjects')
      .set({ level_auto: null, updated_at: now })
      .where('street_id', '=', streetId)
      .where('resident_id', 'in', lapsed)
      .execute();
    await db
      .updateTable('care_subjects')
      .set({ active: false, updated_at: now })
      .where('street_id', '=', streetId)
      .where('resident_id', 'in', [...lapsed, 0])
      .where((eb) => eb.or([eb('level_override', 'is', null), eb('resident_id', 'in', [...gone, 0])]))
      .execute();
  }
  return subjects.length;
}

/**
 * The active care subjects under a place with their level, interval, last care visit (the
 * household's last visit or a helper's check-in, whichever is later), due day and state.
 */
export async function subjectRows(db: Executor, streetId: string, underPath: string, settings: VisitSettings) {
  const today = localDate(new Date());
  const rows = await db
    .selectFrom('care_subjects as s')
    .innerJoin('residents as r', (j) => j.onRef('r.street_id', '=', 's.street_id').onRef('r.id', '=', 's.resident_id'))
    .innerJoin(homes(db, streetId).as('home'), 'home.household_id', 's.household_id')
    .innerJoin('regions as g', (j) => j.on(sql<boolean>`g.path = s.grid_path`))
    .leftJoin('household_visits as hv', (j) =>
      j.onRef('hv.street_id', '=', 's.street_id').onRef('hv.household_id', '=', 's.household_id'),
    )
    .select([
      's.id',
      's.resident_id',
      'r.name',
      'r.birth_date',
      'home.address',
      'g.name as grid',
      's.grid_path',
      's.level_auto',
      's.level_override',
      's.override_reason',
      's.services',
      's.escalated_for',
      sql<string | null>`greatest(hv.last_visited_on, (SELECT max((c.at AT TIME ZONE 'Asia/Shanghai')::date)
        FROM care_checkins c WHERE c.street_id = s.street_id AND c.subject_id = s.id))::text`.as('last_care_on'),
      sql<number>`(SELECT count(*) FROM care_devices d WHERE d.street_id = s.street_id
        AND d.resident_id = s.resident_id AND d.active)::int`.as('devices'),
    ])
    .where('s.street_id', '=', streetId)
    .where('s.active', '=', true)
    .where('s.grid_path', 'like', `${likeLiteral(underPath)}%`)
    .orderBy('s.grid_path')
    .orderBy('s.id')
    .execute();
  const helpers = rows.length
    ? await db
        .selectFrom('care_helpers')
        .select(['id', 'subject_id', 'kind', 'name'])
        .where('street_id', '=', streetId)
        .where('active', '=', true)
        .where(
          'subject_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => {
    const level = (r.level_override ?? r.level_auto ?? 'general') as CareLevel;
    const frequency = settings.care[level];
    const dueOn = dueBy(r.last_care_on, frequency, today);
    const state = careStateOf(dueOn, today, r.escalated_for, frequency);
    return {
      id: r.id,
      residentId: r.resident_id,
      name: r.name,
      shortName: maskName(r.name) ?? '',
      age: ageOn(r.birth_date, today),
      address: r.address,
      grid: r.grid,
      gridPath: r.grid_path,
      level,
      levelName: careLevelNames[level].zh,
      levelAuto: r.level_auto,
      overrideReason: r.level_override ? r.override_reason : null,
      frequency,
      lastCareOn: r.last_care_on,
      dueOn,
      state,
      stateName: careStateNames[state].zh,
      escalatedFor: r.escalated_for,
      helpers: helpers.filter((h) => h.subject_id === r.id).map((h) => ({ id: h.id, kind: h.kind, name: h.name })),
      services: r.services as ('canteen' | 'home_service' | 'medicine_reminder' | 'health_check' | 'companionship')[],
      devices: r.devices,
    };
  });
}
export type SubjectRow = Awaited<ReturnType<typeof subjectRows>>[number];
