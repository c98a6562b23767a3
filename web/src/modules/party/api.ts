import { z } from 'zod';
import { alliance, board, memberList, myParty, orgTree, postList } from '../../../../contracts/party.js';
import {
  markedHouseholds,
  memberCard,
  orgHistory,
  partyLayer,
  reviewList,
  taskList,
  unitList,
  unitRecord,
} from '../../../../contracts/party-units.js';
import { myUnitReports, unitReportBoard } from '../../../../contracts/party-unit-reports.js';
import { okResult } from '../../../../contracts/registry.js';
import { http, withQuery } from '../../lib/http.js';

const created = z.object({ id: z.number() });

/** The party organisation (module `party`). */
export const partyApi = {
  tree: (community?: string) => http.get(orgTree, withQuery('/api/party/orgs', { community })),
  members: (orgId: number) => http.get(memberList, `/api/party/orgs/${orgId}/members`),
  board: (community: string) => http.get(board, withQuery('/api/party/board', { community })),
  posts: (community: string) => http.get(postList, withQuery('/api/party/posts', { community })),
  addPost: (community: string, name: string) => http.post(created, '/api/party/posts', { community, name }),
  decide: (id: number, body: { approve: boolean; postId?: number | null; note?: string }) =>
    http.post(okResult, `/api/party/dual-registrations/${id}/decide`, body),
  me: () => http.get(myParty, '/api/party/me'),
  alliance: (community: string) => http.get(alliance, withQuery('/api/party/alliance', { community })),
  resolutionCase: (id: number, category: string) =>
    http.post(z.object({ caseId: z.number() }), `/api/party/resolutions/${id}/case`, { category }),
  resolutionDone: (id: number) => http.post(okResult, `/api/party/resolutions/${id}/done`),
  recordService: (body: { servedOn: string; hours: number; what: string }) =>
    http.post(created, '/api/party/services', body),
  createOrg: (body: object) => http.post(created, '/api/party/orgs', body),
  mergeOrg: (id: number, intoId: number) =>
    http.post(
      z.object({ ok: z.literal(true), members: z.number(), children: z.number() }),
      `/api/party/orgs/${id}/merge`,
      {
        intoId,
      },
    ),
  moveOrg: (id: number, body: { parentId: number; name?: string }) =>
    http.post(okResult, `/api/party/orgs/${id}/move`, body),
  addMember: (body: object) => http.post(created, '/api/party/members', body),
  addOfficer: (body: object) => http.post(created, '/api/party/officers', body),
  history: (id: number) => http.get(orgHistory, `/api/party/orgs/${id}/history`),
  card: (id: number) => http.get(memberCard, `/api/party/members/${id}`),
  patchMember: (id: number, body: { householdMarked?: boolean; orgId?: number }) =>
    http.patch(okResult, `/api/party/members/${id}`, body),
  units: (community: string) => http.get(unitList, withQuery('/api/party/units', { community })),
  saveUnit: (body: object) => http.post(created, '/api/party/units', body),
  reviews: (community: string, quarter?: string) =>
    http.get(reviewList, withQuery('/api/party/reviews', { community, quarter })),
  review: (body: object) => http.post(z.object({ id: z.number(), quarter: z.string() }), '/api/party/reviews', body),
  unitRecord: () => http.get(unitRecord, '/api/party/unit-record'),
  createAgreement: (body: object) => http.post(created, '/api/party/agreements', body),
  progress: (itemId: number, body: { doneOn: string; amount: number; note?: string }) =>
    http.post(created, `/api/party/agreement-items/${itemId}/progress`, body),
  createMeeting: (body: object) => http.post(created, '/api/party/meetings', body),
  attachFile: (id: number, file: File) =>
    http.upload(okResult, withQuery(`/api/party/agreements/${id}/file`, { name: file.name }), file, {
      'content-type': file.type,
    }),
  offer: (id: number, open: boolean) => http.post(okResult, `/api/party/resolutions/${id}/offer`, { open }),
  tasks: () => http.get(taskList, '/api/party/tasks'),
  claim: (id: number) => http.post(okResult, `/api/party/tasks/${id}/claim`),
  layer: (community: string) => http.get(partyLayer, withQuery('/api/party/map', { community })),
  unitReports: (community: string) => http.get(unitReportBoard, withQuery('/api/party/unit-reports', { community })),
  decideUnitReport: (id: number, body: { approve: boolean; postId?: number | null; note?: string }) =>
    http.post(okResult, `/api/party/unit-reports/${id}/decide`, body),
  myUnitReports: () => http.get(myUnitReports, '/api/party/my-unit-reports'),
  reportUnit: (body: { community: string; members: number; note?: string }) =>
    http.post(created, '/api/party/my-unit-reports', body),
  recordUnitService: (id: number, body: { servedOn: string; people: number; hours: number; what: string }) =>
    http.post(created, `/api/party/unit-reports/${id}/services`, body),
  marked: (buildingId: number) => http.get(markedHouseholds, `/api/party/buildings/${buildingId}/marked`),
};
