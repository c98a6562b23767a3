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

/** A pair-up helper's care visit (结对帮扶): published for the points of "a visit helped" (once per visit). */
export const CARE_HELPED = 'visits.care_helped';
export type CareHelped = { checkinId: number; userId: number; community: string };
