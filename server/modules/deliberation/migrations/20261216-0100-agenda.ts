import { sql, type Kysely } from 'kysely';

/**
 * A meeting's agenda planned before it is held (议程): the community's topics (their title kept as it was when
 * planned) and items in words, in order — what the invitation says and the meeting's page shows beside the steps
 * the topics took at it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meetings ADD COLUMN agenda jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meetings DROP COLUMN agenda`.execute(db);
}
