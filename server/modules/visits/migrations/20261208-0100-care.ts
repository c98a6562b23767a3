import { sql, type Kysely } from 'kysely';

/**
 * Care (关爱): care subjects with their plan (level by hand with a reason, services, an emergency
 * contact sealed), pair-up helpers (结对帮扶) and their care visits; care devices (关护通) of vendors
 * whose keys sign each request, their alarms (each with the urgent case it opened) and the
 * signatures seen in the last minutes (replays refused). The case categories 关爱帮扶 / 关护设备告警
 * are added to streets that have categories already (new streets get them from the cases' seed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE care_subjects (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      resident_id bigint NOT NULL,
      household_id bigint NOT NULL,
      grid_path text NOT NULL,
      level_auto text CHECK (level_auto IN ('high', 'key', 'general')),
      level_override text CHECK (level_override IN ('high', 'key', 'general')),
      override_reason text CHECK (length(override_reason) <= 200),
      services text[] NOT NULL DEFAULT '{}',
      emergency_name text,
      emergency_phone_cipher text,
      note text NOT NULL DEFAULT '',
      escalated_for date,
      notified_for date,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, resident_id),
      FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id),
      CHECK (level_auto IS NOT NULL OR level_override IS NOT NULL OR NOT active)
    )`.execute(db);
  await sql`CREATE INDEX care_subjects_grid ON care_subjects (street_id, grid_path text_pattern_ops) WHERE active`.execute(
    db,
  );
  await sql`
    CREATE TABLE care_helpers (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      subject_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('party_member', 'volunteer', 'building_leader', 'neighbour', 'grid_worker')),
      user_id bigint REFERENCES users (id),
      resident_id bigint,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 30),
      since date NOT NULL DEFAULT current_date,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, subject_id) REFERENCES care_subjects (street_id, id),
      CHECK (user_id IS NOT NULL OR resident_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX care_helpers_subject ON care_helpers (street_id, subject_id) WHERE active`.execute(db);
  await sql`CREATE INDEX care_helpers_user ON care_helpers (user_id) WHERE active AND user_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE care_checkins (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      subject_id bigint NOT NULL,
      helper_id bigint NOT NULL,
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('home', 'phone', 'video', 'door')),
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, subject_id) REFERENCES care_subjects (street_id, id),
      FOREIGN KEY (street_id, helper_id) REFERENCES care_helpers (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX care_checkins_subject ON care_checkins (street_id, subject_id, at)`.execute(db);
  await sql`
    CREATE TABLE care_vendors (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 60),
      key_id text NOT NULL,
      secret_cipher text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, key_id)
    )`.execute(db);
  await sql`
    CREATE TABLE care_devices (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      vendor_id bigint NOT NULL,
      serial text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sos', 'smoke', 'gas', 'water', 'door', 'fall', 'heart_rate')),
      resident_id bigint NOT NULL,
      household_id bigint NOT NULL,
      grid_path text NOT NULL,
      heartbeat_minutes integer NOT NULL DEFAULT 60 CHECK (heartbeat_minutes BETWEEN 1 AND 1440),
      last_heartbeat_at timestamptz,
      installed_on date NOT NULL DEFAULT current_date,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, vendor_id, serial),
      FOREIGN KEY (street_id, vendor_id) REFERENCES care_vendors (street_id, id),
      FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX care_devices_grid ON care_devices (street_id, grid_path text_pattern_ops) WHERE active`.execute(
    db,
  );
  await sql`
    CREATE TABLE care_alarms (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      device_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sos', 'smoke', 'gas', 'water', 'door', 'fall', 'heart_rate', 'offline')),
      vendor_alarm_id text,
      grid_path text NOT NULL,
      detail text NOT NULL DEFAULT '',
      raised_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      case_id bigint,
      repeats integer NOT NULL DEFAULT 0,
      last_repeat_at timestamptz,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
      acknowledged_at timestamptz,
      acknowledged_by bigint REFERENCES users (id),
      closed_at timestamptz,
      note text NOT NULL DEFAULT '',
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, device_id) REFERENCES care_devices (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX care_alarms_vendor_id ON care_alarms (street_id, device_id, vendor_alarm_id)
    WHERE vendor_alarm_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX care_alarms_open ON care_alarms (street_id, device_id, kind, raised_at)
    WHERE status <> 'closed'`.execute(db);
  await sql`CREATE INDEX care_alarms_grid ON care_alarms (street_id, grid_path text_pattern_ops, raised_at)`.execute(
    db,
  );
  await sql`
    CREATE TABLE care_signatures (
      street_id text NOT NULL REFERENCES regions (code),
      signature text NOT NULL,
      seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, signature)
    )`.execute(db);
  // the case categories the alarms and care matters go to, for streets seeded before them
  const rows = await sql<{ street_id: string; has: boolean }>`
    SELECT street_id, bool_or(code = 'care') AS has FROM case_categories GROUP BY street_id`.execute(db);
  const streets = rows.rows.filter((r) => !r.has);
  for (const s of streets) {
    const care = await sql<{ id: string }>`
      INSERT INTO case_categories (street_id, code, parent_id, name, tier, sign_limit, sign_unit, handle_limit,
        handle_unit, handler_kind)
      VALUES (${s.street_id}, 'care', NULL, '关爱帮扶', 'household', 1, 'working_days', 3, 'working_days', 'grid')
      RETURNING id`.execute(db);
    await sql`
      INSERT INTO case_categories (street_id, code, parent_id, name, tier, sign_limit, sign_unit, handle_limit,
        handle_unit, handler_kind)
      VALUES (${s.street_id}, 'care.alarm', ${care.rows[0]?.id}, '关护设备告警', 'household', 1, 'hours', 2, 'hours',
        'grid')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['care_signatures', 'care_alarms', 'care_devices', 'care_vendors', 'care_checkins', 'care_helpers'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  await sql`DROP TABLE care_subjects`.execute(db);
}
