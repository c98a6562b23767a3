import { deliberationSettingsSchema, type DeliberationSettings } from '../../../contracts/deliberation.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';

export const deliberationSettingsOf = (db: Executor, streetId: string): Promise<DeliberationSettings> =>
  readSettings(db, streetId, 'deliberation', deliberationSettingsSchema);
