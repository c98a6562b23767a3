import { needsSettingsSchema, type NeedsSettings } from '../../../contracts/needs.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';

export const needsSettingsOf = (db: Executor, streetId: string): Promise<NeedsSettings> =>
  readSettings(db, streetId, 'needs', needsSettingsSchema);
