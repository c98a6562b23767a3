import type { ColumnType, Generated } from 'kysely';
import type {
  AgendaItem,
  Invite,
  MeetingKind,
  NoticeCategory,
  Question,
  StepKey,
} from '../../../contracts/deliberation.js';

type Json<T> = ColumnType<T, string, string>;

export type MeetingSeriesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  kind: MeetingKind;
  title: string;
  /** An RFC 5545 recurrence rule without DTSTART (FREQ=MONTHLY;BYMONTHDAY=10). */
  rule: string;
  starts_on: string;
  at_minute: number;
  duration_minutes: number;
  venue: Generated<string>;
  remote_url: Generated<string>;
  invite: Json<Invite>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type MeetingsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  series_id: number | null;
  kind: MeetingKind;
  title: string;
  /** The day the series' rule gave (the meeting may have moved off a holiday: `moved_reason`). */
  ruled_on: string | null;
  moved_reason: string | null;
  starts_at: Date;
  ends_at: Date;
  venue: Generated<string>;
  remote_url: Generated<string>;
  invite: Json<Invite>;
  invited: Generated<number>;
  /** The agenda planned before the meeting: topics (their title kept) and items in words. */
  agenda: ColumnType<AgendaItem[], string | undefined, string>;
  /** Present without an account (counted at the door by the staff), beside the check-ins. */
  present_extra: Generated<number>;
  minutes: Generated<string>;
  state: Generated<'scheduled' | 'held' | 'cancelled'>;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type MeetingAttendanceTable = {
  street_id: string;
  meeting_id: number;
  user_id: number;
  how: 'checkin' | 'remote' | 'marked';
  at: Generated<Date>;
};
export type TopicsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  title: string;
  detail: Generated<string>;
  source: 'resident' | 'community' | 'case' | 'survey';
  proposer_id: number | null;
  case_id: number | null;
  survey_id: number | null;
  step: Generated<StepKey | 'solicit'>;
  state: Generated<'open' | 'completed' | 'withdrawn'>;
  step_at: Generated<Date>;
  due_at: Date;
  withdrawn_reason: string | null;
  /** The case that carries out the decision (共事 → the case loop), linked both ways. */
  resolution_case_id: Generated<number | null>;
  created_at: Generated<Date>;
};
export type TopicSupportsTable = { street_id: string; topic_id: number; user_id: number; at: Generated<Date> };
export type TopicStepsTable = {
  street_id: string;
  id: Generated<number>;
  topic_id: number;
  step: StepKey;
  by_user: number | null;
  at: Generated<Date>;
  meeting_id: number | null;
  text: string;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  present: number | null;
  quorum_met: boolean | null;
  passed: boolean | null;
  /** A decision without quorum (or not passed) is kept but does not count: the step stays to be taken. */
  counts: Generated<boolean>;
};
export type SurveysTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  title: string;
  intro: Generated<string>;
  questions: Json<Question[]>;
  /** The audience: some grids of the community (empty: the whole community). */
  grids: Generated<string[]>;
  opens_at: Date;
  closes_at: Date;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type SurveyResponsesTable = {
  street_id: string;
  survey_id: number;
  user_id: number;
  answers: Json<(number | number[] | string | null)[]>;
  at: Generated<Date>;
};
export type NoticesTable = {
  street_id: string;
  id: Generated<number>;
  region_code: string;
  building_id: number | null;
  category: NoticeCategory;
  audience: 'public' | 'staff';
  role: string | null;
  title: string;
  body: string;
  finance: Json<{ columns: string[]; rows: string[][] } | null>;
  pinned: Generated<boolean>;
  publish_at: Date;
  withdraw_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type NoticeReadsTable = { street_id: string; notice_id: number; user_id: number; at: Generated<Date> };

/** Attachments: a meeting's minutes, a step's papers (a result's evidence), a notice's files. */
export type DeliberationFilesTable = {
  street_id: string;
  id: Generated<number>;
  owner_kind: 'meeting' | 'step' | 'notice';
  owner_id: number;
  name: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: number;
  data: Buffer;
  uploaded_by: number | null;
  uploaded_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    deliberation_files: DeliberationFilesTable;
    meeting_series: MeetingSeriesTable;
    meetings: MeetingsTable;
    meeting_attendance: MeetingAttendanceTable;
    topics: TopicsTable;
    topic_supports: TopicSupportsTable;
    topic_steps: TopicStepsTable;
    surveys: SurveysTable;
    survey_responses: SurveyResponsesTable;
    notices: NoticesTable;
    notice_reads: NoticeReadsTable;
  }
}
