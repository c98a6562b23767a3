import { sql, type Kysely } from 'kysely';

/**
 * Imports no longer stage their rows: they are checked and written batch by batch inside the
 * import's one transaction (see import/importer.ts), so the staging table goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE registry_import_rows`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE registry_import_rows (
      street_id text NOT NULL,
      import_id bigint NOT NULL,
      row_no integer NOT NULL,
      community_code text NOT NULL,
      grid_code text NOT NULL,
      grid_path text NOT NULL,
      estate text,
      building text NOT NULL,
      address text,
      lng double precision,
      lat double precision,
      unit text NOT NULL,
      room text NOT NULL,
      area numeric(10, 2),
      occupancy text NOT NULL,
      household text NOT NULL,
      relation text,
      name text NOT NULL,
      id_cipher text NOT NULL,
      id_hash text NOT NULL,
      phone_cipher text,
      phone_hash text,
      sex text NOT NULL,
      birth_date date NOT NULL,
      residence_type text NOT NULL,
      tags text[] NOT NULL,
      search text NOT NULL,
      PRIMARY KEY (street_id, import_id, row_no)
    )`.execute(db);
}
