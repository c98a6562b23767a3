import type { Executor } from '../../core/db.js';
import type { WorkCalendar } from './calendar.js';
import { caseSettingsSchema, type CaseSettings } from './defaults.js';

export type StreetConfig = { calendar: WorkCalendar; settings: CaseSettings };

const cache = new Map<string, { config: StreetConfig; at: number }>();
/** Another process's edits are seen within this long; this process's at once (invalidate). */
const TTL_MS = 30_000;

/** A street's working calendar and case settings (defaults where it has none). */
export async function streetConfig(db: Executor, streetId: string): Promise<StreetConfig> {
  const hit = cache.get(streetId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.config;
  const [days, row] = await Promise.all([
    db.selectFrom('work_calendar').select(['day', 'kind']).where('street_id', '=', streetId).execute(),
    db.selectFrom('case_settings').select('settings').where('street_id', '=', streetId).executeTakeFirst(),
  ]);
  const settings = caseSettingsSchema.parse(row?.settings ?? {});
  const config: StreetConfig = {
    settings,
    calendar: {
      holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
      workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
      officeHours: settings.officeHours,
    },
  };
  cache.set(streetId, { config, at: Date.now() });
  return config;
}

export function invalidateStreetConfig(streetId: string): void {
  cache.delete(streetId);
}
