import type { ColumnType, Generated } from 'kysely';
import type { ResidentTag } from '../../../contracts/registry.js';

type Created = ColumnType<Date, never, never>;
type Updated = ColumnType<Date, never, Date>;

export type EstatesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  property_agency_id: number | null;
  owners_committee: string | null;
  party_branch: string | null;
  created_at: Created;
};

export type BuildingsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  grid_code: string | null;
  /** Region path of the grid (or the community when no grid is set): scope filters match its prefix. */
  grid_path: string;
  estate_id: number | null;
  estate_key: ColumnType<number, never, never>;
  name: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  floors: number | null;
  units: number | null;
  use: Generated<'residential' | 'office' | 'shop'>;
  created_at: Created;
  updated_at: Updated;
};

export type HousesTable = {
  street_id: string;
  id: Generated<number>;
  building_id: number;
  unit: Generated<string>;
  room: string;
  /** Exclusive area in m² (numeric: read as a string, exact). */
  area: ColumnType<string | null, string | number | null, string | number | null>;
  /** The surveyed (实测) and contract (合同) areas, where the registered one is missing (owners' votes). */
  area_surveyed: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  area_contract: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  occupancy: Generated<'owner' | 'rented' | 'vacant'>;
  grid_path: string;
  created_at: Created;
  updated_at: Updated;
};

export type HouseholdsTable = {
  street_id: string;
  id: Generated<number>;
  house_id: number;
  number: Generated<string>;
  grid_path: string;
  active: Generated<boolean>;
  created_at: Created;
  updated_at: Updated;
};

export type ResidentsTable = {
  street_id: string;
  id: Generated<number>;
  household_id: number | null;
  relation: string | null;
  name: string;
  /** Sealed ID number (core/pii) and its keyed hash for exact lookup. */
  id_cipher: string | null;
  id_hash: string | null;
  phone_cipher: string | null;
  phone_hash: string | null;
  sex: 'M' | 'F' | null;
  birth_date: string | null;
  residence_type: Generated<'registered' | 'resident' | 'floating'>;
  tags: ColumnType<ResidentTag[], ResidentTag[] | undefined, ResidentTag[]>;
  status: Generated<'active' | 'moved_out' | 'deceased'>;
  grid_path: string;
  search: ColumnType<string, string | undefined, string>;
  created_at: Created;
  updated_at: Updated;
};

export type HouseOwnersTable = {
  street_id: string;
  id: Generated<number>;
  house_id: number;
  resident_id: number | null;
  owner_name: string;
  since: ColumnType<string, string | undefined, string>;
  until: string | null;
};

export type RegistryEventsTable = {
  street_id: string;
  id: Generated<number>;
  at: ColumnType<Date, Date | undefined, never>;
  actor_id: number | null;
  /** moved_in, moved_out, moved, deceased, owner_changed, imported, updated … */
  kind: string;
  resident_id: number | null;
  household_id: number | null;
  house_id: number | null;
  detail: ColumnType<unknown, string | null, never> | null;
};

export type ImportProblem = { row: number; column: string; reason: string };

export type RegistryImportsTable = {
  street_id: string;
  id: Generated<number>;
  user_id: number | null;
  file_name: string;
  mode: 'all' | 'valid';
  dry_run: boolean;
  status: 'running' | 'done' | 'rejected' | 'failed';
  total_rows: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  problems: ColumnType<ImportProblem[], string | undefined, string>;
  summary: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
  message: string | null;
  created_at: Created;
  updated_at: Updated;
  finished_at: Date | null;
};

/** A business line's staff assigned to a grid (管线). */
export type GridBusinessLinesTable = {
  street_id: string;
  grid_code: string;
  seq: number;
  line: string;
  person: string;
  unit: string | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    grid_business_lines: GridBusinessLinesTable;
    estates: EstatesTable;
    buildings: BuildingsTable;
    houses: HousesTable;
    households: HouseholdsTable;
    residents: ResidentsTable;
    house_owners: HouseOwnersTable;
    registry_events: RegistryEventsTable;
    registry_imports: RegistryImportsTable;
  }
}
