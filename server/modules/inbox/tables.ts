import type { Generated } from 'kysely';

/** One notice in one person's inbox; unread notices of one digest key gather into one row. */
export type NotificationsTable = {
  street_id: string;
  id: Generated<number>;
  user_id: number;
  kind: string;
  digest_key: string;
  /** The case it is about (cases' notices); other modules use `link`. */
  case_id: number | null;
  /** The console path of what it is about, e.g. `/cases/12`. */
  link: string | null;
  title: string;
  body: string;
  count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  read_at: Date | null;
  pushed_at: Date | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    notifications: NotificationsTable;
  }
}
