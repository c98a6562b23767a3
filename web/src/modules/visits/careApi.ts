import { z } from 'zod';
import { alarmList, myPairings, subjectDetail, subjectList } from '../../../../contracts/care.js';
import { okResult } from '../../../../contracts/registry.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });

/** Care subjects, pairings and the alarms board (module `visits`). */
export const careApi = {
  subjects: (q: { community: string; level?: string | undefined; state?: string | undefined }) =>
    http.get(subjectList, withQuery('/api/care/subjects', q)),
  subject: (id: number) => http.get(subjectDetail, `/api/care/subjects/${id}`),
  patch: (id: number, body: object) => http.patch(okResult, `/api/care/subjects/${id}`, body),
  addHelper: (id: number, body: object) => http.post(created, `/api/care/subjects/${id}/helpers`, body),
  removeHelper: (id: number, helperId: number) =>
    http.post(okResult, `/api/care/subjects/${id}/helpers/${helperId}/end`),
  mine: () => http.get(myPairings, '/api/care/mine'),
  checkIn: (id: number, body: { at: string; kind: string; notes: string }) =>
    http.post(created, `/api/care/subjects/${id}/checkins`, body),
  alarms: (community: string, state?: string) =>
    http.get(alarmList, withQuery('/api/care/alarms', { community, state })),
  act: (id: number, action: 'acknowledge' | 'close', note = '') =>
    http.post(okResult, `/api/care/alarms/${id}`, { action, note }),
};
