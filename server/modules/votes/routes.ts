import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import {
  ballotFile,
  castInput,
  electoratePreview,
  entryInput,
  myVote,
  resolveInput,
  tallyResult,
  voteInput,
  voteDetail,
  voteRow,
  voterRow,
} from '../../../contracts/votes.js';
import { requireActor } from '../../core/access.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { placeOf } from '../../core/places.js';
import { ballotFileOf } from './ballots.js';
import { budgetRoutes } from './budget/routes.js';
import { castOnline, confirmPaper, enterBallot, resolveConflict } from './commands/ballots.js';
import { closeVote } from './commands/close.js';
import { openVote, setDelegate, voteOf } from './commands/votes.js';
import { changesSince, previewOf } from './electorate.js';
import { attachScan, MAX_SCAN_BYTES, scanOf, SCAN_TYPES } from './files.js';
import { estateIn, itemOf, myVotes, voteDetail as detailOf, votersOf, votesOf } from './queries.js';

const tags = ['votes'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const street = z.object({ street: z.string().regex(/^\d{9}$/) });

/** 业主共同决定: an estate's votes under Civil Code art. 278, from the snapshot to the published ballot file. */
export function votesRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  budgetRoutes(fastify, ctx);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser([...SCAN_TYPES], { parseAs: 'buffer', bodyLimit: MAX_SCAN_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  const readable = async (actor: ReturnType<typeof requireActor>, streetId: string, id: number) => {
    const v = await voteOf(db, streetId, id);
    authorize(actor, 'votes.read', v.target);
    return v;
  };

  app.get(
    '/api/owner-votes',
    {
      schema: {
        tags,
        summary: 'A community’s owners’ votes: items, period, turnout, results',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(voteRow), canManage: z.boolean() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await placeOf(db, req.query.community);
      if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
      const target = { regionPath: c.regionPath, streetId: c.streetId };
      authorize(actor, 'votes.read', target);
      return { items: await votesOf(db, c.streetId, c.code), canManage: allowed(actor, 'votes.manage', target) };
    },
  );
  app.post(
    '/api/owner-votes',
    {
      schema: {
        tags,
        summary: 'Open a vote of an estate’s owners: items by matter, period, the electorate snapshot taken now',
        body: voteInput,
        response: { 201: z.object({ id: z.number(), units: z.number(), heads: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await openVote(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/owner-votes/electorate',
    {
      schema: {
        tags,
        summary: 'An estate’s register as the registry has it today (what a vote opened now would count over)',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/), estate: z.coerce.number().int().positive() }),
        response: { 200: electoratePreview, ...bad },
      },
    },
    async (req) => {
      const c = await placeOf(db, req.query.community);
      if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
      authorize(requireActor(req.actor), 'votes.read', { regionPath: c.regionPath, streetId: c.streetId });
      if (!(await estateIn(db, c.streetId, c.code, req.query.estate))) throw notFound({ zh: '小区', en: 'Estate' });
      return previewOf(db, c.streetId, req.query.estate);
    },
  );
  app.get(
    '/api/owner-votes/mine',
    {
      schema: {
        tags,
        summary: 'The votes the signed-in owner takes part in, their own ballots, and results',
        response: { 200: z.object({ items: z.array(myVote) }), ...bad },
      },
    },
    async (req) => ({ items: await myVotes(db, requireActor(req.actor)) }),
  );
  app.get(
    '/api/owner-votes/:id',
    {
      schema: {
        tags,
        summary: 'A vote for the staff: electorate, each item’s tally (live until closed), entries to check, conflicts',
        params: idParams,
        querystring: street,
        response: {
          200: voteDetail,
          ...bad,
        },
      },
    },
    async (req) => detailOf(db, await readable(requireActor(req.actor), req.query.street, req.params.id)),
  );
  app.get(
    '/api/owner-votes/:id/voters',
    {
      schema: {
        tags,
        summary: '业主名册: owners found by a unit, names masked, their ballots by channel',
        params: idParams,
        querystring: street.extend({ q: z.string().trim().max(30).default('') }),
        response: {
          200: z.object({ items: z.array(voterRow) }),
          ...bad,
        },
      },
    },
    async (req) => {
      const v = await readable(requireActor(req.actor), req.query.street, req.params.id);
      return { items: await votersOf(db, v, req.query.q) };
    },
  );
  app.get(
    '/api/owner-votes/:id/changes',
    {
      schema: {
        tags,
        summary: 'What the registry changed since the snapshot (the vote keeps counting over the snapshot)',
        params: idParams,
        querystring: street,
        response: { 200: z.object({ items: z.array(z.object({ unit: z.string(), change: z.string() })) }), ...bad },
      },
    },
    async (req) => {
      const v = await readable(requireActor(req.actor), req.query.street, req.params.id);
      return { items: await changesSince(db, v.street_id, v.id, v.estate_id) };
    },
  );
  app.post(
    '/api/owner-votes/:id/files',
    {
      bodyLimit: MAX_SCAN_BYTES,
      schema: {
        tags,
        summary: 'Put a paper ballot’s scan or a signed authorisation on file (PDF, JPEG or PNG as the raw body)',
        params: idParams,
        querystring: street.extend({ name: z.string().trim().min(1).max(100) }),
        response: { 201: z.object({ id: z.number() }), ...bad, 413: errorBody, 415: errorBody },
      },
    },
    async (req, reply) => {
      const mime = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (!Buffer.isBuffer(req.body) || !SCAN_TYPES.includes(mime as never))
        throw new AppError('validation', { zh: '请上传 PDF、JPG 或 PNG 文件', en: 'Upload a PDF, JPEG or PNG' });
      const made = await attachScan(db, callerOf(req), {
        street: req.query.street,
        voteId: req.params.id,
        name: req.query.name,
        mime: mime as (typeof SCAN_TYPES)[number],
        data: req.body,
      });
      return reply.code(201).send(made);
    },
  );
  app.get(
    '/api/owner-votes/:id/files/:file',
    {
      schema: {
        tags,
        summary: 'A scan or authorisation on file (the staff who check entries)',
        params: idParams.extend({ file: z.coerce.number().int().positive() }),
        querystring: street,
      },
    },
    async (req, reply) => {
      const v = await readable(requireActor(req.actor), req.query.street, req.params.id);
      const f = await scanOf(db, v.street_id, v.id, req.params.file);
      if (!f) throw notFound({ zh: '文件', en: 'File' });
      return reply
        .header('Content-Type', f.mime)
        .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`)
        .send(f.data);
    },
  );
  app.post(
    '/api/owner-votes/:id/entries',
    {
      schema: {
        tags,
        summary: 'Enter a paper ballot (awaits a second person) or a written proxy (counts), its scan on file',
        params: idParams,
        body: entryInput,
        response: { 201: z.object({ state: z.enum(['pending', 'counted']) }), ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await enterBallot(db, callerOf(req), { ...req.body, voteId: req.params.id })),
  );
  app.post(
    '/api/owner-votes/:id/confirm',
    {
      schema: {
        tags,
        summary: 'A second person confirms an owner’s paper entry against its scan',
        params: idParams,
        body: street.extend({ voter: z.string().min(1).max(200) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => confirmPaper(db, callerOf(req), { ...req.body, voteId: req.params.id }),
  );
  app.post(
    '/api/owner-votes/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve an owner’s ballots from two channels on an item: keep one, set the others aside',
        params: idParams,
        body: resolveInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => resolveConflict(db, callerOf(req), { ...req.body, voteId: req.params.id }),
  );
  app.put(
    '/api/owner-votes/:id/delegate',
    {
      schema: {
        tags,
        summary: 'Joint owners name which of them votes',
        params: idParams,
        body: street.extend({ voter: z.string().min(1).max(200), residentId: z.number().int().positive() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => setDelegate(db, callerOf(req), { ...req.body, voteId: req.params.id }),
  );
  app.post(
    '/api/owner-votes/:id/close',
    {
      schema: {
        tags,
        summary: 'Count after the period: result per item fixed, ballot files published, a notice with the table',
        params: idParams,
        body: street,
        response: {
          200: z.object({
            result: z.array(z.object({ no: z.number(), title: z.string(), tally: tallyResult })),
            noticeId: z.number(),
          }),
          ...bad,
        },
      },
    },
    async (req) => closeVote(db, callerOf(req), { ...req.body, voteId: req.params.id }),
  );
  app.post(
    '/api/owner-votes/:id/cast',
    {
      schema: {
        tags,
        summary: 'An owner’s own ballot on the phone (a later one replaces it until the vote closes)',
        params: idParams,
        body: castInput,
        response: { 200: z.object({ owners: z.number() }), ...bad },
      },
    },
    async (req) => castOnline(db, callerOf(req), { ...req.body, voteId: req.params.id }),
  );
  app.get(
    '/api/public/owner-votes/:street/:id/items/:no',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The published ballot file of an item (owners pseudonymised), for anyone to recount',
        params: z.object({
          street: z.string().regex(/^\d{9}$/),
          id: z.coerce.number().int().positive(),
          no: z.coerce.number().int().min(1).max(20),
        }),
        response: { 200: ballotFile, 404: errorBody },
      },
    },
    async (req) => {
      const v = await voteOf(db, req.params.street, req.params.id);
      const item = await itemOf(db, v, req.params.no);
      if (v.state !== 'closed' || !item) throw notFound({ zh: '已公布的表决票', en: 'Published ballots' });
      return (await ballotFileOf(db, v.street_id, v, item)).file;
    },
  );
}
