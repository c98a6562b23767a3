import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody } from '../../contracts/errors.js';
import { statsQuery, statsResult } from '../../contracts/stats.js';
import { requireActor } from './access.js';
import { allowed, Refusal } from './authorize.js';
import type { Db } from './db.js';
import { placeOf } from './places.js';
import type { Stat } from './stats.js';

/**
 * `GET /api/stats?region=` — every module's figures for one place of the tree, those the actor may
 * read there (each stat's action, asked about the place). The command centre's one source.
 */
export function statsRoutes(fastify: FastifyInstance, db: Db, stats: readonly Stat[]) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'The figures of one place (region code), each with what it counts',
        querystring: statsQuery,
        response: { 200: statsResult, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const region = await placeOf(db, req.query.region);
      const target = { regionPath: region.regionPath, streetId: region.streetId };
      const readable = stats.filter((s) => allowed(actor, s.action, target));
      if (readable.length === 0 && stats.length > 0) {
        const first = stats[0];
        if (first) throw new Refusal(first.action, { about: { type: 'region', id: region.code } });
      }
      const values = await Promise.all(readable.map((s) => s.compute(db, region.regionPath)));
      return {
        region: region.code,
        regionName: region.name,
        stats: readable.map(({ key, name, definition, unit }, i) => ({
          key,
          name,
          definition,
          unit,
          value: values[i] ?? 0,
        })),
      };
    },
  );
}
