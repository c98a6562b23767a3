import { sql } from 'kysely';
import { agreementItemKindNames, resolutionStateNames } from '../../../contracts/party.js';
import type { Executor } from '../../core/db.js';
import { localDate } from '../cases/index.js';

/**
 * A community's alliance: its agreements with each item's target and what was done, and its joint
 * meetings with their resolutions — open, done, or overdue (past the deadline, not done) — and the
 * state of the case that carries a resolution.
 */
export async function allianceOf(db: Executor, streetId: string, community: string) {
  const today = localDate(new Date());
  const agreements = await db
    .selectFrom('party_agreements as a')
    .innerJoin('agencies as u', (j) => j.onRef('u.street_id', '=', 'a.street_id').onRef('u.id', '=', 'a.agency_id'))
    .select(['a.id', 'u.name as unit', 'a.title', 'a.signed_on', 'a.term_end', 'a.file_name'])
    .where('a.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .orderBy('a.signed_on', 'desc')
    .execute();
  const items = await db
    .selectFrom('party_agreement_items as i')
    .select([
      'i.id',
      'i.agreement_id',
      'i.kind',
      'i.what',
      'i.target',
      'i.unit',
      sql<string>`(SELECT coalesce(sum(p.amount), 0) FROM party_agreement_progress p
        WHERE p.street_id = ${streetId} AND p.item_id = i.id)`.as('done'),
    ])
    .where('i.street_id', '=', streetId)
    .where('i.agreement_id', 'in', [...agreements.map((a) => a.id), 0])
    .orderBy('i.id')
    .execute();
  const meetings = await db
    .selectFrom('party_meetings')
    .select(['id', 'title', 'held_on', 'attendees'])
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .orderBy('held_on', 'desc')
    .execute();
  const resolutions = await db
    .selectFrom('party_resolutions as r')
    .innerJoin('agencies as u', (j) =>
      j.onRef('u.street_id', '=', 'r.street_id').onRef('u.id', '=', 'r.lead_agency_id'),
    )
    .leftJoin('cases as c', (j) => j.onRef('c.street_id', '=', 'r.street_id').onRef('c.id', '=', 'r.case_id'))
    .select([
      'r.id',
      'r.meeting_id',
      'r.what',
      'u.name as lead',
      'r.assist_agency_ids',
      'r.due_on',
      'r.done_on',
      'r.case_id',
      'c.status as case_status',
      'r.for_members',
      'r.claimed_by',
    ])
    .where('r.street_id', '=', streetId)
    .where('r.meeting_id', 'in', [...meetings.map((m) => m.id), 0])
    .orderBy('r.id')
    .execute();
  const units = new Map(
    (await db.selectFrom('agencies').select(['id', 'name']).where('street_id', '=', streetId).execute()).map((u) => [
      u.id,
      u.name,
    ]),
  );
  let overdue = 0;
  return {
    agreements: agreements.map((a) => ({
      id: a.id,
      unit: a.unit,
      title: a.title,
      signedOn: a.signed_on,
      termEnd: a.term_end,
      fileName: a.file_name,
      items: items
        .filter((i) => i.agreement_id === a.id)
        .map((i) => ({
          id: i.id,
          kind: i.kind,
          kindName: agreementItemKindNames[i.kind].zh,
          what: i.what,
          target: Number(i.target),
          done: Number(i.done),
          unit: i.unit,
        })),
    })),
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      heldOn: m.held_on,
      attendees: m.attendees,
      resolutions: resolutions
        .filter((r) => r.meeting_id === m.id)
        .map((r) => {
          const state = r.done_on !== null ? 'done' : r.due_on < today ? 'overdue' : 'open';
          if (state === 'overdue') overdue++;
          return {
            id: r.id,
            what: r.what,
            lead: r.lead,
            assisting: r.assist_agency_ids.map((id) => units.get(Number(id)) ?? String(id)),
            dueOn: r.due_on,
            doneOn: r.done_on,
            state: state as 'open',
            stateName: resolutionStateNames[state].zh,
            caseId: r.case_id,
            caseStatus: r.case_status,
            forMembers: r.for_members,
            claimed: r.claimed_by !== null,
          };
        }),
    })),
    overdue,
  };
}

/** The resolution a case carries, if any (the case's side of the link). */
export function resolutionOfCase(db: Executor, streetId: string, caseId: number) {
  return db
    .selectFrom('party_resolutions as r')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
    )
    .select(['r.id', 'r.what', 'r.due_on', 'm.title as meeting', 'm.held_on'])
    .where('r.street_id', '=', streetId)
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
}
