import { z } from 'zod';
import { raterKinds, resultRow, tableRow, type tableInput, type sheetInput } from '../../../../contracts/assessment.js';
import { http, withQuery } from '../../lib/http.js';

export const mineRow = z.object({
  street: z.string(),
  tableId: z.number(),
  title: z.string(),
  year: z.number(),
  anonymous: z.boolean(),
  quarter: z.number(),
  kind: z.enum(raterKinds),
  kindName: z.string(),
  subject: z.string(),
  subjectName: z.string(),
  scored: z.boolean(),
  items: z.array(z.object({ no: z.number(), title: z.string(), points: z.number(), rule: z.string() })),
});
export type Mine = z.infer<typeof mineRow>;
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
