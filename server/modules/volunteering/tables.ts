import type { ColumnType, Generated } from 'kysely';

export type PointsAccountKind = 'holder' | 'issuing' | 'store' | 'expiry';
/** Points (微积分), or minutes of service banked (时间银行): one transaction moves one unit only. */
export type PointsUnit = 'points' | 'minutes';
export type PointsTransactionKind = 'earn' | 'award' | 'redeem' | 'return' | 'reverse' | 'expire';

/** An account of the ledger: a person's (holder), or a community's issuing, store or expiry account. */
export type PointsAccountsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  kind: PointsAccountKind;
  user_id: number | null;
  unit: Generated<PointsUnit>;
  balance: Generated<number>;
  created_at: Generated<Date>;
};

export type PointsTransactionsTable = {
  street_id: string;
  id: Generated<number>;
  kind: PointsTransactionKind;
  source_kind: string | null;
  source_id: string | null;
  idempotency_key: string | null;
  reverses_id: number | null;
  note: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
};

export type PointsEntriesTable = {
  street_id: string;
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount: number;
};

export type StoreGoodsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  price: number;
  stock: number;
  /** Priced in points (goods), or in minutes of banked service (a service, never cash). */
  unit: Generated<PointsUnit>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
};

export type RedemptionsTable = {
  street_id: string;
  id: Generated<number>;
  goods_id: number;
  user_id: number;
  quantity: number;
  points: number;
  state: Generated<'reserved' | 'picked_up' | 'cancelled'>;
  pickup_code: string;
  transaction_id: number;
  expires_at: Date;
  done_at: Date | null;
  done_by: number | null;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    points_accounts: PointsAccountsTable;
    points_transactions: PointsTransactionsTable;
    points_entries: PointsEntriesTable;
    store_goods: StoreGoodsTable;
    redemptions: RedemptionsTable;
  }
}

export type VolunteersTable = {
  street_id: string;
  id: Generated<number>;
  user_id: number;
  /** The registry's record of the person (real name and ID for the certificate), found by the account's phone. */
  resident_id: number | null;
  community_code: string;
  volunteer_no: string;
  skills: Generated<string[]>;
  availability: Generated<string>;
  registered_at: Generated<Date>;
};
export type VolunteerTeamsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  leader_id: number | null;
  party_group: Generated<string>;
  /** The party module's organisation inside the team (a 党小组), when linked. */
  party_org_id: number | null;
};
export type TeamMembersTable = { street_id: string; team_id: number; volunteer_id: number };
export type ActivitiesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  team_id: number | null;
  organiser_id: number;
  title: string;
  detail: Generated<string>;
  address: string;
  lng: number | null;
  lat: number | null;
  radius_m: Generated<number>;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  skills: Generated<string[]>;
  /** Who may join: residents with any of these tags (empty: anyone), within the ages. */
  tags: Generated<string[]>;
  /** The co-building unit (agency) that organises it, when not the community or a team. */
  unit_id: number | null;
  min_age: number | null;
  max_age: number | null;
  checkin_secret: string;
  state: Generated<'open' | 'cancelled'>;
  created_at: Generated<Date>;
};
export type ActivitySignupsTable = {
  street_id: string;
  id: Generated<number>;
  activity_id: number;
  volunteer_id: number;
  state: 'signed' | 'waiting' | 'cancelled';
  signed_at: Generated<Date>;
};
export type ServiceRecordsTable = {
  street_id: string;
  id: Generated<number>;
  activity_id: number;
  volunteer_id: number;
  checkin_at: Date;
  checkin_distance_m: number | null;
  checkout_at: Date | null;
  checkout_distance_m: number | null;
  flagged: Generated<boolean>;
  hours: string | null;
  confirmed_at: Date | null;
  confirmed_by: number | null;
  points_transaction_id: number | null;
};
export type ServiceRecordChangesTable = {
  street_id: string;
  id: Generated<number>;
  record_id: number;
  old_hours: string | null;
  new_hours: string;
  reason: string;
  changed_by: number | null;
  changed_at: Generated<Date>;
};

export type VolunteerRecordKind = 'training' | 'award' | 'evaluation';
export type EvaluationGrade = 'excellent' | 'good' | 'pass' | 'fail';
/** Three of the five kinds of record (2021 measures): training, awards, evaluations (basics and service elsewhere). */
export type VolunteerRecordsTable = {
  street_id: string;
  id: Generated<number>;
  volunteer_id: number;
  community_code: string;
  kind: VolunteerRecordKind;
  on_date: string;
  title: string;
  detail: Generated<string>;
  hours: string | null;
  grade: EvaluationGrade | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
};
/** 志愿服务记录证明 as issued: a snapshot, so printing it again gives the same paper. */
export type CertificatesTable = {
  street_id: string;
  id: Generated<number>;
  cert_no: string;
  verify_code: string;
  volunteer_id: number;
  community_code: string;
  issuer: string;
  principal: string;
  handler_id: number;
  handler: string;
  contact: string;
  holder_name: string;
  id_type: string;
  id_masked: string;
  volunteer_no: string;
  period_from: string;
  period_to: string;
  hours: string;
  /** The records certified (written as JSON text). */
  content: ColumnType<{ date: string; title: string; hours: number }[], string, string>;
  issued_at: Generated<Date>;
  revoked_at: Date | null;
  revoke_reason: string | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    volunteer_records: VolunteerRecordsTable;
    certificates: CertificatesTable;
    volunteers: VolunteersTable;
    volunteer_teams: VolunteerTeamsTable;
    team_members: TeamMembersTable;
    activities: ActivitiesTable;
    activity_signups: ActivitySignupsTable;
    service_records: ServiceRecordsTable;
    service_record_changes: ServiceRecordChangesTable;
  }
}
