import { sql, type Kysely } from 'kysely';

/** The outbox of domain events and who has received each (core/events.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE domain_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind ~ '^[a-z_]+\\.[a-z_]+$'),
      street_id text,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX domain_events_kind ON domain_events (kind, id)`.execute(db);
  await sql`
    CREATE TABLE event_deliveries (
      subscriber text NOT NULL,
      event_id bigint NOT NULL REFERENCES domain_events (id),
      delivered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subscriber, event_id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE event_deliveries`.execute(db);
  await sql`DROP TABLE domain_events`.execute(db);
}
