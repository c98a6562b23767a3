import { assignmentsOf, coversRegion, type Rule } from '../../core/access.js';

/**
 * Party data is sensitive (political affiliation, RULES.md): the tree and its counts are open to
 * everyone with a role in the street; who the members are, only to the community secretary over
 * the place and to the organisation's own officers (the caller marks the target as theirs:
 * `ownerUserId`); the secretary keeps the organisation, its posts and the 双报到 decisions.
 * A member's own record and services are theirs (`party.serve`, a self-service action).
 */
export const partyRules = {
  'party.read': (actor, target) =>
    target?.streetId != null && actor.assignments.some((a) => a.regionPath !== null && a.streetId === target.streetId),
  'party.read_members': (actor, target) =>
    coversRegion(actor, target, 'community_secretary') ||
    (target?.ownerUserId != null && target.ownerUserId === actor.userId),
  'party.manage': (actor, target) => coversRegion(actor, target, 'community_secretary'),
  /** A co-building unit's own record (its reviews, resolutions, agreements): its handlers. */
  'party.read_unit': (actor, target) =>
    target?.agencyId != null && assignmentsOf(actor, 'agency_handler').some((a) => a.agencyId === target.agencyId),
  /** 双报到 of the unit's own branch and its service records: its handlers, for their unit only. */
  'party.act_for_unit': (actor, target) =>
    target?.agencyId != null && assignmentsOf(actor, 'agency_handler').some((a) => a.agencyId === target.agencyId),
} satisfies Record<string, Rule>;
