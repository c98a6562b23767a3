import { sql } from 'kysely';
import { gradeOf, unitKindNames } from '../../../contracts/party-units.js';
import { resolutionStateNames } from '../../../contracts/party.js';
import type { Executor } from '../../core/db.js';
import { decrypt, maskPhone, type Keyring } from '../../core/pii/index.js';
import { localDate, localMidnight } from '../cases/index.js';

/** The quarter a day falls in: 2026-12-03 → 2026-Q4. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The quarter's first day and the next quarter's first day (local dates). */
export function quarterBounds(q: string): [string, string] {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  const start = `${y}-${String(n * 3 - 2).padStart(2, '0')}-01`;
  const end = n === 4 ? `${y + 1}-01-01` : `${y}-${String(n * 3 + 1).padStart(2, '0')}-01`;
  return [start, end];
}

/** The street's co-building units: every agency with what the alliance knows of it, phones masked. */
export async function unitsOf(db: Executor, keyring: Keyring, streetId: string) {
  const rows = await db
    .selectFrom('agencies as a')
    .leftJoin('party_units as u', (j) => j.onRef('u.street_id', '=', 'a.street_id').onRef('u.agency_id', '=', 'a.id'))
    .select([
      'a.id',
      'a.name',
      'u.unit_kind',
      'u.contact_name',
      'u.contact_phone_cipher',
      'u.party_branch',
      'u.party_members',
      (eb) =>
        eb
          .selectFrom('party_agreements as g')
          .select((x) => x.fn.countAll<number>().as('n'))
          .where('g.street_id', '=', streetId)
          .whereRef('g.agency_id', '=', 'a.id')
          .as('agreements'),
    ])
    .where('a.street_id', '=', streetId)
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.unit_kind,
    kindName: r.unit_kind ? unitKindNames[r.unit_kind].zh : '未分类',
    contactName: r.contact_name,
    contactPhone: r.contact_phone_cipher ? maskPhone(decrypt(keyring, r.contact_phone_cipher)) : null,
    partyBranch: r.party_branch,
    partyMembers: r.party_members ?? 0,
    agreements: Number(r.agreements ?? 0),
  }));
}

type Scope = { streetId: string; quarter: string };

/**
 * One row per (unit, community) in the scope: the community's review of the unit this quarter,
 * how far the unit's agreements with the community got, its resolutions there, and the residents'
 * ratings of the community's cases the unit led that were rated in the quarter.
 */
async function reviewRows(db: Executor, s: Scope, pairs: { agencyId: number; community: string }[]) {
  if (pairs.length === 0) return [];
  const [from, to] = quarterBounds(s.quarter);
  const today = localDate(new Date());
  const ids = [...new Set(pairs.map((p) => p.agencyId)), 0];
  const communities = [...new Set(pairs.map((p) => p.community)), ''];
  const [reviews, progress, resolutions, ratings, names] = await Promise.all([
    db
      .selectFrom('party_unit_reviews')
      .selectAll()
      .where('street_id', '=', s.streetId)
      .where('quarter', '=', s.quarter)
      .where('agency_id', 'in', ids)
      .execute(),
    db
      .selectFrom('party_agreement_items as i')
      .innerJoin('party_agreements as g', (j) =>
        j.onRef('g.street_id', '=', 'i.street_id').onRef('g.id', '=', 'i.agreement_id'),
      )
      .select([
        'g.agency_id',
        'g.community_code',
        sql<string>`avg(least(1, coalesce((SELECT sum(p.amount) FROM party_agreement_progress p
          WHERE p.street_id = ${s.streetId} AND p.item_id = i.id), 0) / i.target))`.as('share'),
      ])
      .where('i.street_id', '=', s.streetId)
      .where('g.agency_id', 'in', ids)
      .groupBy(['g.agency_id', 'g.community_code'])
      .execute(),
    db
      .selectFrom('party_resolutions as r')
      .innerJoin('party_meetings as m', (j) =>
        j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
      )
      .select([
        'r.lead_agency_id',
        'm.community_code',
        sql<number>`count(*) FILTER (WHERE r.done_on IS NOT NULL)::int`.as('done'),
        sql<number>`count(*) FILTER (WHERE r.done_on IS NULL AND r.due_on < ${today})::int`.as('overdue'),
        sql<number>`count(*) FILTER (WHERE r.done_on IS NULL AND r.due_on >= ${today})::int`.as('open'),
      ])
      .where('r.street_id', '=', s.streetId)
      .where('r.lead_agency_id', 'in', ids)
      .groupBy(['r.lead_agency_id', 'm.community_code'])
      .execute(),
    db
      .selectFrom('cases as c')
      .select([
        'c.agency_id',
        sql<string>`split_part(c.region_path, '/', 6)`.as('community'),
        sql<number>`count(*)::int`.as('rated'),
        sql<number>`count(*) FILTER (WHERE c.rating = 'satisfied')::int`.as('satisfied'),
        sql<number>`count(*) FILTER (WHERE c.rating = 'basically_satisfied')::int`.as('basically'),
        sql<number>`count(*) FILTER (WHERE c.rating = 'dissatisfied')::int`.as('dissatisfied'),
      ])
      .where('c.street_id', '=', s.streetId)
      .where('c.agency_id', 'in', ids)
      .where('c.rated_at', '>=', localMidnight(from))
      .where('c.rated_at', '<', localMidnight(to))
      .groupBy(['c.agency_id', sql`split_part(c.region_path, '/', 6)`])
      .execute(),
    db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('code', 'in', communities)
      .execute()
      .then((rs) => new Map(rs.map((r) => [r.code, r.name]))),
  ]);
  const units = new Map(
    (
      await db
        .selectFrom('agencies')
        .select(['id', 'name'])
        .where('street_id', '=', s.streetId)
        .where('id', 'in', ids)
        .execute()
    ).map((u) => [u.id, u.name]),
  );
  const at = <T extends { community?: string | null; community_code?: string }>(
    rows: T[],
    agency: (r: T) => number | null,
    p: { agencyId: number; community: string },
  ) => rows.find((r) => agency(r) === p.agencyId && (r.community ?? r.community_code) === p.community);
  return pairs.map((p) => {
    const rv = reviews.find((r) => r.agency_id === p.agencyId && r.community_code === p.community);
    const pr = at(progress, (r) => r.agency_id, p);
    const rs = at(resolutions, (r) => r.lead_agency_id, p);
    const rt = at(ratings, (r) => r.agency_id, p);
    const rated = rt?.rated ?? 0;
    const good = (rt?.satisfied ?? 0) + (rt?.basically ?? 0);
    const total = rv ? rv.fulfilment + rv.participation + rv.response : 0;
    return {
      agencyId: p.agencyId,
      unit: units.get(p.agencyId) ?? String(p.agencyId),
      community: p.community,
      communityName: names.get(p.community) ?? p.community,
      quarter: s.quarter,
      review: rv
        ? {
            fulfilment: rv.fulfilment,
            participation: rv.participation,
            response: rv.response,
            total,
            grade: gradeOf(total).zh,
            comment: rv.comment,
            reviewedAt: rv.updated_at.toISOString(),
          }
        : null,
      agreementProgress: pr ? Math.round(Number(pr.share) * 1000) / 1000 : null,
      resolutions: { open: rs?.open ?? 0, overdue: rs?.overdue ?? 0, done: rs?.done ?? 0 },
      residents: {
        rated,
        satisfied: rt?.satisfied ?? 0,
        basicallySatisfied: rt?.basically ?? 0,
        dissatisfied: rt?.dissatisfied ?? 0,
        satisfaction: rated > 0 ? Math.round((good / rated) * 1000) / 1000 : null,
      },
    };
  });
}

/** A community's units for the quarter's review: those it has an agreement with or reviewed. */
export async function reviewsOf(db: Executor, streetId: string, community: string, quarter: string) {
  const partners = await db
    .selectFrom('party_agreements')
    .select('agency_id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .union(
      db
        .selectFrom('party_unit_reviews')
        .select('agency_id')
        .where('street_id', '=', streetId)
        .where('community_code', '=', community),
    )
    .execute();
  const rows = await reviewRows(
    db,
    { streetId, quarter },
    partners.map((p) => ({ agencyId: p.agency_id, community })),
  );
  return rows.sort((a, b) => a.unit.localeCompare(b.unit, 'zh-CN'));
}

/** A unit's own record: each community's reviews of the last four quarters, its resolutions and agreements. */
export async function unitRecordOf(db: Executor, streetId: string, agencyId: number) {
  const today = localDate(new Date());
  const unit = await db
    .selectFrom('agencies')
    .select('name')
    .where('street_id', '=', streetId)
    .where('id', '=', agencyId)
    .executeTakeFirstOrThrow();
  const agreements = await db
    .selectFrom('party_agreements as g')
    .innerJoin('regions as c', 'c.code', 'g.community_code')
    .select([
      'g.id',
      'g.title',
      'g.community_code',
      'c.name as community',
      'g.term_end',
      sql<string>`(SELECT avg(least(1, coalesce((SELECT sum(p.amount) FROM party_agreement_progress p
        WHERE p.street_id = ${streetId} AND p.item_id = i.id), 0) / i.target)) FROM party_agreement_items i
        WHERE i.street_id = ${streetId} AND i.agreement_id = g.id)`.as('share'),
    ])
    .where('g.street_id', '=', streetId)
    .where('g.agency_id', '=', agencyId)
    .orderBy('g.signed_on', 'desc')
    .execute();
  const quarters: string[] = [];
  for (let d = new Date(`${today}T00:00:00Z`), i = 0; i < 4; i++, d.setUTCMonth(d.getUTCMonth() - 3))
    quarters.push(quarterOf(d.toISOString().slice(0, 10)));
  const communities = [...new Set(agreements.map((a) => a.community_code))];
  const reviews = [];
  for (const q of quarters)
    reviews.push(
      ...(await reviewRows(
        db,
        { streetId, quarter: q },
        communities.map((community) => ({ agencyId, community })),
      )),
    );
  const resolutions = await db
    .selectFrom('party_resolutions as r')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
    )
    .innerJoin('regions as c', 'c.code', 'm.community_code')
    .select([
      'r.id',
      'r.what',
      'm.title',
      'c.name as community',
      'r.lead_agency_id',
      'r.due_on',
      'r.done_on',
      'r.case_id',
    ])
    .where('r.street_id', '=', streetId)
    .where((eb) =>
      eb.or([eb('r.lead_agency_id', '=', agencyId), sql<boolean>`${agencyId}::bigint = ANY (r.assist_agency_ids)`]),
    )
    .orderBy('r.due_on', 'desc')
    .execute();
  return {
    unit: unit.name,
    reviews,
    resolutions: resolutions.map((r) => {
      const state = r.done_on !== null ? 'done' : r.due_on < today ? 'overdue' : 'open';
      return {
        id: r.id,
        what: r.what,
        meeting: r.title,
        community: r.community,
        role: r.lead_agency_id === agencyId ? ('lead' as const) : ('assist' as const),
        dueOn: r.due_on,
        state,
        stateName: resolutionStateNames[state].zh,
        caseId: r.case_id,
      };
    }),
    agreements: agreements.map((a) => ({
      id: a.id,
      title: a.title,
      community: a.community,
      termEnd: a.term_end,
      progress: Math.round(Number(a.share ?? 0) * 1000) / 1000,
    })),
  };
}
