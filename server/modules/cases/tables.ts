import type { ColumnType, Generated } from 'kysely';
import type {
  CaseLevel,
  CaseSource,
  CaseStatus,
  CaseTier,
  HandlerKind,
  LimitUnit,
  Rating,
  Supervision,
} from '../../../contracts/cases.js';

type Created = ColumnType<Date, Date | undefined, never>;
type Stamp = ColumnType<Date | null, Date | null | undefined, Date | null>;

export type CaseCategoriesTable = {
  street_id: string;
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  name: string;
  tier: CaseTier;
  sign_limit: number;
  sign_unit: LimitUnit;
  handle_limit: number;
  handle_unit: LimitUnit;
  handler_kind: HandlerKind;
  default_agency_id: number | null;
  active: Generated<boolean>;
};

export type WorkCalendarTable = {
  street_id: string;
  day: ColumnType<string, string, string>;
  kind: 'holiday' | 'workday';
  name: Generated<string>;
};

export type CasesTable = {
  street_id: string;
  id: Generated<number>;
  source: CaseSource;
  category_id: number;
  tier: CaseTier;
  title: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  grid_code: string | null;
  community_code: string | null;
  region_path: string;
  level: Generated<CaseLevel>;
  submitter_key: string;
  client_request_id: string | null;
  reporter_user_id: number | null;
  reporter_name: string | null;
  reporter_phone_cipher: string | null;
  reporter_phone_hash: string | null;
  anonymous: Generated<boolean>;
  status: CaseStatus;
  agency_id: number | null;
  merged_into: number | null;
  supervision: Generated<Supervision>;
  pending_request: 'extension' | 'park' | null;
  pending_days: number | null;
  registered_at: Stamp;
  dispatched_at: Stamp;
  signed_at: Stamp;
  contacted_at: Stamp;
  handled_at: Stamp;
  closed_at: Stamp;
  parked_at: Stamp;
  sign_due_at: Stamp;
  /** Start of the running handling limit: the dispatch, or the rework that restarted it. */
  handle_started_at: Stamp;
  handle_due_at: Stamp;
  reworks: Generated<number>;
  returns: Generated<number>;
  extensions: Generated<number>;
  reopens: Generated<number>;
  result: string | null;
  rating: Rating | null;
  solved: boolean | null;
  rated_at: Stamp;
  version: Generated<number>;
  created_at: Created;
  updated_at: Generated<Date>;
};

export type CaseAssistsTable = { street_id: string; case_id: number; agency_id: number };

export type CaseEventsTable = {
  street_id: string;
  case_id: number;
  id: Generated<number>;
  at: Created;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  photos: ColumnType<string[], string[] | undefined, never>;
  detail: ColumnType<unknown, string | null | undefined, never>;
};

export type CasePhotosTable = {
  street_id: string;
  id: string;
  case_id: number | null;
  uploaded_by: string;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  data: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  lng: number | null;
  lat: number | null;
  taken_at: Date | null;
  created_at: Generated<Date>;
};

export type TimerKind = 'sign_warning' | 'sign_overdue' | 'handle_warning' | 'handle_overdue' | 'escalate';
export type CaseTimersTable = {
  street_id: string;
  id: Generated<number>;
  case_id: number;
  kind: TimerKind;
  due_at: Date;
  fired_at: Date | null;
};

export type Open311KeysTable = {
  street_id: string;
  id: Generated<number>;
  name: string;
  key_hash: string;
  created_at: Generated<Date>;
  revoked_at: Date | null;
};

export type AgencyRatingsTable = {
  street_id: string;
  id: Generated<number>;
  agency_id: number;
  case_id: number;
  rater_kind: 'community' | 'resident';
  rater_id: number | null;
  score: number;
  comment: string | null;
  created_at: Generated<Date>;
};

export type CasesTables = {
  case_categories: CaseCategoriesTable;
  work_calendar: WorkCalendarTable;
  cases: CasesTable;
  case_assists: CaseAssistsTable;
  case_events: CaseEventsTable;
  case_photos: CasePhotosTable;
  case_timers: CaseTimersTable;
  open311_keys: Open311KeysTable;
  agency_ratings: AgencyRatingsTable;
};

declare module '../../core/tables.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tables extends CasesTables {}
}
