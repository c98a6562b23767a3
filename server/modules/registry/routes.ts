import { Refusal, allowed, scopesFor, streetFor } from '../../core/authorize.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  buildingDetail,
  buildingList,
  gridStats as gridStatsSchema,
  householdDetail,
  residenceTypeNames,
  residentDetail,
  residentPage,
  residentQuery,
  revealResidentBody,
  tagNames,
  residentStatusBody,
  houseOwnersBody,
  placeAt as placeAtSchema,
  placeQuery,
  myHome,
} from '../../../contracts/registry.js';
import { writeAudit, auditContextOf } from '../../core/audit.js';
import type { RouteContext } from '../../core/module.js';
import { decrypt } from '../../core/pii/index.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { changeHouseOwners, changeResidentStatus } from './commands.js';
import { callerOf } from '../../core/command.js';
import { getBuilding, getHousehold, listBuildings } from './building-queries.js';
import { gridStats } from './grid-queries.js';
import { homeOf, placeAt } from './place-queries.js';
import { exportResidents, getResident, listResidents, residentForReveal } from './resident-queries.js';

const tags = ['registry'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const EXPORT_LIMIT = 100_000;

/** Buildings, houses, households and residents: read in scope, reveal with a reason, export. */
export async function registryRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/registry/communities/:code/grids',
    {
      schema: {
        tags,
        summary: "A community's grids with household, resident and building counts against the sizing rule",
        params: z.object({ code: z.string().regex(/^\d{12}$/) }),
        response: { 200: gridStatsSchema, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => gridStats(db, req.actor, req.params.code),
  );

  app.get(
    '/api/registry/buildings',
    {
      schema: {
        tags,
        summary: 'The buildings of a community or grid',
        querystring: z.object({ region: z.string().regex(/^\d{12,18}$/) }),
        response: { 200: buildingList, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => listBuildings(db, req.actor, req.query.region),
  );

  app.get(
    '/api/registry/buildings/:id',
    {
      schema: {
        tags,
        summary: 'A building with its houses and households',
        params: idParams,
        response: { 200: buildingDetail, 404: errorBody },
      },
    },
    async (req) => getBuilding(db, req.actor, req.params.id),
  );

  app.get(
    '/api/registry/households/:id',
    {
      schema: {
        tags,
        summary: 'A household with its members and history',
        params: idParams,
        response: { 200: householdDetail, 404: errorBody },
      },
    },
    async (req) => getHousehold(db, keyring, req.actor, req.params.id),
  );

  app.get(
    '/api/registry/place',
    {
      schema: {
        tags,
        summary: "A phone's GPS point (WGS-84) as its grid and the nearest registered building (within 300 m)",
        querystring: placeQuery.extend({
          street: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
        }),
        response: { 200: placeAtSchema, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => placeAt(db, streetFor(req.actor, 'registry.locate', req.query.street), req.query.lng, req.query.lat),
  );

  app.get(
    '/api/registry/home',
    {
      schema: {
        tags,
        summary: 'Where the signed-in resident lives, by the registry (their account’s phone); null if unknown',
        response: { 200: myHome },
      },
    },
    async (req) => homeOf(db, req.actor),
  );

  app.get(
    '/api/registry/residents',
    {
      schema: {
        tags,
        summary: 'Find residents by words (name, address), exact ID number, region and tags; masked',
        querystring: residentQuery,
        response: { 200: residentPage, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => listResidents(db, keyring, req.actor, req.query),
  );

  app.get(
    '/api/registry/residents/export',
    {
      schema: {
        tags,
        summary: 'Export the filtered residents to XLSX (masked; audited)',
        querystring: residentQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
        response: { 400: errorBody, 403: errorBody },
      },
    },
    async (req, reply) => {
      const scopes = scopesFor(req.actor, 'registry.export');
      if (scopes.length === 0) throw new Refusal('registry.export');
      // export only what the actor may both read and export
      const rows = await exportResidents(db, keyring, req.actor, req.query, EXPORT_LIMIT);
      const body = await xlsxBuffer<(typeof rows)[number]>(
        '居民',
        [
          { header: '姓名', value: (r) => r.name },
          { header: '身份证号', width: 22, value: (r) => r.idNumber },
          { header: '手机号', value: (r) => r.phone },
          { header: '性别', width: 6, value: (r) => (r.sex === 'M' ? '男' : r.sex === 'F' ? '女' : '') },
          { header: '年龄', width: 6, value: (r) => r.age },
          { header: '与户主关系', value: (r) => r.relation },
          { header: '居住类型', value: (r) => residenceTypeNames[r.residenceType].zh },
          { header: '网格', width: 20, value: (r) => r.gridName },
          { header: '地址', width: 30, value: (r) => r.address },
          { header: '标签', width: 30, value: (r) => r.tags.map((t) => tagNames[t].zh).join('、') },
        ],
        rows,
      );
      await writeAudit(db, auditContextOf(req), {
        action: 'registry.export',
        result: 'ok',
        objectType: 'residents',
        detail: { filter: req.query, rows: rows.length },
      });
      return sendXlsx(reply, `居民名单-${new Date().toISOString().slice(0, 10)}.xlsx`, body);
    },
  );

  app.get(
    '/api/registry/residents/:id',
    {
      schema: {
        tags,
        summary: 'A resident (masked), with history and what you may do',
        params: idParams,
        response: { 200: residentDetail, 404: errorBody },
      },
    },
    async (req) => getResident(db, keyring, req.actor, req.params.id),
  );

  app.post(
    '/api/registry/residents/:id/reveal',
    {
      schema: {
        tags,
        summary: "Reveal a resident's full ID number or phone, with a reason (one audit entry per reveal)",
        params: idParams,
        body: revealResidentBody,
        response: { 200: z.object({ value: z.string().nullable() }), 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const row = await residentForReveal(db, req.actor, req.params.id);
      if (!allowed(req.actor, 'registry.reveal', { regionPath: row.grid_path })) throw new Refusal('registry.reveal');
      const sealed = req.body.field === 'idNumber' ? row.id_cipher : row.phone_cipher;
      await writeAudit(db, auditContextOf(req), {
        action: 'registry.reveal',
        result: 'ok',
        streetId: row.street_id,
        objectType: 'resident',
        objectId: req.params.id,
        reason: req.body.reason,
        detail: { field: req.body.field },
      });
      return { value: sealed ? decrypt(keyring, sealed) : null };
    },
  );

  app.post(
    '/api/registry/residents/:id/status',
    {
      schema: {
        tags,
        summary: 'Record that a resident moved out, died, or is back (history kept; audited)',
        params: idParams,
        body: residentStatusBody,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => {
      await changeResidentStatus(db, callerOf(req), { residentId: req.params.id, ...req.body });
      return { ok: true as const };
    },
  );

  app.put(
    '/api/registry/houses/:id/owners',
    {
      schema: {
        tags,
        summary: 'Record a change of owners (the old owners stay as history; audited)',
        params: idParams,
        body: houseOwnersBody,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => {
      await changeHouseOwners(db, callerOf(req), { houseId: req.params.id, ...req.body });
      return { ok: true as const };
    },
  );
}
