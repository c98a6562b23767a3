import type { ColumnType, Generated } from 'kysely';
import type { RaterKind } from '../../../contracts/assessment.js';

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
