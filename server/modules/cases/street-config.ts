import type { CaseTier } from '../../../contracts/cases.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';
import type { WorkCalendar } from './calendar.js';
import { caseSettingsSchema, type CaseSettings } from './defaults.js';

/** A place cases are routed to: a grid, a community or the street itself. */
export type Place = { gridCode: string | null; communityCode: string | null; path: string; name: string };
export type CategoryRef = { id: number; code: string; name: string; tier: CaseTier; active: boolean };

export type StreetConfig = {
  calendar: WorkCalendar;
  settings: CaseSettings;
  /** Categories by code (intake's hot path; a miss is read from the database). */
  categories: ReadonlyMap<string, CategoryRef>;
  /** The street's grids, communities and the street itself by code. */
  places: ReadonlyMap<string, Place>;
};

const cache = new Map<string, { config: StreetConfig; at: number }>();
/** Another process's edits are seen within this long; this process's at once (invalidate). */
const TTL_MS = 30_000;

/** A street's working calendar and case settings (defaults where it has none). */
export async function streetConfig(db: Executor, streetId: string): Promise<StreetConfig> {
  const hit = cache.get(streetId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.config;
  const [days, settings, categories, regions] = await Promise.all([
    db.selectFrom('work_calendar').select(['day', 'kind']).where('street_id', '=', streetId).execute(),
    readSettings(db, streetId, 'cases', caseSettingsSchema),
    db
      .selectFrom('case_categories')
      .select(['id', 'code', 'name', 'tier', 'active'])
      .where('street_id', '=', streetId)
      .execute(),
    db
      .selectFrom('regions')
      .select(['code', 'level', 'path', 'parent_code', 'name'])
      .where('street_id', '=', streetId)
      .where('level', 'in', ['street', 'community', 'grid'])
      .execute(),
  ]);
  const config: StreetConfig = {
    settings,
    categories: new Map(categories.map((c) => [c.code, c])),
    places: new Map(regions.map((r) => [r.code, placeOfRegion(r)])),
    calendar: {
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
      workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
      officeHours: settings.officeHours,
    },
  };
  cache.set(streetId, { config, at: Date.now() });
  return config;
}

export function placeOfRegion(r: {
  code: string;
  level: string;
  path: string;
  parent_code: string | null;
  name: string;
}): Place {
  return {
    gridCode: r.level === 'grid' ? r.code : null,
    communityCode: r.level === 'grid' ? r.parent_code : r.level === 'community' ? r.code : null,
    path: r.path,
    name: r.name,
  };
}

export function invalidateStreetConfig(streetId: string): void {
  cache.delete(streetId);
}

/** A street's working calendar (for other modules' deadlines on working days, e.g. resolutions). */
export async function workCalendarOf(db: Executor, streetId: string): Promise<WorkCalendar> {
  return (await streetConfig(db, streetId)).calendar;
}
