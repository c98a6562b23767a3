import { volunteeringSettingsSchema, type VolunteeringSettings } from '../../../contracts/volunteering.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';

export const volunteeringSettingsOf = (db: Executor, streetId: string): Promise<VolunteeringSettings> =>
  readSettings(db, streetId, 'volunteering', volunteeringSettingsSchema);

type Rule = 'pointsPerHour' | 'pointsPerWish' | 'pointsPerCareVisit';

/** A points rule as it applies in a community: the community's own figure, else the street's. */
export async function pointsRuleOf(db: Executor, streetId: string, community: string, rule: Rule) {
  const s = await volunteeringSettingsOf(db, streetId);
  return s.communities[community]?.[rule] ?? s[rule];
}
