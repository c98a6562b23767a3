import { z } from 'zod';
import {
  certificateCheck,
  certificateRow,
  teamRow,
  volunteerProfile,
  volunteerRow,
  volunteeringReport,
  type certificateInput,
  type teamInput,
  type volunteerRecordInput,
} from '../../../../contracts/volunteering.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });
const ok = z.object({ ok: z.literal(true) });

/** 志愿者, 服务队, 证明 and the yearly report (module `volunteering`). */
export const volunteersApi = {
  list: (community: string, q?: string) =>
    http.get(z.object({ items: z.array(volunteerRow) }), withQuery('/api/volunteers', { community, q })),
  profile: (id: number, street: string) => http.get(volunteerProfile, withQuery(`/api/volunteers/${id}`, { street })),
  edit: (id: number, body: { street: string; skills: string[]; availability: string }) =>
    http.patch(ok, `/api/volunteers/${id}`, body),
  addRecord: (id: number, body: z.input<typeof volunteerRecordInput>) =>
    http.post(created, `/api/volunteers/${id}/records`, body),
  teams: (community: string) =>
    http.get(z.object({ items: z.array(teamRow) }), withQuery('/api/volunteer-teams', { community })),
  addTeam: (body: z.input<typeof teamInput>) => http.post(created, '/api/volunteer-teams', body),
  addMembers: (id: number, street: string, volunteerIds: number[]) =>
    http.post(ok, `/api/volunteer-teams/${id}/members`, { street, volunteerIds }),
  certificates: (community: string) =>
    http.get(z.object({ items: z.array(certificateRow) }), withQuery('/api/certificates', { community })),
  issue: (body: z.input<typeof certificateInput>) =>
    http.post(z.object({ id: z.number(), certNo: z.string(), hours: z.number() }), '/api/certificates', body),
  mine: () =>
    http.get(z.object({ items: z.array(certificateRow.extend({ streetId: z.string() })) }), '/api/certificates/mine'),
  pdfUrl: (id: number, street: string) => withQuery(`/api/certificates/${id}/pdf`, { street }),
  check: (certNo: string, c: string) =>
    http.get(certificateCheck, withQuery(`/api/public/certificates/${encodeURIComponent(certNo)}`, { c })),
  report: (community: string, year: number) =>
    http.get(volunteeringReport, withQuery('/api/volunteering/report', { community, year: String(year) })),
};
