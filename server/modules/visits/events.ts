import type { NeedType } from '../../../contracts/visits.js';

/**
 * A visit found a need (a finding of kind `need`): published with the visit, for the needs module
 * to adopt into its need list (the finding's id is the need's stable source key).
 */
export const NEED_FOUND = 'visits.need_found';
export type NeedFound = {
  findingId: number;
  householdId: number;
  gridPath: string;
  needType: NeedType;
  what: string;
  visitorId: number;
};
