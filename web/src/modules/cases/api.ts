import { z } from 'zod';
import {
  calendarYear,
  caseCreated,
  caseDetail,
  type CaseInput,
  casePage,
  caseSettingsView,
  type caseSummary,
  categoryItem,
  indicatorsResult,
  type indicatorRow,
  photoUploadResult,
  type CaseSettingsView,
} from '../../../../contracts/cases.js';
import { okResult } from '../../../../contracts/registry.js';
import { http, withQuery } from '../../lib/http.js';

export type CaseListItem = z.infer<typeof caseSummary>;
export type CaseFull = z.infer<typeof caseDetail>;
export type Category = z.infer<typeof categoryItem>;
export type IndicatorRowT = z.infer<typeof indicatorRow>;
type Query = Record<string, string>;
type Day = { day: string; kind: 'holiday' | 'workday'; name: string };

/** Intake, the workbench, steps, settings, indicators, photos (module `cases`). */
export const casesApi = {
  list: (params: Query) => http.get(casePage, withQuery('/api/cases', params)),
  exportUrl: (params: Query) => withQuery('/api/cases/export', params),
  get: (id: number) => http.get(caseDetail, `/api/cases/${id}`),
  create: (body: CaseInput) => http.post(caseCreated, '/api/cases', body),
  act: (id: number, action: string, body: Record<string, unknown> = {}) =>
    http.post(caseDetail, `/api/cases/${id}/${action}`, body),
  /** The reporter's full phone (audited), to call them. */
  reporterPhone: (id: number) =>
    http.post(z.object({ value: z.string().nullable() }), `/api/cases/${id}/reporter-phone`, {}),
  rateAgency: (id: number, score: number, comment?: string) =>
    http.post(okResult, `/api/cases/${id}/agency-rating`, { score, ...(comment ? { comment } : {}) }),
  categories: () => http.get(z.array(categoryItem), '/api/case-categories'),
  saveCategory: (id: number | null, body: Omit<Category, 'id'>) =>
    id === null
      ? http.post(categoryItem, '/api/case-categories', body)
      : http.put(categoryItem, `/api/case-categories/${id}`, body),
  calendar: (year: number) => http.get(calendarYear, `/api/case-calendar/${year}`),
  saveCalendar: (year: number, days: Day[]) => http.put(calendarYear, `/api/case-calendar/${year}`, { days }),
  settings: () => http.get(caseSettingsView, '/api/case-settings'),
  saveSettings: (s: CaseSettingsView) => http.put(caseSettingsView, '/api/case-settings', s),
  indicators: (params: Query) => http.get(indicatorsResult, withQuery('/api/case-indicators', params)),
  indicatorsExportUrl: (params: Query) => withQuery('/api/case-indicators/export', params),
  photoUrl: (id: string, thumb = false) => `/api/case-photos/${id}${thumb ? '?size=thumb' : ''}`,
  uploadPhoto: (file: Blob) => http.upload(photoUploadResult, '/api/case-photos', file),
};
