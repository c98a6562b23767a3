import { z } from 'zod';
import { alliance, board, memberList, myParty, orgTree, postList } from '../../../../contracts/party.js';
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
};
