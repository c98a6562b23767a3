import { streetsOfActor } from '../../../core/access.js';
import { z } from 'zod';
import { agencyRatingBody } from '../../../../contracts/cases.js';
import { allowed, authorize, Refusal } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, notFound } from '../../../core/errors.js';
import { loadCase, targetOf } from '../case-row.js';
import { CASE } from './act-on-case.js';

/**
 * 反向评价: the unit that handled a closed case is rated back — by the community (its staff), or
 * by the reporter. Once per case and kind of rater.
 */
export const rateAgency = command({
  action: 'cases.rate_agency',
  input: agencyRatingBody.extend({ caseId: z.number().int().positive() }),
  conflicts: {
    agency_ratings_street_id_case_id_rater_kind_key: {
      zh: '已经评价过该单位',
      en: 'The unit was already rated for this case',
    },
  },
  async run({ trx, actor, input, audit }) {
    const row = await loadCase(trx, input.caseId, streetsOfActor(actor));
    if (!row) throw notFound(CASE);
    authorize(actor, 'cases.read', targetOf(row), { hide: CASE });
    if (row.agency_id === null || row.status !== 'closed')
      throw new AppError('conflict', {
        zh: '只能对已结案且由单位处置的案件评价单位',
        en: 'Only closed cases handled by a unit can rate it',
      });
    const asCommunity = allowed(actor, 'cases.rate_agency', targetOf(row));
    const asReporter = row.reporter_user_id === actor.userId;
    if (!asCommunity && !asReporter)
      throw new Refusal('cases.rate_agency', { about: { type: 'case', id: row.id, streetId: row.street_id } });
    const kind = asCommunity ? 'community' : 'resident';
    await trx
      .insertInto('agency_ratings')
      .values({
        street_id: row.street_id,
        agency_id: row.agency_id,
        case_id: row.id,
        rater_kind: kind,
        rater_id: actor.userId,
        score: input.score,
        comment: input.comment ?? null,
      })
      .execute();
    await audit({
      objectType: 'case',
      objectId: row.id,
      streetId: row.street_id,
      detail: { kind, score: input.score },
    });
    return { ok: true as const };
  },
});
