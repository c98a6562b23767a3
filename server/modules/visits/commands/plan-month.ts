import { generateInput } from '../../../../contracts/visits.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';
import { generatePlans } from '../plans.js';
import { placeOf } from '../queries.js';

/** Generates (again) the month's plans of every grid under a place, in one transaction with its audit entry. */
export const planMonth = command({
  action: 'visits.plan',
  input: generateInput,
  async run({ trx, actor, input, audit }) {
    const p = await placeOf(trx, input.region);
    if (!p.street_id) throw notFound({ zh: '区划', en: 'Region' });
    authorize(actor, 'visits.plan', { regionPath: p.path, streetId: p.street_id });
    const made = await generatePlans(trx, p.street_id, p.path, input.month);
    await audit({
      streetId: p.street_id,
      objectType: 'visit_plans',
      objectId: `${p.code}/${input.month}`,
      detail: made,
    });
    return made;
  },
});
