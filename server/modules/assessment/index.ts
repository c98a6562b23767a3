import type { ModuleManifest } from '../../core/module.js';
import * as assessment from './migrations/20261220-0100-assessment.js';
import * as reviewsAwards from './migrations/20261220-0200-reviews-awards.js';
import { assessmentRules } from './permissions.js';
import { assessmentRoutes } from './routes.js';
import { assessmentSeed } from './seed.js';
import { assessmentStats } from './stats.js';

export { aggregate, kindMean } from './aggregate.js';

/**
 * 考核评议 (module `assessment`, docs/DOMAIN.md "Assessment"): yearly target tables for the street's communities, scored
 * each quarter by street leaders, co-building units, party-member and resident representatives with weights per kind
 * (anonymous where the table says so), items filled from the system's own figures, ranked results with every score;
 * 民主评议 of party members (self-assessment, mutual rating, grades within the share limit) and the civility awards.
 */
export const assessmentModule: ModuleManifest = {
  name: 'assessment',
  migrations: { '20261220-0100-assessment': assessment, '20261220-0200-reviews-awards': reviewsAwards },
  routes: assessmentRoutes,
  tables: {
    assessment_tables: { kind: 'distributed' },
    assessment_items: { kind: 'distributed' },
    assessment_subjects: { kind: 'distributed' },
    assessment_raters: { kind: 'distributed' },
    assessment_sheets: { kind: 'distributed' },
    assessment_scores: { kind: 'distributed' },
    member_reviews: { kind: 'distributed' },
    member_review_entries: { kind: 'distributed' },
    member_review_ratings: { kind: 'distributed' },
    awards: { kind: 'distributed' },
    award_nominees: { kind: 'distributed' },
    award_votes: { kind: 'distributed' },
  },
  actions: ['assessment.read', 'assessment.manage', 'assessment.review', 'assessment.award', 'assessment.score'],
  selfActions: ['assessment.score'],
  rules: assessmentRules,
  seed: assessmentSeed,
  stats: assessmentStats,
};
