import { z } from 'zod';
import {
  assignmentRow,
  awardRow,
  grades,
  resultRow,
  reviewEntry,
  reviewRow,
  tableRow,
  type awardInput,
  type Grade,
  type reviewInput,
  type sheetInput,
  type tableInput,
} from '../../../../contracts/assessment.js';
import { http, withQuery } from '../../lib/http.js';

export const mineRow = assignmentRow;
export type Mine = z.infer<typeof mineRow>;
const myReview = z.object({
  street: z.string(),
  reviewId: z.number(),
  title: z.string(),
  org: z.string(),
  state: z.enum(['open', 'closed']),
  selfGrade: z.enum(grades).nullable(),
  selfText: z.string().nullable(),
  finalGrade: z.enum(grades).nullable(),
  rated: z.boolean(),
  others: z.array(z.object({ memberId: z.number(), name: z.string() })),
});
export type Table = z.infer<typeof tableRow>;
export type Result = z.infer<typeof resultRow>;

/** 考核评议 (module `assessment`). */
export const assessmentApi = {
  tables: (street?: string) =>
    http.get(
      z.object({ street: z.string(), items: z.array(tableRow), canManage: z.boolean() }),
      withQuery('/api/assessment/tables', { street }),
    ),
  create: (body: z.input<typeof tableInput>) => http.post(z.object({ id: z.number() }), '/api/assessment/tables', body),
  assign: (
    street: string,
    id: number,
    body: { quarter: number; userId: number; kind: string; subjects: string[] | null },
  ) => http.post(z.object({ assigned: z.number() }), `/api/assessment/tables/${street}/${id}/raters`, body),
  results: (street: string, id: number, quarter: number) =>
    http.get(
      z.object({ items: z.array(resultRow) }),
      withQuery(`/api/assessment/tables/${street}/${id}/results`, { quarter }),
    ),
  candidates: (street: string) =>
    http.get(
      z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), roles: z.array(z.string()) })) }),
      withQuery('/api/assessment/candidates', { street }),
    ),
  mine: () => http.get(z.object({ items: z.array(mineRow) }), '/api/assessment/mine'),
  submit: (body: z.input<typeof sheetInput>) =>
    http.post(z.object({ ok: z.literal(true) }), '/api/assessment/sheets', body),
};

export const reviewsApi = {
  list: (street: string) =>
    http.get(z.object({ items: z.array(reviewRow) }), withQuery('/api/member-reviews', { street })),
  open: (body: z.input<typeof reviewInput>) =>
    http.post(z.object({ id: z.number(), members: z.number() }), '/api/member-reviews', body),
  detail: (street: string, id: number) =>
    http.get(
      z.object({
        review: reviewRow.pick({ id: true, org: true, title: true, excellentMax: true, state: true }),
        entries: z.array(reviewEntry),
        canClose: z.boolean(),
      }),
      `/api/member-reviews/${street}/${id}`,
    ),
  close: (street: string, id: number, grades: { memberId: number; grade: Grade }[]) =>
    http.post(z.object({ ok: z.literal(true) }), `/api/member-reviews/${street}/${id}/close`, { grades }),
  mine: () => http.get(z.object({ items: z.array(myReview) }), '/api/member-reviews/mine'),
  self: (street: string, id: number, body: { grade: Grade; text: string }) =>
    http.put(z.object({ ok: z.literal(true) }), `/api/member-reviews/${street}/${id}/self`, body),
  rate: (street: string, id: number, ratings: { memberId: number; grade: Grade }[]) =>
    http.post(z.object({ ok: z.literal(true) }), `/api/member-reviews/${street}/${id}/ratings`, { ratings }),
};
export const awardsApi = {
  list: (community: string) =>
    http.get(z.object({ items: z.array(awardRow), canManage: z.boolean() }), withQuery('/api/awards', { community })),
  create: (body: z.input<typeof awardInput>) => http.post(z.object({ id: z.number() }), '/api/awards', body),
  nominate: (street: string, id: number, body: { name: string; reason: string }) =>
    http.post(z.object({ id: z.number() }), `/api/awards/${street}/${id}/nominees`, body),
  review: (street: string, nominee: number, body: { accept: boolean; note?: string | null }) =>
    http.post(z.object({ ok: z.literal(true) }), `/api/award-nominees/${street}/${nominee}/review`, body),
  vote: (street: string, id: number, nomineeIds: number[]) =>
    http.post(z.object({ ok: z.literal(true) }), `/api/awards/${street}/${id}/votes`, { nomineeIds }),
  decide: (street: string, id: number, nomineeIds: number[] | null) =>
    http.post(
      z.object({ winners: z.array(z.string()), publicityUntil: z.string() }),
      `/api/awards/${street}/${id}/decide`,
      { nomineeIds },
    ),
};
export type Award = z.infer<typeof awardRow>;
export type MyReview = z.infer<typeof myReview>;
