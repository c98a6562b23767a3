import { sql, type Kysely } from 'kysely';

/**
 * The points ledger (积分, seeds/004 "微积分") and the store (积分超市). Double-entry: a transaction is two
 * or more entries that sum to zero across accounts; an account's `balance` is the sum of its entries, kept in
 * the same transaction as they are written, and a holder's never goes below zero. A source record earns
 * points once (unique per source); a request's idempotency key moves points once; a correction is a reversing
 * transaction (once per transaction), never an edit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE points_accounts (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      kind text NOT NULL CHECK (kind IN ('holder', 'issuing', 'store', 'expiry')),
      user_id bigint REFERENCES users (id),
      balance bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      CHECK ((kind = 'holder') = (user_id IS NOT NULL)),
      CHECK (kind IN ('issuing', 'expiry') OR balance >= 0)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX points_accounts_holder ON points_accounts (street_id, user_id) WHERE kind = 'holder'`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX points_accounts_community ON points_accounts (street_id, community_code, kind)
    WHERE kind <> 'holder'`.execute(db);
  await sql`
    CREATE TABLE points_transactions (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      kind text NOT NULL CHECK (kind IN ('earn', 'award', 'redeem', 'return', 'reverse', 'expire')),
      source_kind text,
      source_id text,
      idempotency_key text CHECK (length(idempotency_key) BETWEEN 8 AND 80),
      reverses_id bigint,
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, reverses_id) REFERENCES points_transactions (street_id, id),
      CHECK ((kind = 'reverse') = (reverses_id IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX points_transactions_source ON points_transactions (street_id, source_kind, source_id)
    WHERE kind = 'earn'`.execute(db);
  await sql`CREATE UNIQUE INDEX points_transactions_key ON points_transactions (street_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX points_transactions_reverses ON points_transactions (street_id, reverses_id)
    WHERE reverses_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE points_entries (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      transaction_id bigint NOT NULL,
      account_id bigint NOT NULL,
      amount bigint NOT NULL CHECK (amount <> 0),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, transaction_id) REFERENCES points_transactions (street_id, id),
      FOREIGN KEY (street_id, account_id) REFERENCES points_accounts (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX points_entries_account ON points_entries (street_id, account_id, id DESC)`.execute(db);
  await sql`CREATE INDEX points_entries_transaction ON points_entries (street_id, transaction_id)`.execute(db);
  await sql`
    CREATE TABLE store_goods (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
      price integer NOT NULL CHECK (price > 0),
      stock integer NOT NULL CHECK (stock >= 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE redemptions (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      goods_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 20),
      points bigint NOT NULL CHECK (points > 0),
      state text NOT NULL DEFAULT 'reserved' CHECK (state IN ('reserved', 'picked_up', 'cancelled')),
      pickup_code text NOT NULL,
      transaction_id bigint NOT NULL,
      expires_at timestamptz NOT NULL,
      done_at timestamptz,
      done_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, goods_id) REFERENCES store_goods (street_id, id),
      FOREIGN KEY (street_id, transaction_id) REFERENCES points_transactions (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX redemptions_user ON redemptions (street_id, user_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX redemptions_reserved ON redemptions (street_id, expires_at) WHERE state = 'reserved'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['redemptions', 'store_goods', 'points_entries', 'points_transactions', 'points_accounts'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
