import { volunteeringSettingsSchema, type VolunteeringSettings } from '../../../contracts/volunteering.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';

export const volunteeringSettingsOf = (db: Executor, streetId: string): Promise<VolunteeringSettings> =>
  readSettings(db, streetId, 'volunteering', volunteeringSettingsSchema);
