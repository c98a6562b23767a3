import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import {
  teamInput,
  teamRow,
  volunteerEdit,
  volunteerProfile,
  volunteerRecordInput,
  volunteerRow,
  volunteeringReport,
} from '../../../contracts/volunteering.js';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { communityOf } from './commands/store.js';
import { addTeamMembers, addVolunteerRecord, createTeam, editVolunteer, linkResident } from './commands/volunteers.js';
import { volunteeringReportOf } from './report.js';
import { teamsOf, volunteerProfileOf, volunteersOf } from './volunteer-queries.js';

const tags = ['volunteering'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });
const street = z.object({ street: z.string().regex(/^\d{9}$/) });

/** 志愿者 and 服务队: the register, each volunteer's five kinds of record, the teams. */
export function volunteerRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const readable = async (actor: ReturnType<typeof requireActor>, community: string) => {
    const c = await communityOf(db, community);
    authorize(actor, 'volunteering.read', c);
    return c;
  };
  app.get(
    '/api/volunteers',
    {
      schema: {
        tags,
        summary: 'A community’s volunteers (by name or volunteer number)',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/), q: z.string().trim().max(30).optional() }),
        response: { 200: z.object({ items: z.array(volunteerRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return { items: await volunteersOf(db, c.streetId, c.code, req.query.q || undefined) };
    },
  );
  app.get(
    '/api/volunteers/:id',
    {
      schema: {
        tags,
        summary: 'A volunteer’s five kinds of record: basics, service, training, awards, evaluations',
        params: idParams,
        querystring: street,
        response: { 200: volunteerProfile, ...bad },
      },
    },
    async (req) => {
      const p = await volunteerProfileOf(db, req.query.street, req.params.id);
      if (!p) throw notFound({ zh: '志愿者', en: 'Volunteer' });
      await readable(requireActor(req.actor), p.communityCode);
      return p;
    },
  );
  app.patch(
    '/api/volunteers/:id',
    {
      schema: {
        tags,
        summary: 'Skills and availability',
        params: idParams,
        body: volunteerEdit,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => editVolunteer(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.post(
    '/api/volunteers/:id/records',
    {
      schema: {
        tags,
        summary: 'Record a training, an award or an evaluation',
        params: idParams,
        body: volunteerRecordInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addVolunteerRecord(db, callerOf(req), { ...req.body, volunteerId: req.params.id })),
  );
  app.post(
    '/api/volunteers/:id/resident',
    {
      schema: {
        tags,
        summary: 'Link the volunteer to the registry’s record of the person (real name)',
        params: idParams,
        body: street.extend({ residentId: z.number().int().positive() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => linkResident(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/volunteering/report',
    {
      schema: {
        tags,
        summary: 'A community’s year of volunteering: people, activities, hours, points issued, spent and expired',
        querystring: z.object({
          community: z.string().regex(/^\d{12}$/),
          year: z.coerce.number().int().min(2000).max(2100),
        }),
        response: { 200: volunteeringReport, ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return { community: c.name, ...(await volunteeringReportOf(db, c.streetId, c.code, req.query.year)) };
    },
  );
  app.get(
    '/api/volunteer-teams',
    {
      schema: {
        tags,
        summary: 'A community’s teams with their leader, party group, members and this year’s hours',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(teamRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return { items: await teamsOf(db, c.streetId, c.code) };
    },
  );
  app.post(
    '/api/volunteer-teams',
    {
      schema: { tags, summary: 'Set up a team', body: teamInput, response: { 201: created, ...bad } },
    },
    async (req, reply) => reply.code(201).send(await createTeam(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/volunteer-teams/:id/members',
    {
      schema: {
        tags,
        summary: 'Add volunteers to a team',
        params: idParams,
        body: street.extend({ volunteerIds: z.array(z.number().int().positive()).min(1).max(200) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => addTeamMembers(db, callerOf(req), { ...req.body, teamId: req.params.id }),
  );
}
