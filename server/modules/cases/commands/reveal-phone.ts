import { streetsOfActor } from '../../../core/access.js';
import { z } from 'zod';
import { Refusal, allowed } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';
import { decrypt, type Keyring } from '../../../core/pii/index.js';
import { loadCase, targetOf } from '../case-row.js';
import { reporterPhoneOf } from '../queries.js';

const CASE = { zh: '案件', en: 'Case' };

export const revealPhoneInput = z.object({ id: z.number().int().positive() });

/**
 * The reporter's full phone number, to call them about the case (联系): for whoever handles,
 * dispatches or verifies it; one audit entry per reveal. Outside the caller's sight: 404.
 */
export const revealReporterPhone = (keyring: Keyring) =>
  command({
    action: 'cases.reveal_phone',
    input: revealPhoneInput,
    async run({ trx, actor, input, audit }) {
      const row = await loadCase(trx, input.id, streetsOfActor(actor));
      if (!row || !actor || !allowed(actor, 'cases.read', targetOf(row))) throw notFound(CASE);
      if (!allowed(actor, 'cases.reveal_phone', targetOf(row))) throw new Refusal('cases.reveal_phone');
      const sealed = reporterPhoneOf(row);
      await audit({
        streetId: row.street_id,
        objectType: 'case',
        objectId: row.id,
        reason: '联系上报人',
        detail: { field: 'reporterPhone' },
      });
      return { value: sealed ? decrypt(keyring, sealed) : null };
    },
  });
