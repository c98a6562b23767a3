import { sql, type Kysely } from 'kysely';

/**
 * The rest of 《志愿服务记录与证明出具办法》: a volunteer linked to their registry record (real name and ID for the
 * certificate), the training, award and evaluation records beside the service records, who may join an activity
 * (residents' tags, age), certificates (志愿服务记录证明) as issued — a snapshot, so the PDF printed again is the
 * same paper — and the time bank: an account's unit is points or minutes of service, goods priced in minutes are
 * services (never cash).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE volunteers ADD COLUMN resident_id bigint`.execute(db);
  await sql`ALTER TABLE volunteers ADD CONSTRAINT volunteers_resident_fk
    FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX volunteers_resident ON volunteers (street_id, resident_id)
    WHERE resident_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX volunteers_community ON volunteers (street_id, community_code)`.execute(db);
  // the party group inside a team: an organisation of the party module's tree (a 党小组 or a branch)
  await sql`ALTER TABLE volunteer_teams ADD COLUMN party_org_id bigint`.execute(db);
  await sql`ALTER TABLE volunteer_teams ADD CONSTRAINT volunteer_teams_party_org_fk
    FOREIGN KEY (street_id, party_org_id) REFERENCES party_orgs (street_id, id)`.execute(db);
  await sql`
    CREATE TABLE volunteer_records (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      volunteer_id bigint NOT NULL,
      community_code text NOT NULL REFERENCES regions (code),
      kind text NOT NULL CHECK (kind IN ('training', 'award', 'evaluation')),
      on_date date NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
      hours numeric(6, 2) CHECK (hours IS NULL OR hours > 0),
      grade text CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
      recorded_by bigint REFERENCES users (id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, volunteer_id) REFERENCES volunteers (street_id, id),
      CHECK ((kind = 'evaluation') = (grade IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX volunteer_records_volunteer ON volunteer_records (street_id, volunteer_id, on_date DESC)`.execute(
    db,
  );
  await sql`ALTER TABLE activities ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`.execute(db);
  // organised by a co-building unit (its agency), the community recording it on the unit's behalf
  await sql`ALTER TABLE activities ADD COLUMN unit_id bigint`.execute(db);
  await sql`ALTER TABLE activities ADD CONSTRAINT activities_unit_fk
    FOREIGN KEY (street_id, unit_id) REFERENCES agencies (street_id, id)`.execute(db);
  await sql`ALTER TABLE activities ADD COLUMN min_age integer CHECK (min_age BETWEEN 0 AND 120)`.execute(db);
  await sql`ALTER TABLE activities ADD COLUMN max_age integer CHECK (max_age BETWEEN 0 AND 120)`.execute(db);
  await sql`
    CREATE TABLE certificates (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      cert_no text NOT NULL,
      verify_code text NOT NULL,
      volunteer_id bigint NOT NULL,
      community_code text NOT NULL REFERENCES regions (code),
      issuer text NOT NULL,
      principal text NOT NULL CHECK (length(principal) BETWEEN 2 AND 20),
      handler_id bigint NOT NULL REFERENCES users (id),
      handler text NOT NULL,
      contact text NOT NULL CHECK (length(contact) BETWEEN 5 AND 30),
      holder_name text NOT NULL,
      id_type text NOT NULL,
      id_masked text NOT NULL,
      volunteer_no text NOT NULL,
      period_from date NOT NULL,
      period_to date NOT NULL,
      hours numeric(8, 2) NOT NULL CHECK (hours > 0),
      content jsonb NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoke_reason text,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, cert_no),
      FOREIGN KEY (street_id, volunteer_id) REFERENCES volunteers (street_id, id),
      CHECK (period_to >= period_from)
    )`.execute(db);
  await sql`CREATE INDEX certificates_community ON certificates (street_id, community_code, issued_at DESC)`.execute(
    db,
  );
  await sql`ALTER TABLE points_accounts ADD COLUMN unit text NOT NULL DEFAULT 'points'
    CHECK (unit IN ('points', 'minutes'))`.execute(db);
  await sql`DROP INDEX points_accounts_holder`.execute(db);
  await sql`DROP INDEX points_accounts_community`.execute(db);
  await sql`CREATE UNIQUE INDEX points_accounts_holder ON points_accounts (street_id, user_id, unit)
    WHERE kind = 'holder'`.execute(db);
  await sql`CREATE UNIQUE INDEX points_accounts_community ON points_accounts (street_id, community_code, kind, unit)
    WHERE kind <> 'holder'`.execute(db);
  await sql`ALTER TABLE store_goods ADD COLUMN unit text NOT NULL DEFAULT 'points'
    CHECK (unit IN ('points', 'minutes'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE store_goods DROP COLUMN unit`.execute(db);
  await sql`DROP INDEX points_accounts_holder`.execute(db);
  await sql`DROP INDEX points_accounts_community`.execute(db);
  await sql`DELETE FROM points_entries e USING points_accounts a
    WHERE a.street_id = e.street_id AND a.id = e.account_id AND a.unit = 'minutes'`.execute(db);
  await sql`DELETE FROM points_accounts WHERE unit = 'minutes'`.execute(db);
  await sql`ALTER TABLE points_accounts DROP COLUMN unit`.execute(db);
  await sql`CREATE UNIQUE INDEX points_accounts_holder ON points_accounts (street_id, user_id) WHERE kind = 'holder'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX points_accounts_community ON points_accounts (street_id, community_code, kind)
    WHERE kind <> 'holder'`.execute(db);
  await sql`DROP TABLE certificates`.execute(db);
  for (const c of ['unit_id', 'max_age', 'min_age', 'tags'])
    await sql`ALTER TABLE activities DROP COLUMN ${sql.ref(c)}`.execute(db);
  await sql`DROP TABLE volunteer_records`.execute(db);
  await sql`ALTER TABLE volunteer_teams DROP CONSTRAINT volunteer_teams_party_org_fk`.execute(db);
  await sql`ALTER TABLE volunteer_teams DROP COLUMN party_org_id`.execute(db);
  await sql`DROP INDEX volunteers_community`.execute(db);
  await sql`DROP INDEX volunteers_resident`.execute(db);
  await sql`ALTER TABLE volunteers DROP CONSTRAINT volunteers_resident_fk`.execute(db);
  await sql`ALTER TABLE volunteers DROP COLUMN resident_id`.execute(db);
}
