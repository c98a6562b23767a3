import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import type { SettingsChanged } from '../../core/settings.js';
import { refreshCareSubjects } from './care/subjects.js';
import { refreshHouseholds, visitSettingsOf } from './state.js';

/**
 * The street's visit rules changed (frequencies, the high-risk age): every household's required
 * frequency and due day, and every care subject's level, are worked out again under the new rules.
 * Idempotent: a second delivery computes the same.
 */
export async function onSettingsChanged(trx: Trx, event: DomainEvent): Promise<void> {
  const { module } = event.payload as SettingsChanged;
  if (module !== 'visits' || !event.streetId) return;
  const street = await trx.selectFrom('regions').select('path').where('code', '=', event.streetId).executeTakeFirst();
  if (!street) return;
  await refreshHouseholds(trx, event.streetId, { underPath: street.path });
  await refreshCareSubjects(
    trx,
    event.streetId,
    { underPath: street.path },
    await visitSettingsOf(trx, event.streetId),
  );
}
