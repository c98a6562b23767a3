import type { Generated } from 'kysely';
import type { HotlineKind } from '../../../contracts/hotlines.js';

export type HotlinesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  name: string;
  phone: string;
  kind: HotlineKind;
  hours: Generated<string>;
  sort: Generated<number>;
  /** Removed numbers stay (the audit log names them) but are no longer listed. */
  removed_at: Date | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    hotlines: HotlinesTable;
  }
}
