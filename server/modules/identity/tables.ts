import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../../contracts/roles.js';

export type UsersTable = {
  id: Generated<number>;
  username: string | null;
  display_name: string;
  /** AES-256-GCM sealed phone (core/pii); `phone_hash` is its keyed hash for sign-in lookup. */
  phone_cipher: string | null;
  phone_hash: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  password_changed_at: Date | null;
  kind: 'staff' | 'resident';
  disabled: Generated<boolean>;
  /** Whose approval the account waits for before it may sign in (two-person rule), or null. */
  approval: 'security_admin' | 'audit_admin' | null;
  approval_requested_by: number | null;
  /** What waits: created, password_reset, roles_changed. */
  approval_change: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type SessionsTable = {
  /** SHA-256 of the cookie's token: a leaked table opens no session. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: ColumnType<Date, never, never>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
};

export type RoleAssignmentsTable = {
  id: Generated<number>;
  user_id: number;
  role: Role;
  region_code: string | null;
  street_id: string | null;
  agency_id: number | null;
  created_at: ColumnType<Date, never, never>;
};

declare module '../../core/tables.js' {
  interface Tables {
    users: UsersTable;
    sessions: SessionsTable;
    role_assignments: RoleAssignmentsTable;
  }
}

export type SecuritySettingsTable = {
  id: number;
  session_idle_minutes: number;
  session_max_hours: number;
  lockout_threshold: number;
  lockout_minutes: number;
  updated_at: Date;
  updated_by: number | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    security_settings: SecuritySettingsTable;
  }
}

export type OtpCodesTable = {
  id: Generated<number>;
  phone_hash: string;
  /** Null when no account has the phone: the request is recorded alike, and nothing is sent. */
  user_id: number | null;
  code_hash: string;
  attempts: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  used_at: Date | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    otp_codes: OtpCodesTable;
  }
}
