import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { invalidateGridIndex } from '../grid-index.js';
import { publish } from '../../../core/events.js';
import { REGION_LEVELS } from '../tables.js';

/** The event a move publishes: a node and its subtree now live under `newPath`. */
export const REGION_MOVED = 'org.region_moved';

export type RegionMoved = {
  code: string;
  level: string;
  oldPath: string;
  newPath: string;
  newParentCode: string;
  oldStreetId: string | null;
  newStreetId: string | null;
};

export type MoveRegionOptions = { db: Db; code: string; newParentCode: string };

/**
 * Moves a node and everything under it to a new parent of the level just above it (a grid to
 * another community, a community to another street after an administrative adjustment). Paths
 * and street ids of the whole subtree change in one statement; a move under the node itself or
 * one of its descendants would make a cycle and is refused.
 */
export async function moveRegion({ db, code, newParentCode }: MoveRegionOptions): Promise<void> {
  await db
    .transaction()
    .execute(async (trx) => {
      const rows = await trx
        .selectFrom('regions')
        .select(['code', 'level', 'path', 'street_id'])
        .where('code', 'in', [code, newParentCode])
        .forUpdate()
        .execute();
      const node = rows.find((r) => r.code === code);
      const parent = rows.find((r) => r.code === newParentCode);
      if (!node) throw notFound({ zh: `区划 ${code}`, en: `Region ${code}` });
      if (!parent) throw notFound({ zh: `上级区划 ${newParentCode}`, en: `Parent region ${newParentCode}` });
      if (parent.path.startsWith(node.path)) {
        throw new AppError('conflict', {
          zh: `不能把 ${code} 移到它自己或它的下级之下`,
          en: `Cannot move ${code} under itself or one of its descendants`,
        });
      }
      if (REGION_LEVELS.indexOf(parent.level) !== REGION_LEVELS.indexOf(node.level) - 1) {
        throw new AppError('validation', {
          zh: `${code} 的上级必须是上一级区划`,
          en: `The parent of ${code} must be one level above it`,
        });
      }
      const newPath = `${parent.path}${code}/`;
      const newStreet = node.level === 'street' ? node.code : parent.street_id;
      await sql`
      UPDATE regions SET
        path = ${newPath} || substr(path, ${node.path.length + 1}),
        depth = depth + ${parent.path.split('/').length - node.path.split('/').length + 1},
        street_id = ${newStreet},
        parent_code = CASE WHEN code = ${code} THEN ${newParentCode} ELSE parent_code END,
        updated_at = now()
      WHERE path LIKE ${`${node.path}%`}`.execute(trx);
      await trx
        .updateTable('region_boundaries')
        .set({ street_id: newStreet ?? '' })
        .where('region_code', 'in', (eb) =>
          eb.selectFrom('regions').select('code').where('path', 'like', `${newPath}%`),
        )
        .execute();
      // the modules whose records copy the path (registry, cases) rewrite them when this is delivered
      const moved: RegionMoved = {
        code,
        level: node.level,
        oldPath: node.path,
        newPath,
        newParentCode,
        oldStreetId: node.street_id,
        newStreetId: newStreet,
      };
      await publish(trx, { kind: REGION_MOVED, streetId: newStreet, payload: moved });
      return moved;
    })
    .then((moved) => {
      // this process's grid index sees the new tree at once (others within its 30 s)
      for (const street of [moved.oldStreetId, moved.newStreetId]) if (street) invalidateGridIndex(street);
    });
}
