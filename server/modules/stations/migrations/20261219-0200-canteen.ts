import { sql, type Kysely } from 'kysely';

/**
 * 长者食堂 meals served: who ate (by name, and the care subject when the visits module knows them), which meal of
 * which day, what they paid and the subsidy — subsidies are sensitive (docs/RULES.md "Personal information"), so lists
 * mask the names. One diner is served one lunch and one dinner a day at a canteen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE canteen_meals (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      station_id bigint NOT NULL,
      served_on date NOT NULL,
      meal text NOT NULL CHECK (meal IN ('lunch', 'dinner')),
      diner text NOT NULL CHECK (length(diner) BETWEEN 1 AND 30),
      care_subject_id bigint,
      price numeric(8, 2) NOT NULL CHECK (price >= 0),
      subsidy numeric(8, 2) NOT NULL DEFAULT 0 CHECK (subsidy >= 0 AND price + subsidy <= 100),
      served_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      CONSTRAINT canteen_meals_once UNIQUE (street_id, station_id, served_on, meal, diner),
      FOREIGN KEY (street_id, station_id) REFERENCES stations (street_id, id),
      FOREIGN KEY (street_id, care_subject_id) REFERENCES care_subjects (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE canteen_meals`.execute(db);
}
