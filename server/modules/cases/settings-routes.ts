import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarBody,
  calendarYear,
  categoryInput,
  categoryItem,
  categoryParams,
  streetQuery,
  yearParams,
} from '../../../contracts/cases.js';
import { errorBody } from '../../../contracts/errors.js';
import { requireActor } from '../../core/access.js';
import { allowed, Refusal } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { replaceCalendar, saveCaseSettings, saveCategory, streetTarget } from './commands/configure.js';
import { caseSettingsSchema } from './defaults.js';
import { streetOf } from './routes.js';
import { calendarOf, listCategories } from './settings-queries.js';
import { streetConfig } from './street-config.js';

const tags = ['cases'];

/** Categories and limits, the holiday calendar and the street's case settings. */
export function caseSettingsRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: 'The street’s category tree with limits and handling rules',
        querystring: streetQuery,
        response: { 200: z.array(categoryItem) },
      },
    },
    async (req) => listCategories(db, streetOf(req.actor, req.query.street)),
  );
  app.post(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: 'Add a category',
        body: categoryInput,
        response: { 201: categoryItem, 400: errorBody, 403: errorBody, 409: errorBody },
      },
    },
    async (req, reply) => {
      const streetId = streetOf(req.actor, req.body.street);
      const saved = await saveCategory(db, callerOf(req), { streetId, id: null, category: req.body });
      return reply.status(201).send(saved);
    },
  );
  app.put(
    '/api/case-categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a category, its limits or its handling rule',
        params: categoryParams,
        body: categoryInput,
        response: { 200: categoryItem, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req) =>
      saveCategory(db, callerOf(req), {
        streetId: streetOf(req.actor, req.body.street),
        id: req.params.id,
        category: req.body,
      }),
  );

  app.get(
    '/api/case-calendar/:year',
    {
      schema: {
        tags,
        summary: 'A year’s holidays and make-up working days (exceptions to Monday–Friday)',
        params: yearParams,
        querystring: streetQuery,
        response: { 200: calendarYear },
      },
    },
    async (req) => calendarOf(db, streetOf(req.actor, req.query.street), req.params.year),
  );
  app.put(
    '/api/case-calendar/:year',
    {
      schema: {
        tags,
        summary: 'Replace a year’s holidays and make-up working days (the operator, each year)',
        params: yearParams,
        querystring: streetQuery,
        body: calendarBody,
        response: { 200: calendarYear, 400: errorBody, 403: errorBody },
      },
    },
    async (req) =>
      replaceCalendar(db, callerOf(req), {
        streetId: streetOf(req.actor, req.query.street),
        year: req.params.year,
        days: req.body.days,
      }),
  );

  app.get(
    '/api/case-settings',
    {
      schema: {
        tags,
        summary: 'Duplicate radius and hours, warning share, reopen days, office hours, composite weights',
        querystring: streetQuery,
        response: { 200: caseSettingsSchema, 403: errorBody },
      },
    },
    async (req) => {
      // read by those who set it and those who read the indicators it weighs
      const actor = requireActor(req.actor);
      const streetId = streetOf(actor, req.query.street);
      const target = await streetTarget(db, streetId);
      if (!allowed(actor, 'cases.configure', target) && !allowed(actor, 'cases.indicators', target))
        throw new Refusal('cases.configure');
      return (await streetConfig(db, streetId)).settings;
    },
  );
  app.put(
    '/api/case-settings',
    {
      schema: {
        tags,
        summary: 'Change the street’s case settings',
        querystring: streetQuery,
        body: caseSettingsSchema,
        response: { 200: caseSettingsSchema, 403: errorBody },
      },
    },
    async (req) =>
      saveCaseSettings(db, callerOf(req), { streetId: streetOf(req.actor, req.query.street), settings: req.body }),
  );
}
