import { streetOfRow } from '../../../core/sql-scope.js';
import { z } from 'zod';
import { estateChangeBody } from '../../../../contracts/registry.js';
import { command } from '../../../core/command.js';
import { authorize } from '../../../core/authorize.js';
import { AppError, notFound } from '../../../core/errors.js';

export type EstateChange = {
  /** The property company serving the estate (a handling unit of kind property_company), or none. */
  propertyAgencyId: number | null;
  /** 业主委员会: its name and chair, as the community records it. */
  ownersCommittee: string | null;
  /** The estate's party branch (小区党支部). */
  partyBranch: string | null;
};

/** Sets who serves and governs an estate; the old values go to the audit entry. */
export const updateEstate = command({
  action: 'registry.edit',
  input: z.object({ estateId: z.number().int().positive(), change: estateChangeBody }),
  async run({ trx, actor, input: o, audit }): Promise<void> {
    const e = await trx
      .selectFrom('estates as e')
      .innerJoin('regions as r', 'r.code', 'e.community_code')
      .select(['e.street_id', 'r.path', 'e.property_agency_id', 'e.owners_committee', 'e.party_branch'])
      .where('e.street_id', '=', (await streetOfRow(trx, 'estates', o.estateId)) ?? '')
      .where('e.id', '=', o.estateId)
      .forUpdate('e')
      .executeTakeFirst();
    if (!e) throw notFound({ zh: '小区', en: 'Estate' });
    authorize(actor, 'registry.read', { regionPath: e.path }, { hide: { zh: '小区', en: 'Estate' } });
    authorize(
      actor,
      'registry.edit',
      { regionPath: e.path },
      { say: { zh: '没有权限修改该小区', en: 'You may not change this estate' } },
    );
    if (o.change.propertyAgencyId !== null) {
      const unit = await trx
        .selectFrom('agencies')
        .select('kind')
        .where('street_id', '=', e.street_id)
        .where('id', '=', o.change.propertyAgencyId)
        .executeTakeFirst();
      if (unit?.kind !== 'property_company')
        throw new AppError(
          'validation',
          { zh: '物业企业不存在', en: 'No such property company' },
          {
            issues: [
              {
                path: 'body.propertyAgencyId',
                message: { zh: '请选择本街道的物业企业', en: 'Pick a property company of the street' },
              },
            ],
          },
        );
    }
    await trx
      .updateTable('estates')
      .set({
        property_agency_id: o.change.propertyAgencyId,
        owners_committee: o.change.ownersCommittee,
        party_branch: o.change.partyBranch,
      })
      .where('street_id', '=', e.street_id)
      .where('id', '=', o.estateId)
      .execute();
    await audit({
      streetId: e.street_id,
      objectType: 'estate',
      objectId: o.estateId,
      detail: {
        before: {
          propertyAgencyId: e.property_agency_id,
          ownersCommittee: e.owners_committee,
          partyBranch: e.party_branch,
        },
        after: o.change,
      },
    });
  },
});
