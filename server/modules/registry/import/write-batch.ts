import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../../core/db.js';
import { publish } from '../../../core/events.js';
import { HOUSEHOLDS_CHANGED, type HouseholdsChanged } from '../events.js';
import { pgArray } from '../../../core/pg-array.js';
import type { ValidRow } from './validate.js';

/** A checked row with its sealed personal data and search words (absent while only checking). */
export type ReadyRow = Omit<ValidRow, 'idNumber' | 'phone'> & {
  /** The plain ID number and phone are dropped once sealed: a batch carries only ciphers and hashes. */
  idNumber: '';
  phone: null;
  /** The row's building as `buildingKey` names it, computed once. */
  place: string;
  idHash: string;
  sealed: { idCipher: string; phoneCipher: string | null; phoneHash: string | null; search: string } | null;
};

/** What a batch's rows already have in the database: the resident of each ID, the building of each place. */
export type Existing = {
  residents: Map<string, { id: number; name: string; householdId: number | null }>;
  buildings: Map<string, { gridCode: string | null }>;
};

export const estateKey = (r: ValidRow) => `${r.communityCode}|${r.estate ?? ''}`;
export const buildingKey = (r: ValidRow) => `${r.communityCode}|${r.estate ?? ''}|${r.building}`;

/** The first row of each key, in file order. */
function firstOf<T>(rows: T[], key: (r: T) => string): Map<string, T> {
  const first = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    if (!first.has(k)) first.set(k, r);
  }
  return first;
}

// Every lookup below is a LATERAL subquery with LIMIT 1: a probe of the unique index per row
// whatever the planner's statistics say (during an import they describe the tables as they were
// when it began, and a plain join would scan everything written since, batch after batch).

/**
 * The residents (by keyed ID hash) and the buildings (by community, estate and name) that a batch
 * names and that exist already; `buildingKeys` are the places not yet seen by this import.
 */
export async function lookUpExisting(
  db: Executor,
  streetId: string,
  rows: ReadyRow[],
  newPlaces: ValidRow[],
): Promise<Existing> {
  const residents = await sql<{ id_hash: string; id: number; name: string; household_id: number | null }>`
    SELECT r.id_hash, r.id, r.name, r.household_id
    FROM unnest(${pgArray(rows.map((r) => r.idHash))}::text[]) AS t(h)
    CROSS JOIN LATERAL (SELECT * FROM residents r WHERE r.street_id = ${streetId} AND r.id_hash = t.h LIMIT 1) r`.execute(
    db,
  );
  const buildings =
    newPlaces.length === 0
      ? { rows: [] }
      : await sql<{ ord: number; grid_code: string | null }>`
    SELECT t.ord::int AS ord, b.grid_code
    FROM unnest(${pgArray(newPlaces.map((r) => r.communityCode))}::text[], ${pgArray(newPlaces.map((r) => r.estate))}::text[],
      ${pgArray(newPlaces.map((r) => r.building))}::text[]) WITH ORDINALITY AS t(community_code, estate, name, ord)
    LEFT JOIN LATERAL (SELECT e.id FROM estates e WHERE e.street_id = ${streetId}
      AND e.community_code = t.community_code AND e.name = t.estate LIMIT 1) e ON true
    CROSS JOIN LATERAL (SELECT b.grid_code FROM buildings b WHERE b.street_id = ${streetId}
      AND b.community_code = t.community_code AND b.estate_key = CASE WHEN t.estate IS NULL THEN 0 ELSE e.id END
      AND b.name = t.name LIMIT 1) b`.execute(db);
  const places = new Map<string, { gridCode: string | null }>();
  for (const b of buildings.rows) {
    const r = newPlaces[b.ord - 1];
    if (r) places.set(buildingKey(r), { gridCode: b.grid_code });
  }
  return {
    residents: new Map(residents.rows.map((r) => [r.id_hash, { id: r.id, name: r.name, householdId: r.household_id }])),
    buildings: places,
  };
}

export type WriteCounts = {
  estates: number;
  buildingsNew: number;
  housesNew: number;
  housesChanged: number;
  householdsNew: number;
  residentsNew: number;
  residentsChanged: number;
  residentsMoved: number;
};

export const noCounts = (): WriteCounts => ({
  estates: 0,
  buildingsNew: 0,
  housesNew: 0,
  housesChanged: 0,
  householdsNew: 0,
  residentsNew: 0,
  residentsChanged: 0,
  residentsMoved: 0,
});

/** Ids this import has given or found for its estates and buildings, so each is written once. */
export type PlaceIds = {
  estates: Map<string, number>;
  buildings: Map<string, { id: number; gridPath: string }>;
};

type Counted = { inserted: number; changed: number };

/**
 * Runs a data-modifying statement whose RETURNING gives `inserted` per row (and `household_id`
 * when `households`): how many were inserted, how many updated, and which households it touched.
 */
async function counted(
  trx: Executor,
  upsert: RawBuilder<unknown>,
  households = false,
): Promise<Counted & { households: number[] }> {
  const r = await sql<Counted & { households: string[] }>`
    WITH up AS (${upsert})
    SELECT (count(*) FILTER (WHERE inserted))::int AS inserted, (count(*) FILTER (WHERE NOT inserted))::int AS changed,
      ${households ? sql`coalesce(array_agg(DISTINCT household_id::text) FILTER (WHERE household_id IS NOT NULL), '{}')` : sql`'{}'::text[]`} AS households
    FROM up`.execute(trx);
  const row = r.rows[0];
  return { inserted: row?.inserted ?? 0, changed: row?.changed ?? 0, households: (row?.households ?? []).map(Number) };
}

// Each level is written by one upsert and its ids then found by a second statement of LATERAL
// index probes (it sees what the first wrote: same transaction). One statement that joined the
// upsert's RETURNING back to its input was planned as a nested loop over the two and turned
// quadratic at some batch sizes.

async function writeEstates(trx: Executor, streetId: string, rows: ReadyRow[], ids: PlaceIds, counts: WriteCounts) {
  const todo = [...firstOf(rows, estateKey).values()].filter(
    (r) => r.estate !== null && !ids.estates.has(estateKey(r)),
  );
  if (todo.length === 0) return;
  const community = pgArray(todo.map((r) => r.communityCode));
  const name = pgArray(todo.map((r) => r.estate));
  const w = await counted(
    trx,
    sql`INSERT INTO estates (street_id, community_code, name)
      SELECT ${streetId}, community_code, name FROM unnest(${community}::text[], ${name}::text[]) AS t(community_code, name)
      ON CONFLICT DO NOTHING
      RETURNING true AS inserted`,
  );
  counts.estates += w.inserted;
  const found = await sql<{ ord: number; id: number }>`
    SELECT t.ord::int AS ord, e.id
    FROM unnest(${community}::text[], ${name}::text[]) WITH ORDINALITY AS t(community_code, name, ord)
    CROSS JOIN LATERAL (SELECT e.id FROM estates e WHERE e.street_id = ${streetId}
      AND e.community_code = t.community_code AND e.name = t.name LIMIT 1) e`.execute(trx);
  for (const e of found.rows) {
    const r = todo[e.ord - 1];
    if (r) ids.estates.set(estateKey(r), e.id);
  }
}

async function writeBuildings(
  trx: Executor,
  streetId: string,
  rows: ReadyRow[],
  ids: PlaceIds,
  counts: WriteCounts,
  stamp: string,
) {
  const todo = [...firstOf(rows, (r) => r.place).values()].filter((r) => !ids.buildings.has(r.place));
  if (todo.length === 0) return;
  const col = <T extends string | number | null>(f: (r: ReadyRow) => T) => pgArray(todo.map(f));
  const community = col((r) => r.communityCode);
  const estate = col((r) => (r.estate === null ? null : (ids.estates.get(estateKey(r)) ?? null)));
  const name = col((r) => r.building);
  const w = await counted(
    trx,
    sql`INSERT INTO buildings (street_id, community_code, grid_code, grid_path, estate_id, name, address, lng, lat, updated_at)
      SELECT ${streetId}, community_code, grid_code, grid_path, estate_id, name, address, lng, lat, ${stamp}::timestamptz
      FROM unnest(${community}::text[], ${col((r) => r.gridCode)}::text[], ${col((r) => r.gridPath)}::text[],
        ${estate}::int8[], ${name}::text[], ${col((r) => r.address)}::text[], ${col((r) => r.lng)}::float8[],
        ${col((r) => r.lat)}::float8[])
        AS t(community_code, grid_code, grid_path, estate_id, name, address, lng, lat)
      ON CONFLICT (street_id, community_code, estate_key, name) DO UPDATE SET
        address = coalesce(EXCLUDED.address, buildings.address), lng = coalesce(EXCLUDED.lng, buildings.lng),
        lat = coalesce(EXCLUDED.lat, buildings.lat), updated_at = EXCLUDED.updated_at
        WHERE (coalesce(EXCLUDED.address, buildings.address), coalesce(EXCLUDED.lng, buildings.lng),
          coalesce(EXCLUDED.lat, buildings.lat)) IS DISTINCT FROM (buildings.address, buildings.lng, buildings.lat)
      RETURNING (xmax = 0) AS inserted`,
  );
  counts.buildingsNew += w.inserted;
  const found = await sql<{ ord: number; id: number; grid_path: string }>`
    SELECT t.ord::int AS ord, b.id, b.grid_path
    FROM unnest(${community}::text[], ${estate}::int8[], ${name}::text[]) WITH ORDINALITY AS t(community_code, estate_id, name, ord)
    CROSS JOIN LATERAL (SELECT b.id, b.grid_path FROM buildings b WHERE b.street_id = ${streetId}
      AND b.community_code = t.community_code AND b.estate_key = coalesce(t.estate_id, 0) AND b.name = t.name
      LIMIT 1) b`.execute(trx);
  for (const b of found.rows) {
    const r = todo[b.ord - 1];
    if (r) ids.buildings.set(r.place, { id: b.id, gridPath: b.grid_path });
  }
}

/** The first row of each key (in file order) and each row's key. */
function firstRows(keys: string[]): number[] {
  const first = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!first.has(k)) first.set(k, i);
  });
  return [...first.values()];
}

/**
 * Houses of the batch (the first row of each wins, as across batches: a house this import already
 * wrote, its `updated_at` being this transaction's `now()`, is not written again). Returns each
 * row's house.
 */
async function writeHouses(
  trx: Executor,
  streetId: string,
  rows: ReadyRow[],
  ids: PlaceIds,
  counts: WriteCounts,
  stamp: string,
): Promise<{ id: number; gridPath: string }[]> {
  const nowhere = { id: 0, gridPath: '' };
  const building = rows.map((r) => ids.buildings.get(r.place) ?? nowhere);
  const keys = rows.map((r, i) => `${building[i]?.id ?? 0}|${r.unit}|${r.room}`);
  const at = firstRows(keys);
  const col = <T extends string | number | null>(f: (r: ReadyRow, b: { id: number; gridPath: string }) => T) =>
    pgArray(at.map((i) => f(rows[i] as ReadyRow, building[i] ?? nowhere)));
  const buildingId = col((_, b) => b.id);
  const unit = col((r) => r.unit);
  const room = col((r) => r.room);
  const w = await counted(
    trx,
    sql`INSERT INTO houses (street_id, building_id, unit, room, area, occupancy, grid_path, updated_at)
      SELECT ${streetId}, building_id, unit, room, area, occupancy, grid_path, ${stamp}::timestamptz
      FROM unnest(${buildingId}::int8[], ${unit}::text[], ${room}::text[], ${col((r) => r.area)}::numeric[],
        ${col((r) => r.occupancy)}::text[], ${col((_, b) => b.gridPath)}::text[])
        AS t(building_id, unit, room, area, occupancy, grid_path)
      ON CONFLICT (street_id, building_id, unit, room) DO UPDATE
        SET area = coalesce(EXCLUDED.area, houses.area), occupancy = EXCLUDED.occupancy, updated_at = EXCLUDED.updated_at
        WHERE houses.updated_at <> EXCLUDED.updated_at AND (coalesce(EXCLUDED.area, houses.area), EXCLUDED.occupancy)
          IS DISTINCT FROM (houses.area, houses.occupancy)
      RETURNING (xmax = 0) AS inserted`,
  );
  counts.housesNew += w.inserted;
  counts.housesChanged += w.changed;
  const found = await sql<{ ord: number; id: number; grid_path: string }>`
    SELECT t.ord::int AS ord, h.id, h.grid_path
    FROM unnest(${buildingId}::int8[], ${unit}::text[], ${room}::text[]) WITH ORDINALITY AS t(building_id, unit, room, ord)
    CROSS JOIN LATERAL (SELECT h.id, h.grid_path FROM houses h WHERE h.street_id = ${streetId}
      AND h.building_id = t.building_id AND h.unit = t.unit AND h.room = t.room LIMIT 1) h`.execute(trx);
  const houses = new Map<string, { id: number; gridPath: string }>();
  for (const h of found.rows) {
    const i = at[h.ord - 1];
    if (i !== undefined) houses.set(keys[i] ?? '', { id: h.id, gridPath: h.grid_path });
  }
  return rows.map((_, i) => houses.get(keys[i] ?? '') ?? nowhere);
}

/** Households of the batch; returns each row's household. */
async function writeHouseholds(
  trx: Executor,
  streetId: string,
  rows: ReadyRow[],
  houseOf: { id: number; gridPath: string }[],
  counts: WriteCounts,
  stamp: string,
): Promise<{ id: number; houseId: number; gridPath: string }[]> {
  const keys = rows.map((r, i) => `${houseOf[i]?.id ?? 0}|${r.household}`);
  const at = firstRows(keys);
  const houseId = pgArray(at.map((i) => houseOf[i]?.id ?? 0));
  const number = pgArray(at.map((i) => rows[i]?.household ?? ''));
  const w = await counted(
    trx,
    sql`INSERT INTO households (street_id, house_id, number, grid_path, updated_at)
      SELECT ${streetId}, house_id, number, grid_path, ${stamp}::timestamptz
      FROM unnest(${houseId}::int8[], ${number}::text[], ${pgArray(at.map((i) => houseOf[i]?.gridPath ?? ''))}::text[])
        AS t(house_id, number, grid_path)
      ON CONFLICT (street_id, house_id, number) DO UPDATE SET active = true, updated_at = EXCLUDED.updated_at
        WHERE NOT households.active
      RETURNING (xmax = 0) AS inserted`,
  );
  counts.householdsNew += w.inserted;
  const found = await sql<{ ord: number; id: number }>`
    SELECT t.ord::int AS ord, hh.id
    FROM unnest(${houseId}::int8[], ${number}::text[]) WITH ORDINALITY AS t(house_id, number, ord)
    CROSS JOIN LATERAL (SELECT hh.id FROM households hh WHERE hh.street_id = ${streetId}
      AND hh.house_id = t.house_id AND hh.number = t.number LIMIT 1) hh`.execute(trx);
  const ids = new Map<string, number>();
  for (const h of found.rows) {
    const i = at[h.ord - 1];
    if (i !== undefined) ids.set(keys[i] ?? '', h.id);
  }
  return rows.map((_, i) => ({
    id: ids.get(keys[i] ?? '') ?? 0,
    houseId: houseOf[i]?.id ?? 0,
    gridPath: houseOf[i]?.gridPath ?? '',
  }));
}

/**
 * Residents of the batch (upsert on the keyed ID hash, unchanged rows untouched) and who moved;
 * returns the households whose people changed (new, changed, or left by someone who moved).
 */
async function writeResidents(
  trx: Executor,
  o: { streetId: string; importId: number; actorId: number | null },
  rows: ReadyRow[],
  householdOf: { id: number; houseId: number; gridPath: string }[],
  existing: Existing,
  counts: WriteCounts,
  stamp: string,
): Promise<number[]> {
  const nowhere = { id: 0, houseId: 0, gridPath: '' };
  const col = <T>(f: (r: ReadyRow, i: number) => T) => rows.map(f);
  const seal = (r: ReadyRow) => {
    if (!r.sealed) throw new Error('a row to write must be sealed');
    return r.sealed;
  };
  const w = await counted(
    trx,
    sql`INSERT INTO residents (street_id, household_id, relation, name, id_cipher, id_hash, phone_cipher, phone_hash,
        sex, birth_date, residence_type, tags, status, grid_path, search, updated_at)
      SELECT ${o.streetId}, household_id, relation, name, id_cipher, id_hash, phone_cipher, phone_hash, sex,
        birth_date, residence_type, CASE WHEN tags = '' THEN '{}'::text[] ELSE string_to_array(tags, ',') END,
        'active', grid_path, to_tsvector('simple', search), ${stamp}::timestamptz
      FROM unnest(${pgArray(col((_, i) => householdOf[i]?.id))}::int8[], ${pgArray(col((r) => r.relation))}::text[], ${pgArray(col((r) => r.name))}::text[],
        ${pgArray(col((r) => seal(r).idCipher))}::text[], ${pgArray(col((r) => r.idHash))}::text[],
        ${pgArray(col((r) => seal(r).phoneCipher))}::text[], ${pgArray(col((r) => seal(r).phoneHash))}::text[],
        ${pgArray(col((r) => r.sex))}::text[], ${pgArray(col((r) => r.birthDate))}::date[], ${pgArray(col((r) => r.residenceType))}::text[],
        ${pgArray(col((r) => r.tags.join(',')))}::text[], ${pgArray(col((_, i) => householdOf[i]?.gridPath))}::text[],
        ${pgArray(col((r) => seal(r).search))}::text[])
        AS t(household_id, relation, name, id_cipher, id_hash, phone_cipher, phone_hash, sex, birth_date,
          residence_type, tags, grid_path, search)
      ON CONFLICT (street_id, id_hash) DO UPDATE SET
        household_id = EXCLUDED.household_id, relation = EXCLUDED.relation, name = EXCLUDED.name,
        phone_cipher = CASE WHEN residents.phone_hash IS DISTINCT FROM EXCLUDED.phone_hash
          THEN EXCLUDED.phone_cipher ELSE residents.phone_cipher END,
        phone_hash = EXCLUDED.phone_hash, residence_type = EXCLUDED.residence_type, tags = EXCLUDED.tags,
        status = 'active', grid_path = EXCLUDED.grid_path, search = EXCLUDED.search, updated_at = EXCLUDED.updated_at
      WHERE (residents.household_id, residents.relation, residents.name, residents.phone_hash,
          residents.residence_type, residents.tags, residents.status, residents.grid_path)
        IS DISTINCT FROM (EXCLUDED.household_id, EXCLUDED.relation, EXCLUDED.name, EXCLUDED.phone_hash,
          EXCLUDED.residence_type, EXCLUDED.tags, 'active', EXCLUDED.grid_path)
      RETURNING (xmax = 0) AS inserted, household_id`,
    true,
  );
  counts.residentsNew += w.inserted;
  counts.residentsChanged += w.changed;
  // history: residents who move to another household
  const moved = rows.flatMap((r, i) => {
    const before = existing.residents.get(r.idHash);
    const to = householdOf[i] ?? nowhere;
    return before && before.householdId !== to.id ? [{ before, to }] : [];
  });
  const left = moved.flatMap((m) => (m.before.householdId === null ? [] : [m.before.householdId]));
  const changed = [...new Set([...w.households, ...left])];
  if (moved.length === 0) return changed;
  await sql`
    INSERT INTO registry_events (street_id, actor_id, kind, resident_id, household_id, house_id, detail)
    SELECT ${o.streetId}, ${o.actorId}::bigint, 'moved', resident_id, household_id, house_id,
      jsonb_build_object('fromHousehold', from_household, 'import', ${o.importId}::bigint)
    FROM unnest(${pgArray(moved.map((m) => m.before.id))}::int8[], ${pgArray(moved.map((m) => m.to.id))}::int8[],
      ${pgArray(moved.map((m) => m.to.houseId))}::int8[], ${pgArray(moved.map((m) => m.before.householdId))}::int8[])
      AS t(resident_id, household_id, house_id, from_household)`.execute(trx);
  counts.residentsMoved += moved.length;
  return changed;
}

/**
 * Writes one batch of checked rows inside the import's transaction: estates → buildings → houses
 * → households → residents, natural-key upserts that leave unchanged rows untouched, with the ids
 * of each level carried to the next in memory rather than joined again.
 */
export async function writeBatch(
  trx: Executor,
  o: { streetId: string; importId: number; actorId: number | null },
  rows: ReadyRow[],
  existing: Existing,
  ids: PlaceIds,
  counts: WriteCounts,
): Promise<void> {
  if (rows.length === 0) return;
  // the transaction's time as a value, reaching DO UPDATE as EXCLUDED.updated_at: Citus takes
  // neither now() nor a parameter there
  const stamp = (await sql<{ at: string }>`SELECT now()::text AS at`.execute(trx)).rows[0]?.at ?? '';
  await writeEstates(trx, o.streetId, rows, ids, counts);
  await writeBuildings(trx, o.streetId, rows, ids, counts, stamp);
  const houses = await writeHouses(trx, o.streetId, rows, ids, counts, stamp);
  const households = await writeHouseholds(trx, o.streetId, rows, houses, counts, stamp);
  const changed = await writeResidents(trx, o, rows, households, existing, counts, stamp);
  // what follows a household's people (visit plans, care subjects) learns of it when the import commits
  if (changed.length > 0)
    await publish(trx, {
      kind: HOUSEHOLDS_CHANGED,
      streetId: o.streetId,
      payload: { householdIds: changed } satisfies HouseholdsChanged,
    });
}
