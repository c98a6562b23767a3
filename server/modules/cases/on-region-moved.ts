import { sql } from 'kysely';
import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import type { RegionMoved } from '../org/index.js';
import { invalidateStreetConfig } from './street-config.js';

/**
 * A region moved (org): its cases take the new path (access scopes and lists match on it) and,
 * for a grid moved to another community, that community. Idempotent.
 */
export async function onRegionMoved(trx: Trx, event: DomainEvent): Promise<void> {
  const m = event.payload as RegionMoved;
  await sql`UPDATE cases SET region_path = ${m.newPath} || substr(region_path, ${m.oldPath.length + 1})
    WHERE region_path LIKE ${`${m.oldPath}%`}`.execute(trx);
  // the street's places (intake routes reports to them) are read again
  for (const street of [m.oldStreetId, m.newStreetId]) if (street) invalidateStreetConfig(street);
  if (m.level === 'grid') {
    await sql`UPDATE cases SET community_code = ${m.newParentCode}
      WHERE grid_code = ${m.code} AND community_code IS DISTINCT FROM ${m.newParentCode}`.execute(trx);
  }
}
