import { sql, type Kysely } from 'kysely';

/**
 * The inbox becomes a module of its own (it was created inside the cases' first migration) and
 * keys on the street, as every street-owned table does: (street_id, id), the digest per street,
 * and a `link` (the console path of what a notice is about) so that every module can notify.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM notifications WHERE street_id IS NULL`.execute(db);
  await sql`ALTER TABLE notifications ALTER COLUMN street_id SET NOT NULL`.execute(db);
  await sql`ALTER TABLE notifications ADD COLUMN link text CHECK (link ~ '^/[a-z0-9/_-]{0,200}$')`.execute(db);
  await sql`UPDATE notifications SET link = '/cases/' || case_id WHERE case_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_pkey`.execute(db);
  await sql`ALTER TABLE notifications ADD PRIMARY KEY (street_id, id)`.execute(db);
  await sql`DROP INDEX notifications_digest`.execute(db);
  await sql`
    CREATE UNIQUE INDEX notifications_digest ON notifications (street_id, user_id, digest_key)
    WHERE read_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX notifications_digest`.execute(db);
  await sql`CREATE UNIQUE INDEX notifications_digest ON notifications (user_id, digest_key) WHERE read_at IS NULL`.execute(
    db,
  );
  await sql`ALTER TABLE notifications DROP CONSTRAINT notifications_pkey`.execute(db);
  await sql`ALTER TABLE notifications ADD PRIMARY KEY (id)`.execute(db);
  await sql`ALTER TABLE notifications DROP COLUMN link`.execute(db);
  await sql`ALTER TABLE notifications ALTER COLUMN street_id DROP NOT NULL`.execute(db);
}
