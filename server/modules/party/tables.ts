import type { ColumnType, Generated } from 'kysely';
import type { OfficerPost, OrgKind, OrgLevel } from '../../../contracts/party.js';
import type { UnitKind } from '../../../contracts/party-units.js';

type Day = ColumnType<string, string, string>;

export type PartyOrgsTable = {
  street_id: string;
  id: Generated<number>;
  parent_id: number | null;
  level: OrgLevel;
  kind: Generated<OrgKind>;
  name: string;
  region_code: string;
  /** The served region's path (a building's or estate's community, a grid branch's grid): scope. */
  region_path: string;
  estate_id: number | null;
  building_id: number | null;
  agency_id: number | null;
  active: Generated<boolean>;
  /** The organisation this one was merged into (then inactive). */
  merged_into: Generated<number | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type PartyOrgEventsTable = {
  street_id: string;
  id: Generated<number>;
  org_id: number;
  at: Generated<Date>;
  actor_id: number | null;
  kind: 'created' | 'renamed' | 'moved' | 'ended' | 'merged';
  detail: ColumnType<unknown, string, string>;
};

export type PartyMembersTable = {
  street_id: string;
  id: Generated<number>;
  org_id: number;
  resident_id: number | null;
  user_id: number | null;
  name: string;
  status: 'full' | 'probationary';
  joined_on: Day;
  relation: 'local' | 'in_service' | 'floating';
  category: 'in_service' | 'retired' | 'floating' | 'retired_cadre';
  household_marked: Generated<boolean>;
  region_path: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
};

export type PartyOfficersTable = {
  street_id: string;
  id: Generated<number>;
  org_id: number;
  member_id: number | null;
  name: string;
  post: OfficerPost;
  part_time: Generated<boolean>;
  agency_id: number | null;
  term_start: Day;
  term_end: Day | null;
};

export type PartyPostsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  active: Generated<boolean>;
};

export type DualRegistrationsTable = {
  street_id: string;
  id: Generated<number>;
  member_id: number;
  community_code: string;
  employer: string;
  status: 'requested' | 'approved' | 'rejected';
  post_id: number | null;
  note: Generated<string>;
  requested_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: number | null;
};

export type PartyServicesTable = {
  street_id: string;
  id: Generated<number>;
  member_id: number;
  served_on: Day;
  hours: ColumnType<string, number, number>;
  what: string;
  recorded_by: number | null;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    party_orgs: PartyOrgsTable;
    party_org_events: PartyOrgEventsTable;
    party_members: PartyMembersTable;
    party_officers: PartyOfficersTable;
    party_posts: PartyPostsTable;
    dual_registrations: DualRegistrationsTable;
    party_services: PartyServicesTable;
  }
}

export type PartyAgreementsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  agency_id: number;
  title: string;
  signed_on: Day;
  term_end: Day;
  file_name: string | null;
  file_mime: string | null;
  file_data: Buffer | null;
  created_at: Generated<Date>;
};

export type PartyAgreementItemsTable = {
  street_id: string;
  id: Generated<number>;
  agreement_id: number;
  kind: 'activity' | 'resource' | 'team';
  what: string;
  target: ColumnType<string, number, number>;
  unit: string;
};

export type PartyAgreementProgressTable = {
  street_id: string;
  id: Generated<number>;
  item_id: number;
  done_on: Day;
  amount: ColumnType<string, number, number>;
  note: Generated<string>;
};

export type PartyMeetingsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  title: string;
  held_on: Day;
  attendees: Generated<string>;
  minutes: Generated<string>;
};

export type PartyResolutionsTable = {
  street_id: string;
  id: Generated<number>;
  meeting_id: number;
  what: string;
  lead_agency_id: number;
  assist_agency_ids: Generated<number[]>;
  due_on: Day;
  done_on: Day | null;
  case_id: number | null;
  /** A task party members may claim (on their phones). */
  for_members: Generated<boolean>;
  claimed_by: number | null;
  claimed_at: Date | null;
};

export type PartyUnitsTable = {
  street_id: string;
  agency_id: number;
  unit_kind: UnitKind;
  contact_name: string | null;
  contact_phone_cipher: string | null;
  contact_phone_hash: string | null;
  party_branch: string | null;
  party_members: Generated<number>;
  updated_at: Generated<Date>;
};

/** 反向评价: a community's quarterly score of a unit (履约 40 + 参与 30 + 响应 30). */
export type PartyUnitReviewsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  agency_id: number;
  quarter: string;
  fulfilment: number;
  participation: number;
  response: number;
  comment: Generated<string>;
  reviewed_by: number | null;
  updated_at: Generated<Date>;
};

/** 双报到 of a whole unit's branch to a community. */
export type PartyUnitReportsTable = {
  street_id: string;
  id: Generated<number>;
  agency_id: number;
  community_code: string;
  members: number;
  status: 'requested' | 'approved' | 'rejected';
  post_id: number | null;
  note: Generated<string>;
  requested_by: number | null;
  requested_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: number | null;
};

/** A service a reported unit's branch gave the community (how many members, hours each). */
export type PartyUnitServicesTable = {
  street_id: string;
  id: Generated<number>;
  report_id: number;
  served_on: Day;
  people: number;
  hours: ColumnType<string, number, number>;
  what: string;
  recorded_by: number | null;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    party_unit_reports: PartyUnitReportsTable;
    party_unit_services: PartyUnitServicesTable;
    party_agreements: PartyAgreementsTable;
    party_agreement_items: PartyAgreementItemsTable;
    party_agreement_progress: PartyAgreementProgressTable;
    party_meetings: PartyMeetingsTable;
    party_resolutions: PartyResolutionsTable;
    party_units: PartyUnitsTable;
    party_unit_reviews: PartyUnitReviewsTable;
  }
}
