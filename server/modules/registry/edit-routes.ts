import { Refusal, allowed, authorize, scopesFor } from '../../core/authorize.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { forbidden } from '../../core/access.js';
import { writeAudit, auditContextOf } from '../../core/audit.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { underAny } from '../org/index.js';
import { moveHousehold } from './commands/move-household.js';
import { updateEstate } from './commands/update-estate.js';

const tags = ['registry'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const text = z.string().trim().max(100).nullable();

const estate = z.object({
  id: z.number(),
  name: z.string(),
  communityCode: z.string(),
  propertyAgencyId: z.number().nullable(),
  propertyCompany: z.string().nullable(),
  ownersCommittee: z.string().nullable(),
  partyBranch: z.string().nullable(),
  buildings: z.number(),
});

/** Estates (who serves and governs them) and moving a household to another house. */
export async function registryEditRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/registry/estates',
    {
      schema: {
        tags,
        summary: 'The estates of a community with their property company, owners’ committee and party branch',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.array(estate), 403: errorBody },
      },
    },
    async (req) => {
      const scopes = scopesFor(req.actor, 'registry.read');
      if (scopes.length === 0) throw forbidden();
      const rows = await db
        .selectFrom('estates as e')
        .innerJoin('regions as r', 'r.code', 'e.community_code')
        .leftJoin('agencies as a', (j) =>
          j.onRef('a.street_id', '=', 'e.street_id').onRef('a.id', '=', 'e.property_agency_id'),
        )
        .select((eb) => [
          'e.id',
          'e.name',
          'e.community_code',
          'e.property_agency_id',
          'a.name as company',
          'e.owners_committee',
          'e.party_branch',
          eb
            .selectFrom('buildings as b')
            .select((x) => x.fn.countAll<number>().as('n'))
            .whereRef('b.street_id', '=', 'e.street_id')
            .whereRef('b.estate_id', '=', 'e.id')
            .as('buildings'),
        ])
        .where('e.community_code', '=', req.query.community)
        // a community's staff see all its estates; a grid's staff those with a building in their grid
        .where((eb) =>
          eb.or([
            underAny('r.path', scopes),
            eb.exists(
              eb
                .selectFrom('buildings as b')
                .select('b.id')
                .whereRef('b.street_id', '=', 'e.street_id')
                .whereRef('b.estate_id', '=', 'e.id')
                .where(underAny('b.grid_path', scopes)),
            ),
          ]),
        )
        .orderBy('e.name')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        communityCode: r.community_code,
        propertyAgencyId: r.property_agency_id,
        propertyCompany: r.company,
        ownersCommittee: r.owners_committee,
        partyBranch: r.party_branch,
        buildings: Number(r.buildings ?? 0),
      }));
    },
  );

  app.put(
    '/api/registry/estates/:id',
    {
      schema: {
        tags,
        summary: 'Set an estate’s property company, owners’ committee and party branch (audited, old values kept)',
        params: idParams,
        body: z.object({
          propertyAgencyId: z.number().int().positive().nullable(),
          ownersCommittee: text,
          partyBranch: text,
        }),
        response: { 200: z.object({ ok: z.literal(true) }), 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      await db.transaction().execute((trx) =>
        updateEstate({
          db: trx,
          actor: req.actor,
          estateId: req.params.id,
          change: req.body,
          audit: auditContextOf(req),
        }),
      );
      return { ok: true as const };
    },
  );

  app.put(
    '/api/registry/grids/:code/lines',
    {
      schema: {
        tags,
        summary: 'Replace the business lines’ staff assigned to a grid (管线包片); audited',
        params: z.object({ code: z.string().regex(/^\d{15}$/) }),
        body: z.object({
          lines: z
            .array(
              z.object({
                line: z.string().trim().min(1).max(20),
                person: z.string().trim().min(1).max(50),
                unit: z.string().trim().max(100).nullable(),
              }),
            )
            .max(50),
        }),
        response: { 200: z.object({ ok: z.literal(true) }), 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const grid = await db
        .selectFrom('regions')
        .select(['path', 'street_id', 'parent_code'])
        .where('code', '=', req.params.code)
        .where('level', '=', 'grid')
        .executeTakeFirst();
      if (!grid?.street_id) throw notFound({ zh: '网格', en: 'Grid' });
      authorize(req.actor, 'registry.read', { regionPath: grid.path }, { hide: { zh: '网格', en: 'Grid' } });
      // staffing is decided by the community, not by the grid's own staff
      const community = await db
        .selectFrom('regions')
        .select('path')
        .where('code', '=', grid.parent_code ?? '')
        .executeTakeFirst();
      if (!community || !allowed(req.actor, 'registry.edit', { regionPath: community.path }))
        throw new Refusal('registry.edit', { about: { type: 'grid_lines', id: req.params.code } });
      const streetId = grid.street_id;
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('grid_business_lines')
          .where('street_id', '=', streetId)
          .where('grid_code', '=', req.params.code)
          .execute();
        if (req.body.lines.length)
          await trx
            .insertInto('grid_business_lines')
            .values(
              req.body.lines.map((l, i) => ({ street_id: streetId, grid_code: req.params.code, seq: i + 1, ...l })),
            )
            .execute();
        await writeAudit(trx, auditContextOf(req), {
          action: 'registry.edit',
          result: 'ok',
          streetId,
          objectType: 'grid_lines',
          objectId: req.params.code,
          detail: { lines: req.body.lines },
        });
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/registry/households/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a household (and its members) to another house; where it came from is kept as history',
        params: idParams,
        body: z.object({ toHouseId: z.number().int().positive(), note: z.string().trim().min(1).max(500) }),
        response: {
          200: z.object({ number: z.string() }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) =>
      db.transaction().execute((trx) =>
        moveHousehold({
          db: trx,
          actor: req.actor,
          householdId: req.params.id,
          toHouseId: req.body.toHouseId,
          note: req.body.note,
          audit: auditContextOf(req),
        }),
      ),
  );
}
