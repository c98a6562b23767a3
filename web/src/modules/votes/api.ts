import { z } from 'zod';
import {
  budgetDetail,
  budgetRow,
  electoratePreview,
  myVote,
  type budgetInput,
  type milestoneInput,
  type proposalInput,
  type reviewInput,
  type spendingInput,
  tallyResult,
  voteDetail,
  voteRow,
  voterRow,
  type castInput,
  type entryInput,
  type resolveInput,
  type voteInput,
} from '../../../../contracts/votes.js';
import { http, withQuery } from '../../lib/http.js';

const ok = z.object({ ok: z.literal(true) });
/** 业主表决 (module `votes`). */
export const votesApi = {
  votes: (community: string) =>
    http.get(
      z.object({ items: z.array(voteRow), canManage: z.boolean() }),
      withQuery('/api/owner-votes', { community }),
    ),
  open: (body: z.input<typeof voteInput>) =>
    http.post(z.object({ id: z.number(), units: z.number(), heads: z.number() }), '/api/owner-votes', body),
  vote: (id: number, street: string) => http.get(voteDetail, withQuery(`/api/owner-votes/${id}`, { street })),
  voters: (id: number, street: string, q: string) =>
    http.get(z.object({ items: z.array(voterRow) }), withQuery(`/api/owner-votes/${id}/voters`, { street, q })),
  changes: (id: number, street: string) =>
    http.get(
      z.object({ items: z.array(z.object({ unit: z.string(), change: z.string() })) }),
      withQuery(`/api/owner-votes/${id}/changes`, { street }),
    ),
  scan: (id: number, street: string, file: File) =>
    http.upload(
      z.object({ id: z.number() }),
      withQuery(`/api/owner-votes/${id}/files`, { street, name: file.name }),
      file,
      {
        'content-type': file.type,
      },
    ),
  enter: (id: number, body: z.input<typeof entryInput>) =>
    http.post(z.object({ state: z.enum(['pending', 'counted']) }), `/api/owner-votes/${id}/entries`, body),
  confirm: (id: number, street: string, voter: string) =>
    http.post(ok, `/api/owner-votes/${id}/confirm`, { street, voter }),
  resolve: (id: number, body: z.input<typeof resolveInput>) => http.post(ok, `/api/owner-votes/${id}/resolve`, body),
  close: (id: number, street: string) =>
    http.post(
      z.object({
        result: z.array(z.object({ no: z.number(), title: z.string(), tally: tallyResult })),
        noticeId: z.number(),
      }),
      `/api/owner-votes/${id}/close`,
      { street },
    ),
  budgets: (community: string) =>
    http.get(z.object({ items: z.array(budgetRow), canManage: z.boolean() }), withQuery('/api/budgets', { community })),
  budget: (id: number, street: string) => http.get(budgetDetail, withQuery(`/api/budgets/${id}`, { street })),
  publicBudget: (street: string, id: number) => http.get(budgetDetail, `/api/public/budgets/${street}/${id}`),
  addBudget: (body: z.input<typeof budgetInput>) => http.post(z.object({ id: z.number() }), '/api/budgets', body),
  propose: (id: number, body: z.input<typeof proposalInput>) =>
    http.post(z.object({ id: z.number() }), `/api/budgets/${id}/proposals`, body),
  review: (id: number, proposal: number, body: z.input<typeof reviewInput>) =>
    http.post(ok, `/api/budgets/${id}/proposals/${proposal}/review`, body),
  budgetBallot: (id: number, street: string, proposalIds: number[]) =>
    http.post(ok, `/api/budgets/${id}/ballot`, { street, proposalIds }),
  select: (id: number, street: string) => http.post(z.unknown(), `/api/budgets/${id}/select`, { street }),
  milestone: (id: number, proposal: number, body: z.input<typeof milestoneInput>) =>
    http.post(z.object({ id: z.number() }), `/api/budgets/${id}/proposals/${proposal}/milestones`, body),
  spending: (id: number, proposal: number, body: z.input<typeof spendingInput>) =>
    http.post(z.object({ id: z.number() }), `/api/budgets/${id}/proposals/${proposal}/spending`, body),
  electorate: (community: string, estate: number) =>
    http.get(electoratePreview, withQuery('/api/owner-votes/electorate', { community, estate })),
  milestonePhoto: (id: number, street: string, milestone: number, file: File) =>
    http.upload(ok, withQuery(`/api/budgets/${id}/milestones/${milestone}/photo`, { street }), file, {
      'content-type': file.type,
    }),
  mine: () => http.get(z.object({ items: z.array(myVote) }), '/api/owner-votes/mine'),
  cast: (id: number, body: z.input<typeof castInput>) =>
    http.post(z.object({ owners: z.number() }), `/api/owner-votes/${id}/cast`, body),
};
export type VoteDetail = z.output<typeof voteDetail>;
export type Budget = z.output<typeof budgetDetail>;
