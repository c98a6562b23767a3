import { sql } from 'kysely';
import { meetingKindNames, quorumRules, stepNames } from '../../../contracts/deliberation.js';
import { roleNames, type Role } from '../../../contracts/roles.js';
import type { Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { localMidnight } from '../cases/index.js';
import { jointMeetingsOf } from '../party/index.js';
import { filesOf } from './files.js';

const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const ymd = (d: string | Date | null) => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : day(d));

/** A community's meetings in a period (its own and the party's 联席会议), with invitations, presence and quorum. */
export async function meetingsOf(
  db: Executor,
  actor: Actor,
  streetId: string,
  community: string,
  from: string,
  to: string,
) {
  const rows = await db
    .selectFrom('meetings as m')
    .select([
      'm.id',
      'm.kind',
      'm.title',
      'm.starts_at',
      'm.ends_at',
      'm.venue',
      'm.remote_url',
      'm.ruled_on',
      'm.moved_reason',
      'm.state',
      'm.invited',
      'm.present_extra',
      'm.agenda',
      (eb) =>
        eb
          .selectFrom('meeting_attendance as a')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('a.street_id', '=', 'm.street_id')
          .whereRef('a.meeting_id', '=', 'm.id')
          .as('attended'),
      (eb) =>
        eb
          .selectFrom('meeting_attendance as a')
          .select(sql<boolean>`count(*) > 0`.as('n'))
          .whereRef('a.street_id', '=', 'm.street_id')
          .whereRef('a.meeting_id', '=', 'm.id')
          .where('a.user_id', '=', actor.userId)
          .as('mine'),
    ])
    .where('m.street_id', '=', streetId)
    .where('m.community_code', '=', community)
    .where('m.starts_at', '>=', localMidnight(from))
    .where('m.starts_at', '<', localMidnight(to))
    .orderBy('m.starts_at')
    .execute();
  const own = rows.map((r) => {
    const present = Number(r.attended ?? 0) + r.present_extra;
    const rule = quorumRules[r.kind];
    const held = r.state === 'held' || r.ends_at.getTime() < Date.now();
    return {
      id: r.id,
      kind: r.kind,
      kindName: meetingKindNames[r.kind].zh,
      title: r.title,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      venue: r.venue,
      remoteUrl: r.remote_url,
      movedFrom: r.moved_reason ? ymd(r.ruled_on) : null,
      movedReason: r.moved_reason,
      state: r.state,
      invited: r.invited,
      present,
      quorum: rule,
      quorumMet:
        rule === 'none' || !held ? null : rule === 'half' ? present * 2 > r.invited : present * 3 >= r.invited * 2,
      source: 'deliberation' as const,
      attending: Boolean(r.mine),
      agenda: r.agenda.map((a) => a.text),
    };
  });
  const joint = (await jointMeetingsOf(db, streetId, community, from, to)).map((j) => ({
    id: j.id,
    kind: 'pre_consult' as const,
    kindName: '联席会议',
    title: j.title,
    startsAt: localMidnight(j.day).toISOString(),
    endsAt: localMidnight(j.day).toISOString(),
    venue: '',
    remoteUrl: '',
    movedFrom: null,
    movedReason: null,
    state: 'held' as const,
    invited: 0,
    present: 0,
    quorum: 'none' as const,
    quorumMet: null,
    source: 'party' as const,
    agenda: [] as string[],
    attending: false,
  }));
  return [...own, ...joint].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** One meeting: who came (by check-in or remotely), the minutes, and the topics' steps taken at it. */
export async function meetingDetail(db: Executor, streetId: string, id: number) {
  const m = await db
    .selectFrom('meetings')
    .select(['id', 'minutes', 'community_code', 'invite', 'agenda'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!m) return null;
  const planned = m.agenda.flatMap((a) => (a.topicId === null ? [] : [a.topicId]));
  const now = planned.length
    ? await db
        .selectFrom('topics')
        .select(['id', 'step', 'state'])
        .where('street_id', '=', streetId)
        .where('id', 'in', planned)
        .execute()
    : [];
  const stepOf = new Map(now.map((t) => [Number(t.id), t]));
  const attendance = await db
    .selectFrom('meeting_attendance as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.display_name', 'a.how', 'a.at'])
    .where('a.street_id', '=', streetId)
    .where('a.meeting_id', '=', id)
    .orderBy('a.at')
    .execute();
  const steps = await db
    .selectFrom('topic_steps as s')
    .innerJoin('topics as t', (j) => j.onRef('t.street_id', '=', 's.street_id').onRef('t.id', '=', 's.topic_id'))
    .select(['t.id', 't.title', 's.step', 's.passed', 's.counts'])
    .where('s.street_id', '=', streetId)
    .where('s.meeting_id', '=', id)
    .orderBy('s.at')
    .execute();
  const files = await filesOf(db, streetId, 'meeting', [m.id]);
  return {
    id: m.id,
    community: m.community_code,
    minutes: m.minutes,
    files: files.get(m.id) ?? [],
    planned: m.agenda.map((a) => {
      const t = a.topicId === null ? undefined : stepOf.get(a.topicId);
      return {
        topicId: a.topicId,
        text: a.text,
        stepName: t ? (t.state === 'withdrawn' ? '已撤回' : stepNames[t.step].zh) : null,
      };
    }),
    attendance: attendance.map((a) => ({
      name: a.display_name,
      how: a.how,
      at: a.at.toISOString(),
    })),
    agenda: steps.map((s) => ({
      topicId: s.id,
      title: s.title,
      step: stepNames[s.step].zh,
      passed: s.passed,
      counts: s.counts,
    })),
  };
}

/** A community's topics, newest first: step, deadline (overdue), supporters and the reader's own support. */
export async function topicsOf(db: Executor, actor: Actor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('topics as t')
    .select([
      't.id',
      't.title',
      't.detail',
      't.source',
      't.step',
      't.state',
      't.due_at',
      't.proposer_id',
      't.withdrawn_reason',
      't.created_at',
      't.case_id',
      't.resolution_case_id',
      (eb) =>
        eb
          .selectFrom('topic_supports as s')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('s.street_id', '=', 't.street_id')
          .whereRef('s.topic_id', '=', 't.id')
          .as('supporters'),
      (eb) =>
        eb
          .selectFrom('topic_supports as s')
          .select(sql<boolean>`count(*) > 0`.as('n'))
          .whereRef('s.street_id', '=', 't.street_id')
          .whereRef('s.topic_id', '=', 't.id')
          .where('s.user_id', '=', actor.userId)
          .as('supported'),
    ])
    .where('t.street_id', '=', streetId)
    .where('t.community_code', '=', community)
    .orderBy('t.created_at', 'desc')
    .limit(300)
    .execute();
  const now = Date.now();
  return rows.map((t) => ({
    id: t.id,
    title: t.title,
    detail: t.detail,
    source: t.source,
    step: t.step,
    stepName: stepNames[t.step].zh,
    state: t.state,
    dueAt: t.due_at.toISOString(),
    overdue: t.state === 'open' && t.due_at.getTime() < now,
    supporters: Number(t.supporters ?? 0),
    supported: Boolean(t.supported),
    mine: t.proposer_id === actor.userId,
    withdrawnReason: t.withdrawn_reason,
    createdAt: t.created_at.toISOString(),
    caseId: t.case_id,
    resolutionCaseId: t.resolution_case_id,
  }));
}

/** A topic's steps, in order: who, when, at which meeting, the text, and a decision's vote and quorum. */
export async function stepsOf(db: Executor, streetId: string, topicId: number) {
  const rows = await db
    .selectFrom('topic_steps as s')
    .leftJoin('users as u', 'u.id', 's.by_user')
    .leftJoin('meetings as m', (j) => j.onRef('m.street_id', '=', 's.street_id').onRef('m.id', '=', 's.meeting_id'))
    .select([
      's.id',
      's.step',
      'u.display_name',
      's.at',
      'm.title as meeting',
      'm.starts_at as meeting_at',
      's.text',
      's.votes_for',
      's.votes_against',
      's.votes_abstain',
      's.present',
      's.quorum_met',
      's.passed',
      's.counts',
    ])
    .where('s.street_id', '=', streetId)
    .where('s.topic_id', '=', topicId)
    .orderBy('s.at')
    .orderBy('s.id')
    .execute();
  const files = await filesOf(
    db,
    streetId,
    'step',
    rows.map((s) => s.id),
  );
  return rows.map((s) => ({
    id: s.id,
    step: s.step,
    stepName: stepNames[s.step].zh,
    by: s.display_name,
    at: s.at.toISOString(),
    meeting: s.meeting && s.meeting_at ? `${day(s.meeting_at)} ${s.meeting}` : null,
    text: s.text,
    votes:
      s.votes_for === null
        ? null
        : {
            for: s.votes_for,
            against: s.votes_against ?? 0,
            abstain: s.votes_abstain ?? 0,
            present: s.present ?? 0,
          },
    quorumMet: s.quorum_met,
    passed: s.passed,
    counts: s.counts,
    files: files.get(s.id) ?? [],
  }));
}

/** A topic's row by its id (its place, title and the case carrying out its decision). */
export function topicRowOf(db: Executor, streetId: string, id: number) {
  return db
    .selectFrom('topics')
    .select(['id', 'title', 'community_code', 'resolution_case_id'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The topics a case is linked to: turned into a topic, or carrying out a decision. */
export function topicsOfCase(db: Executor, streetIds: readonly string[], caseId: number) {
  return db
    .selectFrom('topics')
    .select(['id', 'title', 'community_code', 'case_id'])
    .where('street_id', 'in', [...streetIds, ''])
    .where((eb) => eb.or([eb('case_id', '=', caseId), eb('resolution_case_id', '=', caseId)]))
    .execute();
}

/** Accounts of the community (or its street's office) to invite by name: name and roles, nothing else. */
export async function inviteesOf(db: Executor, community: string, q: string) {
  const rows = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.display_name', sql<string[]>`array_agg(DISTINCT r.role ORDER BY r.role)`.as('roles')])
    .where('u.disabled', '=', false)
    .where((eb) =>
      eb.or([eb('r.region_code', 'like', `${community}%`), eb('r.region_code', '=', community.slice(0, 9))]),
    )
    .$if(q.length > 0, (qb) => qb.where('u.display_name', 'like', `%${q.replace(/[%_\\]/g, '\\$&')}%`))
    .groupBy(['u.id', 'u.display_name'])
    .orderBy('u.display_name')
    .limit(30)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    roles: r.roles.map((x) => roleNames[x as Role]?.zh ?? x).join('、'),
  }));
}

/** The named invitees who are not accounts of the community or its street (none when all are). */
export async function strangersAmong(db: Executor, community: string, ids: number[]) {
  if (!ids.length) return [];
  const known = await db
    .selectFrom('role_assignments as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.id')
    .distinct()
    .where('u.id', 'in', ids)
    .where('u.disabled', '=', false)
    .where((eb) =>
      eb.or([eb('r.region_code', 'like', `${community}%`), eb('r.region_code', '=', community.slice(0, 9))]),
    )
    .execute();
  const ok = new Set(known.map((k) => Number(k.id)));
  return ids.filter((id) => !ok.has(id));
}
