import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { idParams } from '../../../contracts/text.js';
import {
  buildingCoverage,
  coverage,
  frequencies,
  frequencyNames,
  generateInput,
  planQuery,
  visitInput,
  visitLog,
  visitLogQuery,
  visitEdits,
  visitPatch,
  visitPlan,
  visitRecorded,
} from '../../../contracts/visits.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { decrypt } from '../../core/pii/index.js';
import { localDate } from '../cases/index.js';
import { recordVisit } from './commands/record-visit.js';
import { planMonth } from './commands/plan-month.js';
import { coverageOf } from './plans.js';
import {
  buildingCoverage as buildingsOf,
  placeOf,
  planOf,
  visitLog as logOf,
  visitEditsOf,
  visitOfCase,
  visitPhoto,
  visitRow,
} from './queries.js';
import { editVisit } from './commands/edit-visit.js';

const tags = ['visits'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const REGION = { zh: '区划', en: 'Region' };

/** Visits (民情日记), monthly plans and coverage. */
export function visitRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const record = recordVisit(keyring);
  app.post(
    '/api/visits',
    {
      schema: {
        tags,
        summary:
          'Record a visit with its findings (a case, a need, nothing needed); a resend of a client id answers the first',
        body: visitInput,
        response: { 200: visitRecorded, 201: visitRecorded, ...bad },
      },
    },
    async (req, reply) => {
      const r = await record(db, callerOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'The visit log under a place, newest first (filters in the address)',
        querystring: visitLogQuery,
        response: { 200: visitLog, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeOf(db, req.query.region);
      authorize(actor, 'visits.read', { regionPath: p.path, streetId: p.street_id });
      const streets = p.street_id ? [p.street_id] : streetsOfActor(actor);
      const q = req.query;
      const pages = await Promise.all(
        streets.map((s) =>
          logOf(
            db,
            s,
            { underPath: p.path, from: q.from, to: q.to, visitor: q.visitor, householdId: q.household },
            q.page,
          ),
        ),
      );
      return { total: pages.reduce((n, x) => n + x.total, 0), items: pages.flatMap((x) => x.items) };
    },
  );
  app.get(
    '/api/visits/:id/location',
    {
      schema: {
        tags,
        summary: 'Where the visitor stood (GPS, sensitive): within the place only, each read audited',
        params: idParams,
        response: { 200: z.object({ lng: z.number(), lat: z.number(), outsideGrid: z.boolean() }).nullable(), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const v = await visitRow(db, streetsOfActor(actor), req.params.id);
      if (!v) throw notFound({ zh: '走访记录', en: 'Visit' });
      authorize(actor, 'visits.read', { regionPath: v.grid_path, streetId: v.street_id });
      await writeAudit(db, auditContextOf(req), {
        streetId: v.street_id,
        action: 'visits.read',
        objectType: 'visit_location',
        objectId: v.id,
        result: 'ok',
      });
      if (!v.gps_cipher) return null;
      const [lng, lat] = decrypt(keyring, v.gps_cipher).split(',').map(Number);
      return { lng: lng ?? 0, lat: lat ?? 0, outsideGrid: v.outside_grid };
    },
  );
  app.patch(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: 'Correct a visit (kind, notes, who was met); after 24 hours what it replaced is kept',
        params: idParams,
        body: visitPatch,
        response: { 200: z.object({ ok: z.literal(true), historyKept: z.boolean() }), ...bad },
      },
    },
    async (req) => editVisit(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/visits/:id/edits',
    {
      schema: {
        tags,
        summary: 'A visit’s history: what each edit after 24 hours replaced',
        params: idParams,
        response: { 200: visitEdits, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const v = await visitRow(db, streetsOfActor(actor), req.params.id);
      if (!v) throw notFound({ zh: '走访记录', en: 'Visit' });
      authorize(actor, 'visits.read', { regionPath: v.grid_path, streetId: v.street_id });
      return { items: await visitEditsOf(db, v.street_id, v.id) };
    },
  );
  app.get(
    '/api/visits/:id/photos/:photo',
    {
      schema: {
        tags,
        summary: 'A visit’s photo (or its thumbnail), within the place only',
        params: z.object({ id: z.coerce.number().int().positive(), photo: z.uuid() }),
        querystring: z.object({ size: z.enum(['thumb', 'full']).default('full') }),
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const v = await visitRow(db, streetsOfActor(actor), req.params.id);
      if (!v) throw notFound({ zh: '走访记录', en: 'Visit' });
      authorize(actor, 'visits.read', { regionPath: v.grid_path, streetId: v.street_id });
      const p = await visitPhoto(db, v.street_id, v.id, req.params.photo);
      if (!p) throw notFound({ zh: '照片', en: 'Photo' });
      const thumb = req.query.size === 'thumb';
      return reply
        .header('Content-Type', thumb ? 'image/jpeg' : p.mime)
        .header('Cache-Control', 'private, max-age=86400')
        .send(thumb ? p.thumb : p.data);
    },
  );
  app.get(
    '/api/visits/plan',
    {
      schema: {
        tags,
        summary: 'A grid’s plan for a month: households in walking order (names masked), due and done',
        querystring: planQuery,
        response: { 200: visitPlan, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const g = await placeOf(db, req.query.grid);
      if (!g.street_id) throw notFound(REGION);
      authorize(actor, 'visits.read', { regionPath: g.path, streetId: g.street_id });
      return { plan: await planOf(db, g.street_id, g.code, req.query.month ?? localDate(new Date()).slice(0, 7)) };
    },
  );
  app.post(
    '/api/visits/plans',
    {
      schema: {
        tags,
        summary: 'Generate (again) the month’s plans of every grid under a place',
        body: generateInput,
        response: { 200: z.object({ plans: z.number(), households: z.number() }), ...bad },
      },
    },
    async (req) => planMonth(db, callerOf(req), req.body),
  );
  app.get(
    '/api/visits/coverage',
    {
      schema: {
        tags,
        summary: 'Coverage of a place: visited this month and year, within interval (the share), overdue, never',
        querystring: z.object({ region: z.string().regex(/^\d{6}(\d{3}){0,3}$/) }),
        response: { 200: coverage, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeOf(db, req.query.region);
      authorize(actor, 'visits.read', { regionPath: p.path, streetId: p.street_id });
      const streets = p.street_id ? [p.street_id] : streetsOfActor(actor);
      const c = await coverageOf(db, streets, p.path);
      const sum = (k: 'households' | 'month' | 'year' | 'within' | 'overdue' | 'never') =>
        c.byFrequency.reduce((n, r) => n + r[k], 0);
      const households = sum('households');
      return {
        region: p.code,
        regionName: p.name,
        households,
        visitedThisMonth: sum('month'),
        visitedThisYear: sum('year'),
        withinInterval: sum('within'),
        overdue: sum('overdue'),
        neverVisited: sum('never'),
        share: households > 0 ? Math.round((sum('within') / households) * 10_000) / 10_000 : null,
        byFrequency: frequencies.flatMap((f) => {
          const r = c.byFrequency.find((x) => x.frequency === f);
          return r
            ? [
                {
                  frequency: f,
                  frequencyName: frequencyNames[f].zh,
                  households: r.households,
                  withinInterval: r.within,
                  overdue: r.overdue,
                  neverVisited: r.never,
                },
              ]
            : [];
        }),
        byVisitor: c.byVisitor.map((v) => ({
          visitor: v.visitor,
          visitsThisMonth: v.visits,
          households: v.households,
        })),
      };
    },
  );
  app.get(
    '/api/visits/buildings',
    {
      schema: {
        tags,
        summary: 'The coverage map: each building of a community or grid with its households’ standing',
        querystring: z.object({ region: z.string().regex(/^\d{12}(\d{3})?$/) }),
        response: { 200: buildingCoverage, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeOf(db, req.query.region);
      if (!p.street_id) throw notFound(REGION);
      authorize(actor, 'visits.read', { regionPath: p.path, streetId: p.street_id });
      return { items: await buildingsOf(db, p.street_id, p.path) };
    },
  );
  app.get(
    '/api/visits/by-case/:id',
    {
      schema: {
        tags,
        summary: 'The visit a case came from (the case’s side of the link)',
        params: idParams,
        response: {
          200: z.object({
            visit: z.object({ id: z.number(), visitedAt: z.string(), householdId: z.number() }).nullable(),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      for (const street of streetsOfActor(actor)) {
        const v = await visitOfCase(db, street, req.params.id);
        if (v) {
          authorize(actor, 'visits.read', { regionPath: v.grid_path, streetId: street });
          return { visit: { id: v.id, visitedAt: v.visited_at.toISOString(), householdId: v.household_id } };
        }
      }
      return { visit: null };
    },
  );
}
