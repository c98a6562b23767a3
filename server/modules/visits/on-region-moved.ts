import { sql } from 'kysely';
import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import type { RegionMoved } from '../org/index.js';

/**
 * A region moved (org): the households' state, their visits, care subjects, devices and alarms take the new path (what scopes
 * match on). Plans stay keyed by their grid's code. Idempotent: a second delivery finds nothing
 * under the old path.
 */
export async function onRegionMoved(trx: Trx, event: DomainEvent): Promise<void> {
  const m = event.payload as RegionMoved;
  const from = m.oldPath.length + 1;
  for (const table of ['household_visits', 'visits', 'care_subjects', 'care_devices', 'care_alarms'] as const)
    await sql`UPDATE ${sql.table(table)} SET grid_path = ${m.newPath} || substr(grid_path, ${from})
      WHERE grid_path LIKE ${`${m.oldPath}%`}`.execute(trx);
}
