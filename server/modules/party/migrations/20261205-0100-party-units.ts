import { sql, type Kysely } from 'kysely';

/**
 * The alliance's units as the party module knows them (kind, contact, their own branch), their
 * quarterly reverse evaluation by communities (反向评价), the agreement's signed file, resolutions
 * a party member may claim, and organisations merged into another (history kept).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE party_units (
      street_id text NOT NULL REFERENCES regions (code),
      agency_id bigint NOT NULL,
      unit_kind text NOT NULL CHECK (unit_kind IN ('organ', 'institution', 'state_enterprise',
        'private_enterprise', 'social_org', 'property', 'school', 'hospital')),
      contact_name text CHECK (length(contact_name) BETWEEN 2 AND 30),
      contact_phone_cipher text,
      contact_phone_hash text,
      party_branch text CHECK (length(party_branch) BETWEEN 2 AND 60),
      party_members integer NOT NULL DEFAULT 0 CHECK (party_members >= 0),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, agency_id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE party_unit_reviews (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      agency_id bigint NOT NULL,
      quarter text NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
      fulfilment integer NOT NULL CHECK (fulfilment BETWEEN 0 AND 40),
      participation integer NOT NULL CHECK (participation BETWEEN 0 AND 30),
      response integer NOT NULL CHECK (response BETWEEN 0 AND 30),
      comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 500),
      reviewed_by bigint REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, community_code, agency_id, quarter),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`ALTER TABLE party_agreements ADD COLUMN file_mime text, ADD COLUMN file_data bytea`.execute(db);
  await sql`
    ALTER TABLE party_resolutions
      ADD COLUMN for_members boolean NOT NULL DEFAULT false,
      ADD COLUMN claimed_by bigint,
      ADD COLUMN claimed_at timestamptz`.execute(db);
  await sql`ALTER TABLE party_resolutions ADD CONSTRAINT party_resolutions_claimed_by_fkey
    FOREIGN KEY (street_id, claimed_by) REFERENCES party_members (street_id, id)`.execute(db);
  await sql`ALTER TABLE party_orgs ADD COLUMN merged_into bigint`.execute(db);
  await sql`ALTER TABLE party_org_events DROP CONSTRAINT party_org_events_kind_check`.execute(db);
  await sql`ALTER TABLE party_org_events ADD CONSTRAINT party_org_events_kind_check
    CHECK (kind IN ('created', 'renamed', 'moved', 'ended', 'merged'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE party_org_events DROP CONSTRAINT party_org_events_kind_check`.execute(db);
  await sql`ALTER TABLE party_org_events ADD CONSTRAINT party_org_events_kind_check
    CHECK (kind IN ('created', 'renamed', 'moved', 'ended'))`.execute(db);
  await sql`ALTER TABLE party_orgs DROP COLUMN merged_into`.execute(db);
  await sql`ALTER TABLE party_resolutions DROP CONSTRAINT party_resolutions_claimed_by_fkey`.execute(db);
  await sql`ALTER TABLE party_resolutions DROP COLUMN for_members, DROP COLUMN claimed_by, DROP COLUMN claimed_at`.execute(
    db,
  );
  await sql`ALTER TABLE party_agreements DROP COLUMN file_mime, DROP COLUMN file_data`.execute(db);
  await sql`DROP TABLE party_unit_reviews`.execute(db);
  await sql`DROP TABLE party_units`.execute(db);
}
