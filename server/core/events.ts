import { sql, type ColumnType, type Generated } from 'kysely';
import type { Db, Executor, Trx } from './db.js';
import { every, type Running } from './jobs.js';

/**
 * Domain events after commit (a transactional outbox). A module publishes an event in the same
 * transaction as the change it announces (`publish`), so that the event exists exactly when the
 * change does; the dispatcher then hands it to every module that subscribes, each in a
 * transaction of its own that also records the delivery — at least once, in publication order
 * per subscriber, surviving restarts (undelivered events simply wait in the table). Handlers
 * must be idempotent: a delivery can be repeated when a process dies between the handler's work
 * and its commit on another connection. Later modules react to earlier ones only this way.
 */
export type DomainEventsTable = {
  id: Generated<number>;
  kind: string;
  street_id: string | null;
  payload: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, never, never>;
};

export type EventDeliveriesTable = {
  subscriber: string;
  event_id: number;
  delivered_at: ColumnType<Date, never, never>;
};

declare module './tables.js' {
  interface Tables {
    domain_events: DomainEventsTable;
    event_deliveries: EventDeliveriesTable;
  }
}

export type DomainEvent<P = unknown> = { id: number; kind: string; streetId: string | null; payload: P };

/** What a module does when an event arrives: in the delivery's transaction, idempotently. */
export type EventHandler = (trx: Trx, event: DomainEvent) => Promise<void>;

export type Subscriber = { name: string; handlers: Readonly<Record<string, EventHandler>> };

/** The modules that subscribe to events, as the dispatcher takes them. */
export function subscribersOf(
  modules: readonly { name: string; subscribes?: Readonly<Record<string, EventHandler>> }[],
): Subscriber[] {
  return modules.flatMap((m) => (m.subscribes ? [{ name: m.name, handlers: m.subscribes }] : []));
}

/** Writes an event in the caller's transaction: it is delivered once that transaction commits. */
export async function publish(
  trx: Executor,
  event: { kind: string; streetId?: string | null; payload: object },
): Promise<void> {
  await trx
    .insertInto('domain_events')
    .values({ kind: event.kind, street_id: event.streetId ?? null, payload: JSON.stringify(event.payload) })
    .execute();
}

/**
 * Delivers every waiting event to every subscriber, oldest first; returns how many deliveries it
 * made. A handler that fails stops that subscriber's queue (the event waits for the next round)
 * and is reported through `onError`; the other subscribers go on.
 */
export async function deliverPending(
  db: Db,
  subscribers: readonly Subscriber[],
  onError: (subscriber: string, event: DomainEvent, error: unknown) => void = () => undefined,
): Promise<number> {
  let delivered = 0;
  for (const s of subscribers) {
    const kinds = Object.keys(s.handlers);
    if (kinds.length === 0) continue;
    for (;;) {
      const waiting = await db
        .selectFrom('domain_events as e')
        .select(['e.id', 'e.kind', 'e.street_id', 'e.payload'])
        .where('e.kind', 'in', kinds)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('event_deliveries as d')
                .select('d.event_id')
                .where('d.subscriber', '=', s.name)
                .whereRef('d.event_id', '=', 'e.id'),
            ),
          ),
        )
        .orderBy('e.id')
        .limit(100)
        .execute();
      if (waiting.length === 0) break;
      let failed = false;
      for (const row of waiting) {
        const event: DomainEvent = { id: row.id, kind: row.kind, streetId: row.street_id, payload: row.payload };
        const handler = s.handlers[row.kind];
        if (!handler) continue;
        try {
          const done = await db.transaction().execute(async (trx) => {
            // claimed by inserting the delivery: a second dispatcher waits on the key, then finds it taken
            const claimed = await trx
              .insertInto('event_deliveries')
              .values({ subscriber: s.name, event_id: row.id })
              .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doNothing())
              .returning('event_id')
              .executeTakeFirst();
            if (!claimed) return false;
            await handler(trx, event);
            return true;
          });
          if (done) delivered++;
        } catch (error) {
          onError(s.name, event, error);
          failed = true;
          break;
        }
      }
      if (failed || waiting.length < 100) break;
    }
  }
  return delivered;
}

/** Events not yet delivered, per subscriber: the backlog `linli events` and the logs show. */
export async function eventBacklog(db: Executor, subscribers: readonly Subscriber[]) {
  const out: { subscriber: string; waiting: number }[] = [];
  for (const s of subscribers) {
    const kinds = Object.keys(s.handlers);
    if (kinds.length === 0) continue;
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM domain_events e
      WHERE e.kind IN (${sql.join(kinds)})
        AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.subscriber = ${s.name} AND d.event_id = e.id)`.execute(
      db,
    );
    out.push({ subscriber: s.name, waiting: r.rows[0]?.n ?? 0 });
  }
  return out;
}

/** Delivers waiting events every `intervalMs` (and at once when kicked) until stopped. */
export function startDispatcher(
  db: Db,
  subscribers: readonly Subscriber[],
  opts: { intervalMs?: number; onError?: (subscriber: string, event: DomainEvent, error: unknown) => void } = {},
): Running {
  return every(
    opts.intervalMs ?? 1000,
    () => deliverPending(db, subscribers, opts.onError),
    () => undefined,
  );
}
