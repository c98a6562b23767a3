import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import {
  appointmentRow,
  bookInput,
  coverageQuery,
  coverageReport,
  day,
  facilityKinds,
  loanRow,
  slotRow,
  stationInput,
  stationKinds,
  stationRow,
} from '../../../contracts/stations.js';
import { requireActor } from '../../core/access.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { placeOf } from '../../core/places.js';
import { localDate } from '../cases/index.js';
import { catalogueRoutes } from './catalogue-routes.js';
import { attend, book, cancel } from './commands/appointments.js';
import { canteenOf, serveMeal } from './commands/canteen.js';
import { advanceProxy, takeProxy } from './commands/proxy.js';
import { createStation, giveBack, lend, setFacility, stationOf, updateStation } from './commands/stations.js';
import { coverageOf } from './coverage-queries.js';
import { loansOf, myAppointments, nearStations, proxiesOf, stationDay, stationRows } from './queries.js';

const tags = ['stations'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const streetId = z.string().regex(/^\d{9}$/);
const ref = z.object({ street: streetId, id: z.coerce.number().int().positive() });
const created = z.object({ id: z.number() });

/** 党群服务阵地: stations, their hours and loans, appointments, 代办 and the 15-minute circle. */
export function stationsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  catalogueRoutes(fastify, ctx);
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/stations',
    {
      schema: {
        tags,
        summary: 'The stations of a street or community with their hours, open now, and what they lend',
        querystring: z.object({ region: z.string().regex(/^\d{9}(\d{3})?$/), kind: z.enum(stationKinds).optional() }),
        response: {
          200: z.object({ items: z.array(stationRow), canManage: z.boolean(), canServe: z.boolean() }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeOf(db, req.query.region);
      const streetOf = p.streetId ?? p.code;
      if (streetOf.length !== 9) throw notFound({ zh: '街道或社区', en: 'Street or community' });
      const target = { regionPath: p.regionPath, streetId: streetOf };
      authorize(actor, 'stations.read', target);
      return {
        items: await stationRows(db, {
          streetId: streetOf,
          kind: req.query.kind,
          ...(p.code.length > 9 ? { path: p.regionPath } : {}),
        }),
        canManage: allowed(actor, 'stations.manage', target),
        canServe: allowed(actor, 'stations.serve', target),
      };
    },
  );
  app.post(
    '/api/stations',
    {
      schema: {
        tags,
        summary: 'Set up a station: kind, place, whom it serves, hours',
        body: stationInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createStation(db, callerOf(req), req.body)),
  );
  app.put(
    '/api/stations/:street/:id',
    {
      schema: {
        tags,
        summary: 'Change a station (hours checked again)',
        params: ref,
        body: stationInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) =>
      updateStation(db, callerOf(req), { ...req.body, street: req.params.street, stationId: req.params.id }),
  );
  app.get(
    '/api/stations/near',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Stations near a point, nearest first: open now, lending a kind of thing (no sign-in)',
        querystring: z.object({
          lng: z.coerce.number().min(-180).max(180),
          lat: z.coerce.number().min(-90).max(90),
          radius: z.coerce.number().min(100).max(5000).default(2000),
          kind: z.enum(stationKinds).optional(),
          facility: z.enum(facilityKinds).optional(),
          open: z.enum(['1', '0']).default('0'),
        }),
        response: { 200: z.object({ items: z.array(stationRow) }), ...bad },
      },
    },
    async (req) => ({ items: await nearStations(db, { ...req.query, openNow: req.query.open === '1' }) }),
  );
  app.get(
    '/api/stations/coverage',
    {
      schema: {
        tags,
        summary: 'The 15-minute circle: households within reach of each kind, uncovered buildings, where to add one',
        querystring: coverageQuery,
        response: { 200: coverageReport, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeOf(db, req.query.region);
      const streetOf = p.streetId ?? p.code;
      authorize(actor, 'stations.read', { regionPath: p.regionPath, streetId: streetOf });
      const { speed, minutes, detour } = req.query;
      return coverageOf(db, {
        streetId: streetOf,
        path: p.regionPath,
        kind: req.query.kind ?? 'red_post',
        reach: { speed, minutes, detour },
      });
    },
  );
  app.get(
    '/api/stations/:street/:id',
    {
      schema: {
        tags,
        summary: 'A station: hours, what it lends and the loans, the day’s slots and appointments, 代办',
        params: ref,
        querystring: z.object({ day: day.optional() }),
        response: {
          200: z.object({
            station: stationRow,
            day: z.string(),
            slots: z.array(slotRow),
            appointments: z.array(appointmentRow),
            loans: z.array(loanRow),
            proxies: z.array(
              z.object({
                id: z.number(),
                item: z.string(),
                resident: z.string(),
                reason: z.string(),
                state: z.string(),
                materials: z.array(
                  z.object({ name: z.string(), receivedAt: z.string(), returnedAt: z.string().nullable() }),
                ),
                receivedAt: z.string(),
                signedBy: z.string().nullable(),
                worker: z.string(),
              }),
            ),
            canManage: z.boolean(),
            canServe: z.boolean(),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const s = await stationOf(db, req.params.street, req.params.id);
      authorize(actor, 'stations.read', s.target);
      const [row] = await stationRows(db, { streetId: s.street_id, ids: [s.id] });
      if (!row) throw notFound({ zh: '服务阵地', en: 'Station' });
      const d = await stationDay(db, s.street_id, s, req.query.day ?? localDate(new Date()));
      return {
        station: row,
        ...d,
        loans: await loansOf(db, s.street_id, s.id),
        proxies: await proxiesOf(db, s.street_id, s.id),
        canManage: allowed(actor, 'stations.manage', s.target),
        canServe: allowed(actor, 'stations.serve', s.target),
      };
    },
  );
  app.get(
    '/api/stations/:street/:id/slots',
    {
      schema: {
        tags,
        summary: 'A station’s appointment slots of a day and how full they are (for booking; no names)',
        params: ref,
        querystring: z.object({ day }),
        response: { 200: z.object({ day: z.string(), slots: z.array(slotRow) }), ...bad },
      },
    },
    async (req) => {
      requireActor(req.actor);
      const s = await stationOf(db, req.params.street, req.params.id);
      const d = await stationDay(db, s.street_id, s, req.query.day);
      return { day: d.day, slots: d.slots };
    },
  );
  app.put(
    '/api/stations/:street/:id/facilities',
    {
      schema: {
        tags,
        summary: 'Add a thing the station lends, or change how many it has',
        params: ref,
        body: z.object({ kind: z.enum(facilityKinds), name: z.string(), stock: z.number().int() }),
        response: { 200: created, ...bad },
      },
    },
    async (req) => setFacility(db, callerOf(req), { ...req.body, street: req.params.street, stationId: req.params.id }),
  );
  app.post(
    '/api/stations/:street/loans',
    {
      schema: {
        tags,
        summary: 'Lend one of a facility to a named person',
        params: z.object({ street: streetId }),
        body: z.object({ facilityId: z.number().int(), borrower: z.string(), dueAt: z.string().nullable().optional() }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await lend(db, callerOf(req), { ...req.body, street: req.params.street })),
  );
  app.post(
    '/api/stations/:street/loans/:id/return',
    { schema: { tags, summary: 'A loan comes back', params: ref, response: { 200: okResult, ...bad } } },
    async (req) => giveBack(db, callerOf(req), { street: req.params.street, loanId: req.params.id }),
  );
  app.post(
    '/api/stations/:street/:id/proxies',
    {
      schema: {
        tags,
        summary: '代办: take a service on for a resident, logging the materials received',
        params: ref,
        body: z.object({
          itemId: z.number().int(),
          resident: z.string(),
          reason: z.enum(['elderly', 'disabled', 'ill', 'other']),
          materials: z.array(z.string()),
        }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await takeProxy(db, callerOf(req), { ...req.body, street: req.params.street, stationId: req.params.id })),
  );
  app.post(
    '/api/proxies/:street/:id',
    {
      schema: {
        tags,
        summary: '代办 done, or its materials handed back and signed for',
        params: ref,
        body: z.object({ state: z.enum(['done', 'returned']), signedBy: z.string().nullable().optional() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) =>
      advanceProxy(db, callerOf(req), { ...req.body, street: req.params.street, requestId: req.params.id }),
  );

  app.get(
    '/api/stations/:street/:id/canteen',
    {
      schema: {
        tags,
        summary: 'An elderly canteen’s meals of a day (names masked), its month so far, the care subjects it serves',
        params: ref,
        querystring: z.object({ day: day.optional() }),
        response: {
          200: z.object({
            day: z.string(),
            meals: z.array(
              z.object({
                id: z.number(),
                meal: z.enum(['lunch', 'dinner']),
                diner: z.string(),
                care: z.boolean(),
                price: z.string(),
                subsidy: z.string(),
              }),
            ),
            month: z.object({ meals: z.number(), careMeals: z.number(), subsidy: z.string() }),
            careSubjects: z.array(z.object({ id: z.number(), name: z.string() })),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const s = await stationOf(db, req.params.street, req.params.id);
      authorize(actor, 'stations.serve', s.target);
      return canteenOf(db, s.street_id, s, req.query.day ?? localDate(new Date()));
    },
  );
  app.post(
    '/api/stations/:street/:id/meals',
    {
      schema: {
        tags,
        summary: '助餐: a meal served to a care subject or a named diner, with the price paid and the subsidy',
        params: ref,
        body: z.object({
          meal: z.enum(['lunch', 'dinner']),
          diner: z.string().nullable().optional(),
          careSubjectId: z.number().int().nullable().optional(),
          price: z.number(),
          subsidy: z.number().optional(),
        }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await serveMeal(db, callerOf(req), { ...req.body, street: req.params.street, stationId: req.params.id })),
  );

  app.post(
    '/api/appointments',
    {
      schema: {
        tags,
        summary: 'Book a time at a station for a service',
        body: bookInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await book(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/appointments/mine',
    {
      schema: {
        tags,
        summary: 'My appointments',
        response: { 200: z.object({ items: z.array(appointmentRow) }), ...bad },
      },
    },
    async (req) => ({ items: await myAppointments(db, requireActor(req.actor).userId) }),
  );
  app.post(
    '/api/appointments/:street/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an appointment (mine, or at my station)',
        params: ref,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => cancel(db, callerOf(req), { street: req.params.street, appointmentId: req.params.id }),
  );
  app.post(
    '/api/appointments/:street/:id/attend',
    {
      schema: {
        tags,
        summary: 'Check in (the resident at the station, or the staff), or record a no-show',
        params: ref,
        body: z.object({ state: z.enum(['checked_in', 'no_show']) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => attend(db, callerOf(req), { ...req.body, street: req.params.street, appointmentId: req.params.id }),
  );
}
