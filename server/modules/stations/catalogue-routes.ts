import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { channelNames, serviceItemInput, serviceItemRow } from '../../../contracts/stations.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { CATALOGUE_COLUMNS, importCatalogue, saveItem } from './commands/catalogue.js';
import { catalogueOf, categoriesOf } from './queries.js';

const tags = ['stations'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const where = z.object({
  street: z.string().regex(/^\d{9}$/),
  community: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
});

/** 服务清单: the street's catalogue (a community's overrides in place), edited, imported and exported as XLSX. */
export function catalogueRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(
    [XLSX_TYPE, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
    (_r, body, done) => done(null, body),
  );

  app.get(
    '/api/services',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The service catalogue a community’s residents see (no sign-in)',
        querystring: where,
        response: {
          200: z.object({
            categories: z.array(z.object({ id: z.number(), name: z.string() })),
            items: z.array(serviceItemRow),
          }),
          ...bad,
        },
      },
    },
    async (req) => ({
      categories: await categoriesOf(db, req.query.street),
      items: await catalogueOf(db, req.query.street, req.query.community ?? null),
    }),
  );
  app.post(
    '/api/services/items',
    {
      schema: {
        tags,
        summary: 'Add or replace (by code) a catalogue item, the street’s or a community’s own',
        body: serviceItemInput.extend({ street: z.string() }),
        response: { 200: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req) => saveItem(db, callerOf(req), req.body),
  );
  app.post(
    '/api/services/import',
    {
      schema: {
        tags,
        summary: 'Import the catalogue from XLSX (raw body; the export’s columns); all rows or none',
        querystring: where,
        response: { 200: z.object({ items: z.number(), categories: z.number() }), ...bad },
      },
    },
    async (req) =>
      importCatalogue(db, callerOf(req), {
        street: req.query.street,
        community: req.query.community ?? null,
        file: req.body as Buffer,
      }),
  );
  app.get(
    '/api/services/export.xlsx',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'The catalogue as XLSX', querystring: where },
    },
    async (req, reply) => {
      const items = await catalogueOf(db, req.query.street, req.query.community ?? null);
      const values: ((i: (typeof items)[number]) => string)[] = [
        (i) => i.category,
        (i) => i.code,
        (i) => i.name,
        (i) => i.who,
        (i) => i.materials.join('、'),
        (i) => i.channels.map((c) => channelNames[c].zh).join('、'),
        (i) => i.timeLimit,
        (i) => i.fee,
      ];
      const body = await xlsxBuffer(
        '服务清单',
        CATALOGUE_COLUMNS.map((header, c) => ({
          header,
          width: c === 3 || c === 4 ? 40 : 16,
          value: values[c] ?? (() => ''),
        })),
        items,
      );
      return sendXlsx(reply, '服务清单.xlsx', body);
    },
  );
}
