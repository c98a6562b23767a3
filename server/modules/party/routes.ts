import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  board,
  boardQuery,
  dualDecision,
  dualRegistrationInput,
  memberInput,
  memberList,
  myParty,
  orgInput,
  orgMove,
  orgTree,
  orgTreeQuery,
  postInput,
  postList,
  serviceInput,
} from '../../../contracts/party.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor, type Actor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import {
  addMember,
  addPost,
  decideDualRegistration,
  recordService,
  requestDualRegistration,
} from './commands/members.js';
import { allianceRoutes } from './alliance-routes.js';
import { membersOf } from './member-queries.js';
import { memberRoutes } from './member-routes.js';
import { unitRoutes } from './unit-routes.js';
import { addOfficer, createOrg, moveOrg, officerInput } from './commands/orgs.js';
import {
  boardOf,
  communityTarget,
  communityOfPath,
  isOfficerOf,
  minimumOf,
  myRecord,
  orgOf,
  orgTree as treeOf,
  postsOf,
  regionOf,
  subtreeOf,
} from './queries.js';

const tags = ['party'];
const created = z.object({ id: z.number() });
const COMMUNITY = { zh: '社区', en: 'Community' };

/** The place a tree is asked for: the community named, else the actor's one community, else their street. */
function placeOf(actor: Actor, community: string | undefined): string {
  if (community) return community;
  const communities = [
    ...new Set(actor.assignments.flatMap((a) => (a.regionPath ? [communityOfPath(a.regionPath)] : []))),
  ];
  const [only] = communities;
  if (only && communities.length === 1) return only;
  const [street] = streetsOfActor(actor);
  if (street && communities.every((c) => c === null)) return street;
  const text = { zh: '请选择社区', en: 'Pick a community' };
  throw new AppError('validation', text, { issues: [{ path: 'query.community', message: text }] });
}

/** The party organisation: its tree, members (restricted), posts, 双报到 and service records. */
export async function partyRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  allianceRoutes(fastify, ctx);
  memberRoutes(fastify, ctx);
  // its own scope: the signed files' content types are parsed here only (cases parse photos)
  await fastify.register(async (scope) => unitRoutes(scope, ctx));
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
  app.get(
    '/api/party/orgs',
    {
      schema: {
        tags,
        summary: 'The party organisations of a community (or street) as a tree: officers and member counts',
        querystring: orgTreeQuery,
        response: { 200: orgTree, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const place = await regionOf(db, placeOf(actor, req.query.community));
      if (!place?.street_id) throw notFound(COMMUNITY);
      const target = { regionPath: place.path, streetId: place.street_id };
      authorize(actor, 'party.read', target);
      return {
        roots: await treeOf(db, place.street_id, place.path),
        canManage: allowed(actor, 'party.manage', target),
        canReadMembers: allowed(actor, 'party.read_members', target),
      };
    },
  );
  app.post(
    '/api/party/orgs',
    {
      schema: {
        tags,
        summary: 'Set up a party organisation in the tree',
        body: orgInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => createOrg(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/orgs/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an organisation (with its groups and members) under another',
        params: idParams,
        body: orgMove,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => moveOrg(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.post(
    '/api/party/officers',
    { schema: { tags, summary: 'Name an officer for a term', body: officerInput, response: { 200: created, ...bad } } },
    async (req) => addOfficer(db, callerOf(req), req.body),
  );
  app.get(
    '/api/party/orgs/:id/members',
    {
      schema: {
        tags,
        summary:
          'The members of an organisation and those below it (the community secretary and its own officers only; audited)',
        params: idParams,
        response: { 200: memberList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const org = await orgOf(db, req.params.id, streetsOfActor(actor));
      const subtree = await subtreeOf(db, org.street_id, org.id);
      const officer = await isOfficerOf(db, org.street_id, actor.userId, subtree.slice(0, 1));
      const target = {
        regionPath: org.region_path,
        streetId: org.street_id,
        ownerUserId: officer ? actor.userId : null,
      };
      authorize(actor, 'party.read', target);
      authorize(actor, 'party.read_members', target);
      await writeAudit(db, auditContextOf(req), {
        streetId: org.street_id,
        action: 'party.read_members',
        objectType: 'party_org',
        objectId: org.id,
        result: 'ok',
      });
      return { items: await membersOf(db, org.street_id, subtree) };
    },
  );
  app.post(
    '/api/party/members',
    {
      schema: {
        tags,
        summary: 'Add a member to an organisation',
        body: memberInput.extend({ userId: z.number().int().positive().nullable().default(null) }),
        response: { 200: created, ...bad },
      },
    },
    async (req) => addMember(db, callerOf(req), req.body),
  );
  app.get(
    '/api/party/posts',
    {
      schema: {
        tags,
        summary: 'The posts (设岗定责) a community keeps',
        querystring: boardQuery,
        response: { 200: postList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read', c);
      return { items: await postsOf(db, c.streetId, c.code) };
    },
  );
  app.post(
    '/api/party/posts',
    {
      schema: {
        tags,
        summary: 'Add a post to the community’s list',
        body: postInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => addPost(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/dual-registrations',
    {
      schema: {
        tags,
        summary: '双报到: report to the community where I live',
        body: dualRegistrationInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => requestDualRegistration(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/dual-registrations/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve a registration with a post, or turn it down',
        params: idParams,
        body: dualDecision,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => decideDualRegistration(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/party/board',
    {
      schema: {
        tags,
        summary: 'The 双报到 board of a community: waiting, registered, serving, silent this year',
        querystring: boardQuery,
        response: { 200: board, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read_members', c);
      return boardOf(db, c.streetId, c.code, await minimumOf(db, c.streetId));
    },
  );
  app.get(
    '/api/party/me',
    { schema: { tags, summary: 'My organisation, post and services this year', response: { 200: myParty, ...bad } } },
    async (req) => {
      const actor = requireActor(req.actor);
      const [street] = streetsOfActor(actor);
      const mine = await myRecord(db, actor.userId, street ? await minimumOf(db, street) : 0);
      if (!mine)
        throw new AppError('not_found', { zh: '您的账号尚未关联党员信息', en: 'Your account is no party member’s' });
      return mine;
    },
  );
  app.post(
    '/api/party/services',
    { schema: { tags, summary: 'Record a service I gave', body: serviceInput, response: { 200: created, ...bad } } },
    async (req) => recordService(db, callerOf(req), req.body),
  );
}
