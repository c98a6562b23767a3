import { sql, type Kysely } from 'kysely';

/**
 * 民主评议党员 and 评选表彰: a branch's yearly review (each member's self-assessment, the members' mutual ratings, the
 * branch's final grades within the share limit it set) and the civility awards (nominations, review, a public vote
 * or the committee's decision, a publicity period).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE member_reviews (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      org_id bigint NOT NULL,
      year integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      excellent_max integer NOT NULL CHECK (excellent_max BETWEEN 1 AND 100),
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
      created_by bigint REFERENCES users (id),
      closed_at timestamptz,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, org_id, year),
      FOREIGN KEY (street_id, org_id) REFERENCES party_orgs (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE member_review_entries (
      street_id text NOT NULL,
      review_id bigint NOT NULL,
      member_id bigint NOT NULL,
      self_grade text CHECK (self_grade IN ('excellent', 'qualified', 'basic', 'unqualified')),
      self_text text CHECK (length(self_text) <= 2000),
      final_grade text CHECK (final_grade IN ('excellent', 'qualified', 'basic', 'unqualified')),
      PRIMARY KEY (street_id, review_id, member_id),
      FOREIGN KEY (street_id, review_id) REFERENCES member_reviews (street_id, id),
      FOREIGN KEY (street_id, member_id) REFERENCES party_members (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE member_review_ratings (
      street_id text NOT NULL,
      review_id bigint NOT NULL,
      rater_member_id bigint NOT NULL,
      member_id bigint NOT NULL,
      grade text NOT NULL CHECK (grade IN ('excellent', 'qualified', 'basic', 'unqualified')),
      PRIMARY KEY (street_id, review_id, rater_member_id, member_id),
      CHECK (rater_member_id <> member_id),
      FOREIGN KEY (street_id, review_id, member_id) REFERENCES member_review_entries (street_id, review_id, member_id)
    )`.execute(db);
  await sql`
    CREATE TABLE awards (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      kind text NOT NULL CHECK (kind IN ('five_good_family', 'civil_courtyard', 'best_volunteer')),
      year integer NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      quota integer NOT NULL CHECK (quota BETWEEN 1 AND 100),
      decide text NOT NULL CHECK (decide IN ('vote', 'committee')),
      nominate_until date NOT NULL,
      vote_until date NOT NULL,
      publicity_days integer NOT NULL CHECK (publicity_days BETWEEN 1 AND 30),
      publicity_until date,
      notice_id bigint,
      created_by bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      CHECK (nominate_until <= vote_until)
    )`.execute(db);
  await sql`
    CREATE TABLE award_nominees (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      award_id bigint NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
      reason text NOT NULL CHECK (length(reason) BETWEEN 5 AND 1000),
      nominated_by bigint REFERENCES users (id),
      state text NOT NULL DEFAULT 'nominated' CHECK (state IN ('nominated', 'accepted', 'rejected', 'awarded')),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, award_id, name),
      FOREIGN KEY (street_id, award_id) REFERENCES awards (street_id, id),
      CHECK (state <> 'rejected' OR note IS NOT NULL)
    )`.execute(db);
  await sql`
    CREATE TABLE award_votes (
      street_id text NOT NULL,
      award_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      nominee_id bigint NOT NULL,
      PRIMARY KEY (street_id, award_id, user_id, nominee_id),
      FOREIGN KEY (street_id, nominee_id) REFERENCES award_nominees (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'award_votes',
    'award_nominees',
    'awards',
    'member_review_ratings',
    'member_review_entries',
    'member_reviews',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
