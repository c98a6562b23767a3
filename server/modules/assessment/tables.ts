import type { ColumnType, Generated } from 'kysely';
import type { AwardKind, Grade, RaterKind } from '../../../contracts/assessment.js';

/** A numeric read as exact decimal text. */
type Decimal = ColumnType<string, string | number, string | number>;

export type AssessmentTablesTable = {
  street_id: string;
  id: Generated<number>;
  year: number;
  title: string;
  subject_kind: Generated<'community'>;
  anonymous: boolean;
  drop_extremes: boolean;
  weights: ColumnType<Partial<Record<RaterKind, number>>, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type AssessmentItemsTable = {
  street_id: string;
  table_id: number;
  no: number;
  title: string;
  points: Decimal;
  rule: string;
  source: string | null;
  target: ColumnType<string | null, string | number | null, string | number | null>;
};
export type AssessmentSubjectsTable = { street_id: string; table_id: number; code: string };
export type AssessmentRatersTable = {
  street_id: string;
  table_id: number;
  quarter: number;
  user_id: number;
  subject_code: string;
  kind: RaterKind;
  scored: Generated<boolean>;
};
export type AssessmentSheetsTable = {
  street_id: string;
  id: string;
  table_id: number;
  quarter: number;
  subject_code: string;
  kind: RaterKind;
  /** Null on anonymous tables: nothing ties the sheet to its rater. */
  rater_id: number | null;
};
export type AssessmentScoresTable = {
  street_id: string;
  sheet_id: string;
  table_id: number;
  no: number;
  score: Decimal;
};

declare module '../../core/tables.js' {
  interface Tables {
    assessment_tables: AssessmentTablesTable;
    assessment_items: AssessmentItemsTable;
    assessment_subjects: AssessmentSubjectsTable;
    assessment_raters: AssessmentRatersTable;
    assessment_sheets: AssessmentSheetsTable;
    assessment_scores: AssessmentScoresTable;
  }
}

type Day = ColumnType<string, string, string>;
export type MemberReviewsTable = {
  street_id: string;
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  excellent_max: number;
  state: Generated<'open' | 'closed'>;
  created_by: number | null;
  closed_at: Date | null;
};
export type MemberReviewEntriesTable = {
  street_id: string;
  review_id: number;
  member_id: number;
  self_grade: Grade | null;
  self_text: string | null;
  final_grade: Grade | null;
};
export type MemberReviewRatingsTable = {
  street_id: string;
  review_id: number;
  rater_member_id: number;
  member_id: number;
  grade: Grade;
};
export type AwardsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  kind: AwardKind;
  year: number;
  title: string;
  quota: number;
  decide: 'vote' | 'committee';
  nominate_until: Day;
  vote_until: Day;
  publicity_days: number;
  publicity_until: ColumnType<string | null, string | null | undefined, string | null>;
  notice_id: number | null;
  created_by: number | null;
};
export type AwardNomineesTable = {
  street_id: string;
  id: Generated<number>;
  award_id: number;
  name: string;
  reason: string;
  nominated_by: number | null;
  state: Generated<'nominated' | 'accepted' | 'rejected' | 'awarded'>;
  note: string | null;
  created_at: Generated<Date>;
};
export type AwardVotesTable = { street_id: string; award_id: number; user_id: number; nominee_id: number };

declare module '../../core/tables.js' {
  interface Tables {
    member_reviews: MemberReviewsTable;
    member_review_entries: MemberReviewEntriesTable;
    member_review_ratings: MemberReviewRatingsTable;
    awards: AwardsTable;
    award_nominees: AwardNomineesTable;
    award_votes: AwardVotesTable;
  }
}
