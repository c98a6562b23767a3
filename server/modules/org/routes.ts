import { agenciesQuery, agencyItem, baseMap } from '../../../contracts/regions.js';
import { pickStreet, requireActor, streetsOfActor } from '../../core/access.js';
import { listAgencies } from './agencies.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  regionCode,
  regionDetail,
  regionMap,
  regionSearchQuery,
  regionSearchResult,
} from '../../../contracts/regions.js';
import type { RouteContext } from '../../core/module.js';
import { getRegionDetail, getRegionMap, searchRegions } from './queries.js';

const tags = ['regions'];
const codeParams = z.object({ code: regionCode });
/** Public, and rate-limited per IP like every public endpoint. */
const PUBLIC = { public: true, rateLimit: { max: 600, timeWindow: '1 minute' } };

/** Region names, codes and grid outlines are public data: these routes need no session. */
export function orgRoutes(fastify: FastifyInstance, { db, baseMap: base }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/map/base',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: "The deployment's base map (tile layers and their coordinate system); none: a plain drawing",
        response: { 200: baseMap },
      },
    },
    async () => base,
  );

  app.get(
    '/api/regions',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Search regions by name or code; without q, the top-level nodes',
        querystring: regionSearchQuery,
        response: { 200: regionSearchResult, 400: errorBody },
      },
    },
    async (req) => searchRegions(db, req.query),
  );

  app.get(
    '/api/regions/:code',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'A region with its ancestors, children and counts',
        params: codeParams,
        response: { 200: regionDetail, 400: errorBody, 404: errorBody },
      },
    },
    async (req) => getRegionDetail(db, req.params.code),
  );

  app.get(
    '/api/regions/:code/map',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: "Boundaries of a region's children (a community's grids) as GeoJSON",
        params: codeParams,
        response: { 200: regionMap, 400: errorBody, 404: errorBody },
      },
    },
    async (req) => getRegionMap(db, req.params.code),
  );

  app.get(
    '/api/agencies',
    {
      schema: {
        tags,
        summary:
          'The units of the actor’s street: departments, co-building units, property companies, social organisations',
        querystring: agenciesQuery,
        response: { 200: z.array(agencyItem), 400: errorBody, 403: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return listAgencies(db, pickStreet(streetsOfActor(actor), req.query.street));
    },
  );
}
