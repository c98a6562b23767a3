import { sql, type Kysely } from 'kysely';

/**
 * The menu service (居民点单 → 社区交单 → 单位领单 → 党员接单): a resident orders one of the community's
 * services (a resource of kind `service`); the community passes it on to a unit, which takes it (or
 * declines, with a reason, and it goes back to the community) and assigns a party member or volunteer,
 * who delivers; the resident confirms and rates. Each step has a deadline on the working-day calendar;
 * `menu_order_steps` keeps who did what, when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE menu_orders (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      resource_id bigint NOT NULL,
      orderer_id bigint NOT NULL REFERENCES users (id),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
      state text NOT NULL DEFAULT 'ordered'
        CHECK (state IN ('ordered', 'passed', 'taken', 'assigned', 'delivered', 'rated', 'cancelled')),
      agency_id bigint,
      assignee_id bigint REFERENCES users (id),
      step_started_at timestamptz NOT NULL DEFAULT now(),
      step_due_at timestamptz NOT NULL,
      rating integer CHECK (rating BETWEEN 1 AND 5),
      rating_comment text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, resource_id) REFERENCES resources (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX menu_orders_community ON menu_orders (street_id, community_code, state)`.execute(db);
  await sql`CREATE INDEX menu_orders_agency ON menu_orders (street_id, agency_id, state)`.execute(db);
  await sql`CREATE INDEX menu_orders_orderer ON menu_orders (orderer_id)`.execute(db);
  await sql`
    CREATE TABLE menu_order_steps (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      order_id bigint NOT NULL,
      step text NOT NULL CHECK (step IN ('order', 'pass', 'take', 'decline', 'assign', 'deliver', 'rate', 'cancel')),
      actor_id bigint REFERENCES users (id),
      note text NOT NULL DEFAULT '',
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, order_id) REFERENCES menu_orders (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX menu_order_steps_order ON menu_order_steps (street_id, order_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE menu_order_steps`.execute(db);
  await sql`DROP TABLE menu_orders`.execute(db);
}
