import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/core/db.js';
import { applyPlacements, checkPlacements, collectPlacements, type TablePlacement } from '../server/core/placement.js';
import { modules } from '../server/modules/index.js';
import { testDatabase } from './db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

describe('every table’s place on Citus (issue 16)', () => {
  it('is declared by a module, and the schema keeps Citus’s rules for it', async () => {
    const placements = collectPlacements(modules);
    expect(await checkPlacements(database.db, placements)).toEqual([]);
    // the kinds as designed: a street's rows distributed, the shared ones replicated, the rest says why
    const kinds = Object.fromEntries([...placements].map(([t, p]) => [t, p.kind]));
    expect(kinds).toMatchObject({
      cases: 'distributed',
      residents: 'distributed',
      notifications: 'distributed',
      regions: 'reference',
      users: 'reference',
      audit_log: 'local',
    });
    for (const [table, p] of placements) if (p.kind !== 'distributed') expect(p.why.length, table).toBeGreaterThan(10);
  });

  it('catches a table without a declaration and keys that would not distribute (a fixture schema)', async () => {
    const db = database.db;
    await sql`CREATE SCHEMA placement_fixture`.execute(db);
    await sql`CREATE TABLE placement_fixture.streets_things (street_id text NOT NULL, id bigint, code text, PRIMARY KEY (street_id, id), UNIQUE (code))`.execute(
      db,
    );
    await sql`CREATE TABLE placement_fixture.no_street (id bigint PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE placement_fixture.nullable_street (street_id text, id bigint PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE placement_fixture.children (street_id text NOT NULL, id bigint, thing_id bigint, PRIMARY KEY (street_id, id))`.execute(
      db,
    );
    await sql`ALTER TABLE placement_fixture.children ADD FOREIGN KEY (thing_id) REFERENCES placement_fixture.no_street (id)`.execute(
      db,
    );
    await sql`CREATE TABLE placement_fixture.shared (id bigint PRIMARY KEY, thing_street text NOT NULL, thing_id bigint NOT NULL,
      FOREIGN KEY (thing_street, thing_id) REFERENCES placement_fixture.streets_things (street_id, id))`.execute(db);
    await sql`CREATE TABLE placement_fixture.forgotten (id bigint PRIMARY KEY)`.execute(db);
    const declared = new Map<string, TablePlacement>([
      ['streets_things', { kind: 'distributed' }],
      ['no_street', { kind: 'distributed' }],
      ['nullable_street', { kind: 'distributed' }],
      ['children', { kind: 'distributed' }],
      ['shared', { kind: 'reference', why: 'a fixture' }],
    ]);
    const problems = await checkPlacements(db, declared, 'placement_fixture');
    expect(problems.sort()).toEqual(
      [
        'children: foreign key children_thing_id_fkey (thing_id) → no_street must pair street_id with street_id',
        "forgotten: no placement declared (a module's manifest, `tables`)",
        'no_street: distributed, but has no street_id',
        'no_street: its primary key no_street_pkey (id) lacks street_id',
        'nullable_street: distributed, but its street_id may be null',
        'nullable_street: its primary key nullable_street_pkey (id) lacks street_id',
        'shared: foreign key shared_thing_street_thing_id_fkey from a reference table to the distributed table streets_things',
        'streets_things: its unique streets_things_code_key (code) lacks street_id',
      ].sort(),
    );
    await sql`DROP SCHEMA placement_fixture CASCADE`.execute(db);
  });

  it('is a no-op where the database is not Citus', async () => {
    expect(await applyPlacements(database.db, collectPlacements(modules))).toEqual([]);
  });
});
