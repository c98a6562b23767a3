import { z } from 'zod';
import { gridLinesBody } from '../../../../contracts/registry.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';

const GRID = { zh: '网格', en: 'Grid' };

/**
 * Replaces the business lines' staff assigned to a grid (管线包片: police, city management, market
 * supervision …). Staffing is decided by the community, not by the grid's own staff.
 */
export const setGridLines = command({
  action: 'registry.edit',
  input: gridLinesBody.extend({ gridCode: z.string().regex(/^\d{15}$/) }),
  async run({ trx, actor, input, audit }) {
    const grid = await trx
      .selectFrom('regions as g')
      .innerJoin('regions as c', 'c.code', 'g.parent_code')
      .select(['g.path', 'g.street_id', 'c.path as communityPath'])
      .where('g.code', '=', input.gridCode)
      .where('g.level', '=', 'grid')
      .executeTakeFirst();
    if (!grid?.street_id) throw notFound(GRID);
    authorize(actor, 'registry.read', { regionPath: grid.path }, { hide: GRID });
    authorize(
      actor,
      'registry.edit',
      { regionPath: grid.communityPath },
      { about: { type: 'grid_lines', id: input.gridCode } },
    );
    const streetId = grid.street_id;
    await trx
      .deleteFrom('grid_business_lines')
      .where('street_id', '=', streetId)
      .where('grid_code', '=', input.gridCode)
      .execute();
    if (input.lines.length)
      await trx
        .insertInto('grid_business_lines')
        .values(input.lines.map((l, i) => ({ street_id: streetId, grid_code: input.gridCode, seq: i + 1, ...l })))
        .execute();
    await audit({ streetId, objectType: 'grid_lines', objectId: input.gridCode, detail: { lines: input.lines } });
    return { ok: true as const };
  },
});
