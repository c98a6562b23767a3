import { sql } from 'kysely';
import { caseLevels, type CaseLevel, type Supervision } from '../../../contracts/cases.js';
import type { Role } from '../../core/access.js';
import type { Db, Executor } from '../../core/db.js';
import { loadCase, caseNo, type CaseRow } from './case-row.js';
import { every } from '../../core/jobs.js';
import { notify, unitUsers, usersCovering, type NoticeKind } from './notifications.js';
import type { TimerKind } from './tables.js';

type Planned = { kind: TimerKind; due_at: Date };

function between(start: Date, due: Date, fraction: number): Date {
  return new Date(start.getTime() + fraction * (due.getTime() - start.getTime()));
}

/**
 * The deadline events a case should have in its present state: sign-for warning and overdue
 * while it waits for its unit, handling warning and overdue while the handling limit runs, and
 * escalation when it stays overdue for a second full limit.
 */
export function timerPlan(
  row: Pick<CaseRow, 'status' | 'dispatched_at' | 'sign_due_at' | 'handle_started_at' | 'handle_due_at'>,
  warnFraction: number,
): Planned[] {
  const plan: Planned[] = [];
  if (row.status === 'dispatched' && row.dispatched_at && row.sign_due_at) {
    plan.push({ kind: 'sign_warning', due_at: between(row.dispatched_at, row.sign_due_at, warnFraction) });
    plan.push({ kind: 'sign_overdue', due_at: row.sign_due_at });
  }
  if ((row.status === 'dispatched' || row.status === 'handling') && row.handle_started_at && row.handle_due_at) {
    plan.push({ kind: 'handle_warning', due_at: between(row.handle_started_at, row.handle_due_at, warnFraction) });
    plan.push({ kind: 'handle_overdue', due_at: row.handle_due_at });
    plan.push({ kind: 'escalate', due_at: between(row.handle_started_at, row.handle_due_at, 2) });
  }
  return plan;
}

/**
 * Makes the case's timers match its plan: unfired timers no longer planned go, planned ones not
 * there yet are added; one that already fired for the same moment is not added again.
 */
export async function syncTimers(db: Executor, row: CaseRow, warnFraction: number): Promise<void> {
  const plan = timerPlan(row, warnFraction);
  const existing = await db
    .selectFrom('case_timers')
    .select(['id', 'kind', 'due_at', 'fired_at'])
    .where('street_id', '=', row.street_id)
    .where('case_id', '=', row.id)
    .execute();
  const key = (t: { kind: string; due_at: Date }) => `${t.kind}@${t.due_at.getTime()}`;
  const planned = new Set(plan.map(key));
  const have = new Set(existing.map(key));
  const stale = existing.filter((t) => t.fired_at === null && !planned.has(key(t))).map((t) => t.id);
  if (stale.length)
    await db.deleteFrom('case_timers').where('street_id', '=', row.street_id).where('id', 'in', stale).execute();
  const fresh = plan.filter((t) => !have.has(key(t)));
  if (fresh.length)
    await db
      .insertInto('case_timers')
      .values(
        fresh.map((t) => ({
          street_id: row.street_id,
          case_id: row.id,
          kind: t.kind,
          due_at: t.due_at,
          fired_at: null,
        })),
      )
      .execute();
}

/** Roles that dispatch at each level: they hear of overdue cases and take escalated ones. */
export const DISPATCHERS: Record<CaseLevel, Role[]> = {
  grid: ['grid_leader', 'community_worker', 'community_secretary'],
  community: ['community_worker', 'community_secretary'],
  street: ['operator'],
  district: ['operator'],
};

/** Whoever handles the case now: its lead and assisting units, or the grid's own staff. */
export async function handlersOf(db: Executor, row: CaseRow): Promise<number[]> {
  return row.agency_id !== null
    ? unitUsers(db, row.street_id, [row.agency_id, ...row.assist_ids])
    : usersCovering(db, row.region_path, ['grid_worker', 'grid_leader']);
}

const SUPERVISION_ORDER: Supervision[] = ['none', 'normal', 'yellow', 'red'];
const atLeast = (s: Supervision, min: Supervision) =>
  SUPERVISION_ORDER.indexOf(s) >= SUPERVISION_ORDER.indexOf(min) ? s : min;

async function fire(db: Executor, kind: TimerKind, row: CaseRow): Promise<void> {
  const stage = kind.startsWith('sign') ? 'sign' : 'handle';
  const waiting = kind.startsWith('sign')
    ? row.status === 'dispatched'
    : ['dispatched', 'handling'].includes(row.status);
  if (!waiting) return; // the case moved on since the timer was planned
  const no = caseNo(row.created_at, row.id);
  const stageName = stage === 'sign' ? '签收' : '办理';
  let event: string;
  let notice: NoticeKind;
  let recipients = await handlersOf(db, row);
  const patch: { supervision?: Supervision; level?: CaseLevel } = {};
  if (kind.endsWith('warning')) {
    event = 'warning';
    notice = 'warning';
  } else if (kind.endsWith('overdue')) {
    event = 'overdue';
    notice = 'overdue';
    recipients = [...recipients, ...(await usersCovering(db, row.region_path, DISPATCHERS[row.level]))];
    if (kind === 'handle_overdue') patch.supervision = atLeast(row.supervision, 'yellow');
  } else {
    event = 'auto_escalate';
    notice = 'overdue';
    const next = caseLevels[Math.min(caseLevels.indexOf(row.level) + 1, caseLevels.indexOf('street'))] ?? 'street';
    patch.level = next;
    patch.supervision = 'red';
    recipients = [...recipients, ...(await usersCovering(db, row.region_path, DISPATCHERS[next]))];
  }
  if (patch.level || patch.supervision)
    await db.updateTable('cases').set(patch).where('street_id', '=', row.street_id).where('id', '=', row.id).execute();
  await db
    .insertInto('case_events')
    .values({
      street_id: row.street_id,
      case_id: row.id,
      actor_id: null,
      actor_name: '系统',
      action: event,
      from_status: row.status,
      to_status: row.status,
      note:
        event === 'warning'
          ? `${stageName}时限已用去八成，请抓紧办理`
          : event === 'overdue'
            ? `已超过${stageName}时限`
            : `超期未办结，已升级至上一级督办（红牌）`,
      detail: JSON.stringify({ stage, ...patch }),
    })
    .execute();
  const title = event === 'warning' ? '案件临期预警' : event === 'overdue' ? '案件已超期' : '案件超期升级督办';
  await notify(db, recipients, {
    kind: notice,
    streetId: row.street_id,
    caseId: row.id,
    title,
    body: `${no} ${row.title}：${stageName}${event === 'warning' ? '即将到期' : '已超期'}`,
  });
}

/**
 * Fires every timer due by `now`, a batch per transaction. Each timer is locked (SKIP LOCKED:
 * several servers share the work) and marked fired in the transaction that acts on it, so a
 * crash or restart neither loses nor repeats one. Returns how many fired.
 */
export async function fireDueTimers(db: Db, now = new Date(), batch = 200): Promise<number> {
  // street by street: a locking read stays on one shard on Citus
  const streets = await db
    .selectFrom('case_timers')
    .select('street_id')
    .distinct()
    .where('fired_at', 'is', null)
    .where('due_at', '<=', now)
    .execute();
  let total = 0;
  for (const { street_id: streetId } of streets) total += await fireStreetTimers(db, streetId, now, batch);
  return total;
}

async function fireStreetTimers(db: Db, streetId: string, now: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const fired = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('case_timers')
        .select(['id', 'street_id', 'case_id', 'kind'])
        .where('street_id', '=', streetId)
        .where('fired_at', 'is', null)
        .where('due_at', '<=', now)
        .orderBy('due_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const t of due) {
        const row = await loadCase(trx, t.case_id, t.street_id);
        if (row) await fire(trx, t.kind, row);
      }
      if (due.length)
        await trx
          .updateTable('case_timers')
          .set({ fired_at: sql<Date>`now()` })
          .where('street_id', '=', streetId)
          .where(
            'id',
            'in',
            due.map((t) => t.id),
          )
          .execute();
      return due.length;
    });
    total += fired;
    if (fired < batch) return total;
  }
}

export type Scheduler = { stop(): Promise<void> };

/**
 * Runs the deadline clock every `intervalMs` (the manifest's job `cases.clock` is this, started by
 * the server). Timers live in the database, so a restart picks up exactly where it stopped.
 */
export function startScheduler(db: Db, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): Scheduler {
  return every(opts.intervalMs ?? 1000, () => fireDueTimers(db), opts.onError ?? (() => undefined));
}
