import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  estateChangeBody,
  estateItem,
  estatesQuery,
  gridLinesBody,
  gridParams,
  moveHouseholdBody,
  okResult,
} from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { Refusal, scopesFor } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { moveHousehold } from './commands/move-household.js';
import { setGridLines } from './commands/set-grid-lines.js';
import { updateEstate } from './commands/update-estate.js';
import { listEstates } from './estate-queries.js';

const tags = ['registry'];

/** Estates (who serves and governs them), a grid's business lines, moving a household. */
export function registryEditRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/registry/estates',
    {
      schema: {
        tags,
        summary: 'The estates of a community with their property company, owners’ committee and party branch',
        querystring: estatesQuery,
        response: { 200: z.array(estateItem), 403: errorBody },
      },
    },
    async (req) => {
      const scopes = scopesFor(req.actor, 'registry.read');
      if (scopes.length === 0) throw new Refusal('registry.read');
      return listEstates(db, req.query.community, scopes);
    },
  );
  app.put(
    '/api/registry/estates/:id',
    {
      schema: {
        tags,
        summary: 'Set an estate’s property company, owners’ committee and party branch (audited, old values kept)',
        params: idParams,
        body: estateChangeBody,
        response: { 200: okResult, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      await updateEstate(db, callerOf(req), { estateId: req.params.id, change: req.body });
      return { ok: true as const };
    },
  );
  app.put(
    '/api/registry/grids/:code/lines',
    {
      schema: {
        tags,
        summary: 'Replace the business lines’ staff assigned to a grid (管线包片); audited',
        params: gridParams,
        body: gridLinesBody,
        response: { 200: okResult, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => setGridLines(db, callerOf(req), { gridCode: req.params.code, lines: req.body.lines }),
  );
  app.post(
    '/api/registry/households/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a household (and its members) to another house; where it came from is kept as history',
        params: idParams,
        body: moveHouseholdBody,
        response: {
          200: z.object({ number: z.string() }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => moveHousehold(db, callerOf(req), { householdId: req.params.id, ...req.body }),
  );
}
