import { sql } from 'kysely';
import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import type { RegionMoved } from '../org/index.js';

/**
 * A region moved (org): every registry record under it takes its new path, which is what access
 * scopes match on; buildings of a moved grid take its new community unless a building of the same
 * name already stands there. Idempotent: a second delivery finds nothing under the old path.
 */
export async function onRegionMoved(trx: Trx, event: DomainEvent): Promise<void> {
  const m = event.payload as RegionMoved;
  const from = m.oldPath.length + 1;
  for (const table of ['buildings', 'houses', 'households', 'residents'] as const) {
    await sql`UPDATE ${sql.table(table)} SET grid_path = ${m.newPath} || substr(grid_path, ${from})
      WHERE grid_path LIKE ${`${m.oldPath}%`}`.execute(trx);
  }
  if (m.level === 'grid') {
    await sql`UPDATE buildings b SET community_code = ${m.newParentCode}, updated_at = now()
      WHERE b.grid_code = ${m.code} AND b.community_code <> ${m.newParentCode}
        AND NOT EXISTS (SELECT 1 FROM buildings o WHERE o.street_id = b.street_id
          AND o.community_code = ${m.newParentCode} AND o.estate_key = b.estate_key AND o.name = b.name)`.execute(trx);
  }
}
