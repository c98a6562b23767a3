import { sql, type Kysely } from 'kysely';

/**
 * 业主共同决定 (module `votes`, docs/RULES.md "Owners' votes"): a vote of an estate's owners with its items (each one
 * of the nine matters of Civil Code art. 278), the electorate as it stood when the vote opened (units with their
 * exclusive area and whose vote they carry; voters with a pseudonym for the published ballot file), ballots by
 * channel (online, paper confirmed by a second person, written proxy) with their history, and the scans and
 * authorisations on file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE owner_votes (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      estate_id bigint NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
      meeting_id bigint,
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
      non_voters_with_majority boolean NOT NULL DEFAULT false,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
      snapshot_at timestamptz NOT NULL DEFAULT now(),
      result jsonb,
      notice_id bigint,
      closed_at timestamptz,
      closed_by bigint REFERENCES users (id),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, estate_id) REFERENCES estates (street_id, id),
      FOREIGN KEY (street_id, meeting_id) REFERENCES meetings (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX owner_votes_community ON owner_votes (street_id, community_code, opens_at)`.execute(db);
  await sql`
    CREATE TABLE owner_vote_items (
      street_id text NOT NULL REFERENCES regions (code),
      vote_id bigint NOT NULL,
      no smallint NOT NULL CHECK (no BETWEEN 1 AND 20),
      matter smallint NOT NULL CHECK (matter BETWEEN 1 AND 9),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
      PRIMARY KEY (street_id, vote_id, no),
      FOREIGN KEY (street_id, vote_id) REFERENCES owner_votes (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE owner_vote_voters (
      street_id text NOT NULL REFERENCES regions (code),
      vote_id bigint NOT NULL,
      voter text NOT NULL,
      pseudonym text NOT NULL,
      developer boolean NOT NULL DEFAULT false,
      owner_names text NOT NULL,
      resident_ids bigint[] NOT NULL DEFAULT '{}',
      delegate_resident_id bigint,
      PRIMARY KEY (street_id, vote_id, voter),
      UNIQUE (street_id, vote_id, pseudonym),
      FOREIGN KEY (street_id, vote_id) REFERENCES owner_votes (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX owner_vote_voters_residents ON owner_vote_voters USING gin (resident_ids)`.execute(db);
  await sql`
    CREATE TABLE owner_vote_units (
      street_id text NOT NULL REFERENCES regions (code),
      vote_id bigint NOT NULL,
      house_id bigint NOT NULL,
      label text NOT NULL,
      area numeric(12, 4) NOT NULL CHECK (area > 0),
      area_source text NOT NULL CHECK (area_source IN ('registered', 'surveyed', 'contract')),
      voter text NOT NULL,
      PRIMARY KEY (street_id, vote_id, house_id),
      FOREIGN KEY (street_id, vote_id, voter) REFERENCES owner_vote_voters (street_id, vote_id, voter)
    )`.execute(db);
  await sql`
    CREATE TABLE owner_vote_files (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      vote_id bigint NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      mime text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
      size integer NOT NULL CHECK (size > 0),
      data bytea NOT NULL,
      uploaded_by bigint REFERENCES users (id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, vote_id) REFERENCES owner_votes (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE owner_ballots (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      vote_id bigint NOT NULL,
      item_no smallint NOT NULL,
      voter text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('online', 'paper', 'proxy')),
      choice text NOT NULL CHECK (choice IN ('agree', 'oppose', 'abstain')),
      state text NOT NULL CHECK (state IN ('pending', 'counted', 'replaced', 'set_aside')),
      cast_by bigint NOT NULL REFERENCES users (id),
      confirmed_by bigint REFERENCES users (id),
      confirmed_at timestamptz,
      file_id bigint,
      proxy_name text CHECK (length(proxy_name) BETWEEN 2 AND 50),
      set_aside_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, vote_id, item_no) REFERENCES owner_vote_items (street_id, vote_id, no),
      FOREIGN KEY (street_id, vote_id, voter) REFERENCES owner_vote_voters (street_id, vote_id, voter),
      FOREIGN KEY (street_id, file_id) REFERENCES owner_vote_files (street_id, id),
      CHECK (channel = 'online' OR file_id IS NOT NULL),
      CHECK (channel <> 'proxy' OR proxy_name IS NOT NULL),
      CHECK (state <> 'pending' OR channel = 'paper')
    )`.execute(db);
  // one counted ballot per owner, item and channel (a later one replaces it), and one paper entry awaiting its check
  await sql`CREATE UNIQUE INDEX owner_ballots_counted ON owner_ballots (street_id, vote_id, item_no, voter, channel)
    WHERE state = 'counted'`.execute(db);
  await sql`CREATE UNIQUE INDEX owner_ballots_pending ON owner_ballots (street_id, vote_id, item_no, voter)
    WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX owner_ballots_vote ON owner_ballots (street_id, vote_id, voter)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['owner_ballots', 'owner_vote_files', 'owner_vote_units', 'owner_vote_voters', 'owner_vote_items'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  await sql`DROP TABLE owner_votes`.execute(db);
}
