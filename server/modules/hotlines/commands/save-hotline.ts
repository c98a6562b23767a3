import { z } from 'zod';
import { hotlineInput } from '../../../../contracts/hotlines.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';
import { communityOf } from '../queries.js';

const COMMUNITY = { zh: '社区', en: 'Community' };
const HOTLINE = { zh: '便民电话', en: 'Service number' };

/** Adds a service number to a community (id null) or changes one. */
export const saveHotline = command({
  action: 'hotlines.manage',
  input: z.object({ id: z.number().int().positive().nullable(), hotline: hotlineInput }),
  async run({ trx, actor, input, audit }) {
    const h = input.hotline;
    const community = await communityOf(trx, h.community);
    if (!community?.street_id) throw notFound(COMMUNITY);
    const streetId = community.street_id;
    authorize(actor, 'hotlines.manage', { regionPath: community.path, streetId });
    const values = {
      community_code: h.community,
      name: h.name,
      phone: h.phone,
      kind: h.kind,
      hours: h.hours,
      sort: h.sort,
    };
    const row =
      input.id === null
        ? await trx
            .insertInto('hotlines')
            .values({ street_id: streetId, ...values, removed_at: null })
            .returning('id')
            .executeTakeFirstOrThrow()
        : await trx
            .updateTable('hotlines')
            .set(values)
            .where('street_id', '=', streetId)
            .where('id', '=', input.id)
            .where('removed_at', 'is', null)
            .returning('id')
            .executeTakeFirst();
    if (!row) throw notFound(HOTLINE);
    await audit({ streetId, objectType: 'hotline', objectId: row.id, detail: values });
    return { id: row.id };
  },
});

/** Takes a number off the community's list (kept for the record). */
export const removeHotline = command({
  action: 'hotlines.manage',
  input: z.object({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const row = await trx
      .selectFrom('hotlines as h')
      .innerJoin('regions as r', 'r.code', 'h.community_code')
      .select(['h.street_id', 'r.path', 'h.name'])
      .where('h.id', '=', input.id)
      .where('h.removed_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw notFound(HOTLINE);
    authorize(actor, 'hotlines.manage', { regionPath: row.path, streetId: row.street_id });
    await trx
      .updateTable('hotlines')
      .set({ removed_at: new Date() })
      .where('street_id', '=', row.street_id)
      .where('id', '=', input.id)
      .execute();
    await audit({ streetId: row.street_id, objectType: 'hotline', objectId: input.id, detail: { removed: row.name } });
    return { ok: true as const };
  },
});
