import { sql, type Kysely } from 'kysely';

/**
 * The party organisation: organisations in a tree (street working committee → community committee →
 * branches → groups), their history, officers, members, the community's posts (设岗定责), 双报到
 * registrations and members' service records. Street-owned, keyed on (street_id, …) for Citus.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE party_orgs (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      parent_id bigint,
      level text NOT NULL CHECK (level IN ('working_committee', 'committee', 'branch', 'group')),
      kind text NOT NULL DEFAULT 'general'
        CHECK (kind IN ('general', 'grid', 'estate', 'complex', 'unit', 'team', 'building')),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      estate_id bigint,
      building_id bigint,
      agency_id bigint,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, parent_id) REFERENCES party_orgs (street_id, id),
      FOREIGN KEY (street_id, estate_id) REFERENCES estates (street_id, id),
      FOREIGN KEY (street_id, building_id) REFERENCES buildings (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX party_orgs_tree ON party_orgs (street_id, region_path text_pattern_ops) WHERE active`.execute(
    db,
  );
  await sql`
    CREATE TABLE party_org_events (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      org_id bigint NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id bigint,
      kind text NOT NULL CHECK (kind IN ('created', 'renamed', 'moved', 'ended')),
      detail jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, org_id) REFERENCES party_orgs (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE party_members (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      org_id bigint NOT NULL,
      resident_id bigint,
      user_id bigint REFERENCES users (id),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 30),
      status text NOT NULL CHECK (status IN ('full', 'probationary')),
      joined_on date NOT NULL,
      relation text NOT NULL CHECK (relation IN ('local', 'in_service', 'floating')),
      category text NOT NULL CHECK (category IN ('in_service', 'retired', 'floating', 'retired_cadre')),
      household_marked boolean NOT NULL DEFAULT false,
      region_path text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, org_id) REFERENCES party_orgs (street_id, id),
      FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX party_members_resident ON party_members (street_id, resident_id)
    WHERE resident_id IS NOT NULL AND active`.execute(db);
  await sql`CREATE INDEX party_members_org ON party_members (street_id, org_id) WHERE active`.execute(db);
  await sql`CREATE INDEX party_members_user ON party_members (user_id) WHERE user_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE party_officers (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      org_id bigint NOT NULL,
      member_id bigint,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 30),
      post text NOT NULL CHECK (post IN ('secretary', 'deputy_secretary', 'organization', 'propaganda',
        'discipline', 'group_leader', 'member')),
      part_time boolean NOT NULL DEFAULT false,
      agency_id bigint,
      term_start date NOT NULL,
      term_end date,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, org_id) REFERENCES party_orgs (street_id, id),
      FOREIGN KEY (street_id, member_id) REFERENCES party_members (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      CHECK (term_end IS NULL OR term_end >= term_start)
    )`.execute(db);
  await sql`
    CREATE TABLE party_posts (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 20),
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, community_code, name)
    )`.execute(db);
  await sql`
    CREATE TABLE dual_registrations (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      member_id bigint NOT NULL,
      community_code text NOT NULL REFERENCES regions (code),
      employer text NOT NULL CHECK (length(employer) BETWEEN 2 AND 60),
      status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
      post_id bigint,
      note text NOT NULL DEFAULT '',
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by bigint,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, member_id) REFERENCES party_members (street_id, id),
      FOREIGN KEY (street_id, post_id) REFERENCES party_posts (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX dual_registrations_open ON dual_registrations (street_id, member_id)
    WHERE status IN ('requested', 'approved')`.execute(db);
  await sql`
    CREATE TABLE party_services (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      member_id bigint NOT NULL,
      served_on date NOT NULL,
      hours numeric(4, 1) NOT NULL CHECK (hours > 0 AND hours <= 24),
      what text NOT NULL CHECK (length(what) BETWEEN 2 AND 200),
      recorded_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, member_id) REFERENCES party_members (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX party_services_member ON party_services (street_id, member_id, served_on)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'party_services',
    'dual_registrations',
    'party_posts',
    'party_officers',
    'party_members',
    'party_org_events',
    'party_orgs',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
