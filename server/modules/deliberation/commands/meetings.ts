import { sql } from 'kysely';
import { z } from 'zod';
import { agendaInput, meetingInput, seriesInput, type Invite } from '../../../../contracts/deliberation.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { localMidnight, workCalendarOf } from '../../cases/index.js';
import { strangersAmong } from '../queries.js';
import { plan, ruleOf } from '../schedule.js';

/** A community of a street, as a target for the rules (404 otherwise). */
export async function communityOf(db: Executor, code: string) {
  const c = await placeOf(db, code);
  if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
  return { ...c, streetId: c.streetId };
}

/** A community, or (for what a whole street is asked) the street itself, as a target for the rules. */
export async function placeFor(db: Executor, code: string) {
  const c = await placeOf(db, code);
  if (!c.streetId || (c.code.length !== 12 && c.code.length !== 9)) throw notFound({ zh: '社区', en: 'Community' });
  return { ...c, streetId: c.streetId };
}

/**
 * How many are invited: accounts with the roles in the community, residents with the tags, a household's
 * representative (户代表) per household of the grids and buildings, and the named accounts — the base of the quorum.
 */
export async function invitedCount(db: Executor, streetId: string, community: string, i: Invite) {
  if ((await strangersAmong(db, community, i.users)).length)
    throw invalid(
      'invite.users',
      '点名邀请的人员须为本社区或本街道的账号',
      'Invitees by name: accounts of the community',
    );
  let n = new Set(i.users).size;
  if (i.roles.length) {
    const r = await db
      .selectFrom('role_assignments')
      .select(sql<string>`count(DISTINCT user_id)`.as('n'))
      .where('role', 'in', i.roles)
      .where('region_code', 'like', `${community}%`)
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  if (i.tags.length) {
    const r = await db
      .selectFrom('residents')
      .select(sql<string>`count(*)`.as('n'))
      .where('street_id', '=', streetId)
      .where('status', '=', 'active')
      .where('grid_path', 'like', `%/${community}/%`)
      .where(sql<boolean>`tags && ${sql.val(i.tags)}::text[]`)
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  if (i.grids.length || i.buildings.length) {
    const r = await db
      .selectFrom('households as h')
      .innerJoin('houses as o', (j) => j.onRef('o.street_id', '=', 'h.street_id').onRef('o.id', '=', 'h.house_id'))
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.street_id', '=', 'o.street_id').onRef('b.id', '=', 'o.building_id'),
      )
      .select(sql<string>`count(*)`.as('n'))
      .where('h.street_id', '=', streetId)
      .where('h.active', '=', true)
      .where((eb) =>
        eb.or([
          ...(i.grids.length ? [eb('b.grid_code', 'in', i.grids)] : []),
          ...(i.buildings.length ? [eb('b.id', 'in', i.buildings)] : []),
        ]),
      )
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

const at = (day: string, minute: number) => new Date(localMidnight(day).getTime() + minute * 60_000);

/**
 * 例会: a series by its rule (每月10日, 每月第二个星期二 …), its meetings put on the calendar for the months asked,
 * each moved off a statutory holiday on the street's calendar to the first working day after it.
 */
export const createSeries = command({
  action: 'deliberation.manage',
  input: seriesInput,
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, s.community);
    authorize(actor, 'deliberation.manage', c);
    const [h = 0, m = 0] = s.time.split(':').map(Number);
    const rule = ruleOf(s.recurrence);
    const series = await trx
      .insertInto('meeting_series')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        kind: s.kind,
        title: s.title,
        rule,
        starts_on: s.startsOn,
        at_minute: h * 60 + m,
        duration_minutes: s.durationMinutes,
        venue: s.venue,
        remote_url: s.remoteUrl,
        invite: JSON.stringify(s.invite),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const made = await extendSeries(trx, c.streetId, series.id, s.months, actor.userId);
    await audit({ streetId: c.streetId, objectType: 'meeting_series', objectId: series.id, detail: { rule, made } });
    return { id: series.id, meetings: made };
  },
});

/** Puts a series' meetings on the calendar up to `months` ahead of today (or of its start); once per ruled day. */
export async function extendSeries(trx: Executor, streetId: string, id: number, months: number, by: number | null) {
  const s = await trx
    .selectFrom('meeting_series')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const cal = await workCalendarOf(trx, streetId);
  const startsOn = typeof s.starts_on === 'string' ? s.starts_on : new Date(s.starts_on).toISOString().slice(0, 10);
  const invite = (typeof s.invite === 'string' ? JSON.parse(s.invite) : s.invite) as Invite;
  const invited = await invitedCount(trx, streetId, s.community_code, invite);
  const days = plan(s.rule, startsOn, months, cal);
  if (!days.length) return 0;
  const rows = await trx
    .insertInto('meetings')
    .values(
      days.map((d) => ({
        street_id: streetId,
        community_code: s.community_code,
        series_id: s.id,
        kind: s.kind,
        title: s.title,
        ruled_on: d.ruled,
        moved_reason: d.moved ? `${d.ruled} 为法定节假日，顺延至节后第一个工作日` : null,
        starts_at: at(d.day, s.at_minute),
        ends_at: at(d.day, s.at_minute + s.duration_minutes),
        venue: s.venue,
        remote_url: s.remote_url,
        invite: JSON.stringify(invite),
        invited,
        created_by: by,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['street_id', 'series_id', 'ruled_on']).where('series_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .execute();
  return rows.length;
}

/** A meeting called once (议事会, 预协商 …): a place or a remote link, who is invited. */
export const createMeeting = command({
  action: 'deliberation.manage',
  input: meetingInput,
  async run({ trx, actor: who, input: m, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, m.community);
    authorize(actor, 'deliberation.manage', c);
    const row = await trx
      .insertInto('meetings')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        kind: m.kind,
        title: m.title,
        starts_at: new Date(m.startsAt),
        ends_at: new Date(m.endsAt),
        venue: m.venue,
        remote_url: m.remoteUrl,
        invite: JSON.stringify(m.invite),
        invited: await invitedCount(trx, c.streetId, c.code, m.invite),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'meeting', objectId: row.id, detail: { kind: m.kind } });
    return { id: row.id };
  },
});

export async function meetingOf(db: Executor, streetId: string, id: number) {
  const m = await db
    .selectFrom('meetings as m')
    .innerJoin('regions as c', 'c.code', 'm.community_code')
    .select([
      'm.street_id',
      'm.id',
      'm.kind',
      'm.title',
      'm.community_code',
      'm.starts_at',
      'm.ends_at',
      'm.remote_url',
      'm.state',
      'm.invited',
      'm.present_extra',
      'c.path',
    ])
    .where('m.street_id', '=', streetId)
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!m) throw notFound({ zh: '会议', en: 'Meeting' });
  return { ...m, target: { regionPath: m.path, streetId: m.street_id } };
}

const inCommunity = (actor: Actor, community: string, path: string) =>
  actor.assignments.some(
    (a) => a.regionPath !== null && (a.regionPath.startsWith(path) || path.startsWith(a.regionPath)),
  ) || actor.assignments.some((a) => a.regionCode?.startsWith(community));

/** 签到 at the door or 线上参会 by the link: once per person, from an hour before until the end. */
export const attend = command({
  action: 'deliberation.respond',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    meetingId: z.number().int().positive(),
    how: z.enum(['checkin', 'remote']),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const m = await meetingOf(trx, input.street, input.meetingId);
    if (!inCommunity(actor, m.community_code, m.path))
      throw new AppError('forbidden', { zh: '只有本社区的人员可以参会', en: 'For the community’s people' });
    const now = Date.now();
    if (m.state === 'cancelled' || now < m.starts_at.getTime() - 3_600_000 || now > m.ends_at.getTime())
      throw invalid('meetingId', '不在会议签到时间内（开会前一小时至散会）', 'Not within the meeting’s time');
    if (input.how === 'remote' && !m.remote_url)
      throw invalid('how', '本次会议没有线上参会方式', 'This meeting has no remote link');
    const row = await trx
      .insertInto('meeting_attendance')
      .values({ street_id: m.street_id, meeting_id: m.id, user_id: actor.userId, how: input.how })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '您已签到', en: 'You are in already' });
    await audit({ streetId: m.street_id, objectType: 'meeting', objectId: m.id, detail: { attend: input.how } });
    return { remoteUrl: input.how === 'remote' ? m.remote_url : null };
  },
});

/** 会议纪要: the minutes, the headcount at the door of those without an account, and the meeting held. */
export const recordMinutes = command({
  action: 'deliberation.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    meetingId: z.number().int().positive(),
    minutes: z.string().trim().min(2).max(8000),
    presentExtra: z.number().int().min(0).max(100_000).default(0),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const m = await meetingOf(trx, input.street, input.meetingId);
    authorize(actor, 'deliberation.manage', m.target);
    if (m.state === 'cancelled') throw new AppError('conflict', { zh: '会议已取消', en: 'The meeting is cancelled' });
    if (m.starts_at.getTime() > Date.now())
      throw invalid('meetingId', '会议尚未召开，不能记录纪要', 'The meeting has not begun');
    await trx
      .updateTable('meetings')
      .set({ minutes: input.minutes, present_extra: input.presentExtra, state: 'held' })
      .where('street_id', '=', m.street_id)
      .where('id', '=', m.id)
      .execute();
    await audit({ streetId: m.street_id, objectType: 'meeting', objectId: m.id, detail: { minutes: true } });
    return { ok: true as const };
  },
});

/**
 * 议程: the agenda of a meeting not yet held — the community's open topics (their titles kept) and items in words,
 * in order. A topic of another community, or one closed, refuses the whole agenda.
 */
export const setAgenda = command({
  action: 'deliberation.manage',
  input: agendaInput.extend({ meetingId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const m = await meetingOf(trx, input.street, input.meetingId);
    authorize(actor, 'deliberation.manage', m.target);
    if (m.state !== 'scheduled')
      throw new AppError('conflict', {
        zh: '会议已召开或已取消，议程不能再改',
        en: 'The meeting is held or cancelled',
      });
    const ids = input.items.flatMap((a) => (a.topicId === null ? [] : [a.topicId]));
    if (new Set(ids).size !== ids.length) throw invalid('items', '同一议题只能列入一次', 'A topic once');
    const topics = ids.length
      ? await trx
          .selectFrom('topics')
          .select(['id', 'title'])
          .where('street_id', '=', m.street_id)
          .where('community_code', '=', m.community_code)
          .where('state', '=', 'open')
          .where('id', 'in', ids)
          .execute()
      : [];
    const title = new Map(topics.map((t) => [Number(t.id), t.title]));
    if (title.size !== ids.length)
      throw invalid('items', '议程中的议题须为本社区正在办理的议题', 'Topics of this community, still open');
    const agenda = input.items.map((a) => ({
      topicId: a.topicId,
      text: a.topicId === null ? a.text : (title.get(a.topicId) ?? a.text),
    }));
    await trx
      .updateTable('meetings')
      .set({ agenda: JSON.stringify(agenda) })
      .where('street_id', '=', m.street_id)
      .where('id', '=', m.id)
      .execute();
    await audit({ streetId: m.street_id, objectType: 'meeting', objectId: m.id, detail: { agenda: agenda.length } });
    return { ok: true as const };
  },
});
