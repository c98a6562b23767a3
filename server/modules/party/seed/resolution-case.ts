import type { Db } from '../../../core/db.js';
import { actorOf } from '../../../core/demo.js';
import type { Keyring } from '../../../core/pii/index.js';
import { actOnCase, submitCase } from '../../cases/index.js';

/**
 * The latest open resolution led by the demo unit becomes a case through the loop — submitted and
 * dispatched by the street's operator, signed for by the unit's handler — and stays linked to it,
 * so the secretary sees a resolution carried by a case the unit signed for.
 */
export async function seedResolutionCase(db: Db, keyring: Keyring, streetId: string): Promise<number> {
  const operator = await actorOf(db, 'operator', 'operator');
  const handler = await actorOf(db, 'handler', 'agency_handler');
  const unit = handler?.assignments[0]?.agencyId;
  if (!operator || !handler || !unit) return 0;
  const r = await db
    .selectFrom('party_resolutions as r')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
    )
    .select(['r.id', 'r.what', 'm.title', 'm.community_code'])
    .where('r.street_id', '=', streetId)
    .where('r.done_on', 'is', null)
    .where('r.case_id', 'is', null)
    .where('r.for_members', '=', false)
    .orderBy('m.held_on', 'desc')
    .executeTakeFirst();
  if (!r) return 0;
  await db
    .updateTable('party_resolutions')
    .set({ lead_agency_id: unit })
    .where('street_id', '=', streetId)
    .where('id', '=', r.id)
    .execute();
  const audit = { actorName: 'demo' };
  const made = await submitCase({
    db,
    keyring,
    submitter: { kind: 'user', actor: operator },
    audit,
    input: {
      category: 'env.sanitation',
      title: r.what.slice(0, 100),
      description: `联席会议「${r.title}」决议：${r.what}`,
      source: 'walk_in',
      region: r.community_code,
      street: streetId,
      clientRequestId: `party-resolution-${streetId}-${r.id}`,
    },
  });
  const id = made.row.id;
  await actOnCase({ db, actor: operator, audit, caseId: id, action: 'register', body: {} });
  await actOnCase({ db, actor: operator, audit, caseId: id, action: 'dispatch', body: { agencyId: unit } });
  await actOnCase({ db, actor: handler, audit, caseId: id, action: 'sign', body: {} });
  await db
    .updateTable('party_resolutions')
    .set({ case_id: id })
    .where('street_id', '=', streetId)
    .where('id', '=', r.id)
    .execute();
  return 1;
}
