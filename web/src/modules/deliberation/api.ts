import { z } from 'zod';
import {
  type agendaItem,
  inviteePerson,
  meetingRow,
  question,
  stepRow,
  topicRow,
  type meetingInput,
  type noticeInput,
  type seriesInput,
  type stepInput,
  type surveyInput,
} from '../../../../contracts/deliberation.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });
const ok = z.object({ ok: z.literal(true) });
const finance = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).nullable();
const file = z.object({ id: z.number(), name: z.string(), mime: z.string(), size: z.number() });
const notice = z.object({
  id: z.number(),
  region: z.string(),
  category: z.string(),
  categoryName: z.string(),
  audience: z.enum(['public', 'staff']),
  role: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  finance,
  pinned: z.boolean(),
  publishAt: z.string(),
  withdrawAt: z.string().nullable(),
  files: z.array(file).default([]),
});
const survey = z.object({
  id: z.number(),
  title: z.string(),
  intro: z.string(),
  questions: z.array(question),
  opensAt: z.string(),
  closesAt: z.string(),
  open: z.boolean(),
  responses: z.number(),
  answered: z.boolean(),
});
const results = z.object({
  id: z.number(),
  title: z.string(),
  responses: z.number(),
  questions: z.array(
    z.object({
      kind: z.string(),
      text: z.string(),
      options: z.array(z.object({ option: z.string(), count: z.number() })),
      mean: z.number().nullable(),
      texts: z.array(z.string()),
    }),
  ),
});
export const board = z.object({
  community: z.string(),
  notices: z.array(notice),
  topics: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      decision: z.string().nullable(),
      decidedOn: z.string().nullable(),
      result: z.string().nullable(),
      doneOn: z.string().nullable(),
      files: z.array(file).default([]),
    }),
  ),
});

/** 大家的事大家议 (module `deliberation`). */
export const deliberationApi = {
  meetings: (community: string, from: string, to: string) =>
    http.get(z.object({ items: z.array(meetingRow) }), withQuery('/api/meetings', { community, from, to })),
  meeting: (id: number, street: string) =>
    http.get(
      z.object({
        id: z.number(),
        minutes: z.string(),
        files: z.array(file),
        planned: z.array(
          z.object({ topicId: z.number().nullable(), text: z.string(), stepName: z.string().nullable() }),
        ),
        attendance: z.array(z.object({ name: z.string(), how: z.string(), at: z.string() })),
        agenda: z.array(
          z.object({
            topicId: z.number(),
            title: z.string(),
            step: z.string(),
            passed: z.boolean().nullable(),
            counts: z.boolean(),
          }),
        ),
      }),
      withQuery(`/api/meetings/${id}`, { street }),
    ),
  addSeries: (body: z.input<typeof seriesInput>) =>
    http.post(z.object({ id: z.number(), meetings: z.number() }), '/api/meeting-series', body),
  addMeeting: (body: z.input<typeof meetingInput>) => http.post(created, '/api/meetings', body),
  setAgenda: (id: number, street: string, items: z.input<typeof agendaItem>[]) =>
    http.put(ok, `/api/meetings/${id}/agenda`, { street, items }),
  invitees: (community: string, q: string) =>
    http.get(z.object({ items: z.array(inviteePerson) }), withQuery('/api/deliberation/invitees', { community, q })),
  attend: (id: number, street: string, how: 'checkin' | 'remote') =>
    http.post(z.object({ remoteUrl: z.string().nullable() }), `/api/meetings/${id}/attend`, { street, how }),
  minutes: (id: number, street: string, minutes: string, presentExtra: number) =>
    http.post(ok, `/api/meetings/${id}/minutes`, { street, minutes, presentExtra }),
  topics: (community: string) =>
    http.get(z.object({ items: z.array(topicRow), canManage: z.boolean() }), withQuery('/api/topics', { community })),
  steps: (id: number, street: string) =>
    http.get(z.object({ items: z.array(stepRow) }), withQuery(`/api/topics/${id}/steps`, { street })),
  propose: (community: string, title: string, detail: string) =>
    http.post(created, '/api/topics', { community, title, detail }),
  support: (id: number, street: string) => http.post(ok, `/api/topics/${id}/support`, { street }),
  step: (id: number, body: z.input<typeof stepInput> & { street: string }) =>
    http.post(
      z.object({
        id: z.number(),
        counts: z.boolean(),
        quorumMet: z.boolean().nullable(),
        passed: z.boolean().nullable(),
      }),
      `/api/topics/${id}/steps`,
      body,
    ),
  toCase: (id: number, street: string, category: string) =>
    http.post(z.object({ caseId: z.number() }), `/api/topics/${id}/case`, { street, category }),
  withdraw: (id: number, street: string, reason: string) =>
    http.post(ok, `/api/topics/${id}/withdraw`, { street, reason }),
  surveys: (community: string) =>
    http.get(z.object({ items: z.array(survey) }), withQuery('/api/surveys', { community })),
  addSurvey: (body: z.input<typeof surveyInput>) => http.post(created, '/api/surveys', body),
  respond: (id: number, street: string, answers: (number | number[] | string | null)[]) =>
    http.post(ok, `/api/surveys/${id}/responses`, { street, answers }),
  results: (id: number, street: string) => http.get(results, withQuery(`/api/surveys/${id}/results`, { street })),
  resultsXlsx: (id: number, street: string) => withQuery(`/api/surveys/${id}/results.xlsx`, { street }),
  topicFromSurvey: (id: number, street: string, title: string, detail: string) =>
    http.post(created, `/api/surveys/${id}/topic`, { street, title, detail }),
  notices: (community: string) =>
    http.get(
      z.object({
        items: z.array(
          notice.extend({
            state: z.enum(['scheduled', 'published', 'withdrawn']),
            reads: z.number(),
            readRate: z.number().nullable(),
          }),
        ),
      }),
      withQuery('/api/notices', { community }),
    ),
  myNotices: () =>
    http.get(
      z.object({ items: z.array(notice.extend({ read: z.boolean(), street: z.string() })) }),
      '/api/notices/mine',
    ),
  addNotice: (body: z.input<typeof noticeInput>) => http.post(created, '/api/notices', body),
  withdrawNotice: (id: number, street: string) => http.post(ok, `/api/notices/${id}/withdraw`, { street }),
  read: (id: number, street: string) => http.post(ok, `/api/notices/${id}/read`, { street }),
  board: (community: string) => http.get(board, `/api/public/communities/${community}/board`),
  publicFile: (street: string, id: number) => withQuery(`/api/public/deliberation-files/${id}`, { street }),
  tableXlsx: (community: string, id: number) => `/api/public/communities/${community}/notices/${id}/table.xlsx`,
};
