import { coversRegion, type Rule } from '../../core/access.js';

/**
 * 考核评议: the street office (its operator) sets the tables, assigns raters and reads the results with every score;
 * community secretaries read results where a table covers them (the street's results: only the street). Raters hand
 * in their own sheets (`assessment.score`: self-service, checked against their assignment).
 */
export const assessmentRules = {
  'assessment.read': (actor, target) => coversRegion(actor, target, 'operator', 'community_secretary'),
  'assessment.manage': (actor, target) => coversRegion(actor, target, 'operator'),
  /** 民主评议: the branch's community secretary (and the street's operator) opens it and sets the grades. */
  'assessment.review': (actor, target) => coversRegion(actor, target, 'operator', 'community_secretary'),
  /** 评选表彰: the community's staff run the awards. */
  'assessment.award': (actor, target) =>
    coversRegion(actor, target, 'operator', 'community_secretary', 'community_worker'),
} satisfies Record<string, Rule>;
