import { sql, type Insertable } from 'kysely';
import type { Db } from '../../../core/db.js';
import { insertUnnest, type Cell } from '../../../core/bulk.js';
import type { CasesTable } from '../tables.js';
import { timerPlan } from '../timers.js';

export type Row = Insertable<CasesTable>;
export type Event = [action: string, at: Date, from: string | null, to: string];

const EVENT_TYPES = {
  street_id: 'text',
  case_id: 'int8',
  actor_id: 'int8',
  actor_name: 'text',
  action: 'text',
  from_status: 'text',
  to_status: 'text',
  note: 'text',
  at: 'timestamptz',
} as const;

/**
 * Writes the cases (500 a statement), then their timelines (arrays unnested: core/bulk.ts). The
 * planner is told how many cases there now are first: the timelines' foreign-key checks are
 * planned from the statistics, and a never-analysed table makes each one a scan (15 s instead of 1).
 */
export async function writeCases(db: Db, streetId: string, rows: Row[], stories: { events: Event[] }[]): Promise<void> {
  const events: Record<keyof typeof EVENT_TYPES, Cell>[] = [];
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500).map((r) => ({ ...r, updated_at: r.updated_at ?? r.created_at }));
    const ids = await db.insertInto('cases').values(batch).returning('id').execute();
    ids.forEach(({ id }, k) => {
      for (const [action, at, from, to] of stories[start + k]?.events ?? [])
        events.push({
          street_id: streetId,
          case_id: id,
          actor_id: null,
          actor_name: action === 'report' ? '上报人' : '演示数据',
          action,
          from_status: from,
          to_status: to,
          note: action === 'verify_fail' ? '现场核查仍有问题，返工' : action === 'handle' ? '已到场处置完毕' : null,
          at,
        });
    });
  }
  await sql`SELECT linli_analyze('cases')`.execute(db);
  await insertUnnest(db, 'case_events', EVENT_TYPES, events);
}

/** The deadline clock of the cases still open (those already past recorded as fired when due). */
export async function writeTimers(db: Db, streetId: string, now: Date): Promise<void> {
  const open = await db
    .selectFrom('cases')
    .select(['id', 'status', 'dispatched_at', 'sign_due_at', 'handle_started_at', 'handle_due_at'])
    .where('street_id', '=', streetId)
    .where('status', 'in', ['dispatched', 'handling'])
    .execute();
  const timers = open.flatMap((c) =>
    timerPlan(c, 0.8).map((t) => ({
      street_id: streetId,
      case_id: c.id,
      kind: t.kind,
      due_at: t.due_at,
      fired_at: t.due_at <= now ? t.due_at : null,
    })),
  );
  for (let s = 0; s < timers.length; s += 1000)
    await db
      .insertInto('case_timers')
      .values(timers.slice(s, s + 1000))
      .execute();
}
