import type { ColumnType, Generated } from 'kysely';
import type { DeviceKind } from '../../../../contracts/care.js';
import type { CareLevel } from '../../../../contracts/visits.js';

type Day = ColumnType<string, string, string>;
type HelperKind = 'party_member' | 'volunteer' | 'building_leader' | 'neighbour' | 'grid_worker';
type VisitKind = 'home' | 'phone' | 'video' | 'door';

/** 关爱对象: a resident with a care level (from tags and age, or set by hand with a reason) and a plan. */
export type CareSubjectsTable = {
  street_id: string;
  id: Generated<number>;
  resident_id: number;
  household_id: number;
  grid_path: string;
  level_auto: CareLevel | null;
  level_override: CareLevel | null;
  override_reason: string | null;
  services: Generated<string[]>;
  emergency_name: string | null;
  emergency_phone_cipher: string | null;
  note: Generated<string>;
  /** The due day an overdue high-level visit was escalated to the community for (once per due day). */
  escalated_for: Day | null;
  /** The due day the helpers and grid workers were told the visit is overdue for. */
  notified_for: Day | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

/** 结对帮扶: who looks after a subject (an account, a resident, or both). */
export type CareHelpersTable = {
  street_id: string;
  id: Generated<number>;
  subject_id: number;
  kind: HelperKind;
  user_id: number | null;
  resident_id: number | null;
  name: string;
  since: ColumnType<string, string | undefined, string>;
  active: Generated<boolean>;
};

/** A pair-up helper's care visit. */
export type CareCheckinsTable = {
  street_id: string;
  id: Generated<number>;
  subject_id: number;
  helper_id: number;
  at: Date;
  kind: VisitKind;
  notes: Generated<string>;
  created_at: Generated<Date>;
};

/** A device vendor: its key id (sent with each request) and its secret (sealed; signs each request). */
export type CareVendorsTable = {
  street_id: string;
  id: Generated<number>;
  name: string;
  key_id: string;
  secret_cipher: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
};

export type CareDevicesTable = {
  street_id: string;
  id: Generated<number>;
  vendor_id: number;
  serial: string;
  kind: DeviceKind;
  resident_id: number;
  household_id: number;
  grid_path: string;
  heartbeat_minutes: Generated<number>;
  last_heartbeat_at: Date | null;
  installed_on: ColumnType<string, string | undefined, string>;
  active: Generated<boolean>;
};

export type CareAlarmsTable = {
  street_id: string;
  id: Generated<number>;
  device_id: number;
  kind: DeviceKind | 'offline';
  vendor_alarm_id: string | null;
  grid_path: string;
  detail: Generated<string>;
  raised_at: Date;
  received_at: Generated<Date>;
  case_id: number | null;
  repeats: Generated<number>;
  last_repeat_at: Date | null;
  status: Generated<'open' | 'acknowledged' | 'closed'>;
  acknowledged_at: Date | null;
  acknowledged_by: number | null;
  closed_at: Date | null;
  note: Generated<string>;
};

export type CareSignaturesTable = { street_id: string; signature: string; seen_at: Generated<Date> };

declare module '../../../core/tables.js' {
  interface Tables {
    care_subjects: CareSubjectsTable;
    care_helpers: CareHelpersTable;
    care_checkins: CareCheckinsTable;
    care_vendors: CareVendorsTable;
    care_devices: CareDevicesTable;
    care_alarms: CareAlarmsTable;
    care_signatures: CareSignaturesTable;
  }
}
