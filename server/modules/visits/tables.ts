import type { ColumnType, Generated } from 'kysely';
import type { Frequency } from '../../../contracts/visits.js';

type Day = ColumnType<string, string, string>;

/** A household's required frequency and when it was last seen: what plans and coverage read. */
export type HouseholdVisitsTable = {
  street_id: string;
  household_id: number;
  grid_path: string;
  frequency: Frequency;
  last_visited_on: Day | null;
  due_on: Day;
  /** When a resident's birthday next changes the required frequency (null: no such day ahead). */
  changes_on: Day | null;
  updated_at: Generated<Date>;
};

export type VisitKind = 'home' | 'phone' | 'video' | 'door';

/** 民情日记: one visit to a household. */
export type VisitsTable = {
  street_id: string;
  id: Generated<number>;
  household_id: number;
  /** The household's grid when it was visited (scope). */
  grid_path: string;
  visitor_id: number;
  visited_at: Date;
  kind: VisitKind;
  met: Generated<number[]>;
  notes: Generated<string>;
  /** Sealed "lng,lat" (a GPS track is sensitive): shown only within scope. */
  gps_cipher: string | null;
  outside_grid: Generated<boolean>;
  household_moved: Generated<boolean>;
  /** The phone's id for an offline record: a resend finds the first. */
  client_id: string | null;
  created_at: Generated<Date>;
  edits: Generated<number>;
  edited_at: Date | null;
  updated_at: Generated<Date>;
};

export type NeedType =
  'elderly_care' | 'medical' | 'hardship' | 'housing' | 'employment' | 'child' | 'disability' | 'other';

/** What a visit found: a case opened, a need recorded (adopted later by the needs module), or nothing needed. */
export type VisitFindingsTable = {
  street_id: string;
  id: Generated<number>;
  visit_id: number;
  kind: 'case' | 'need' | 'none';
  need_type: NeedType | null;
  what: Generated<string>;
  case_id: number | null;
  created_at: Generated<Date>;
};

/** A visit's photo (from the cases' upload, metadata stripped). */
export type VisitPhotosTable = {
  street_id: string;
  id: string;
  visit_id: number;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  data: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  created_at: Generated<Date>;
};

export type VisitEditsTable = {
  street_id: string;
  id: Generated<number>;
  visit_id: number;
  at: Generated<Date>;
  actor_id: number | null;
  before: ColumnType<unknown, string, string>;
};

export type VisitPlansTable = {
  street_id: string;
  id: Generated<number>;
  grid_code: string;
  month: string;
  load: number;
  generated_at: Generated<Date>;
};

export type VisitPlanItemsTable = {
  street_id: string;
  plan_id: number;
  household_id: number;
  due_on: Day;
  frequency: Frequency;
};

/** Each visitor's visits and households visited, per grid and month ('YYYY-MM'), kept as visits are recorded. */
export type VisitorMonthsTable = {
  street_id: string;
  grid_path: string;
  month: string;
  visitor_id: number;
  visits: number;
  households: number;
};

declare module '../../core/tables.js' {
  interface Tables {
    household_visits: HouseholdVisitsTable;
    visits: VisitsTable;
    visit_findings: VisitFindingsTable;
    visit_edits: VisitEditsTable;
    visit_photos: VisitPhotosTable;
    visit_plans: VisitPlansTable;
    visit_plan_items: VisitPlanItemsTable;
    visitor_months: VisitorMonthsTable;
  }
}
