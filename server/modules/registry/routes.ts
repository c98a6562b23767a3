import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { saneDate } from '../../../contracts/text.js';
import { errorBody } from '../../../contracts/errors.js';
import {
  buildingDetail,
  buildingList,
  gridStats as gridStatsSchema,
  householdDetail,
  importStatus,
  residenceTypeNames,
  residentDetail,
  residentPage,
  residentQuery,
  revealResidentBody,
  tagNames,
} from '../../../contracts/registry.js';
import { can, forbidden, pickStreet, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { decrypt } from '../../core/pii/index.js';
import { isStream, uploadFileName } from '../../core/uploads.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { auditContext } from '../identity/index.js';
import { changeHouseOwners, changeResidentStatus } from './commands.js';
import { cleanUpInterruptedImports, createImport, runImport } from './import/run.js';
import { templateWorkbook } from './import/template.js';
import { registryRules, registryScopes, type RegistryAction } from './permissions.js';
import {
  exportResidents,
  getBuilding,
  getHousehold,
  getResident,
  gridStats,
  listBuildings,
  listResidents,
  residentForReveal,
} from './queries.js';

const tags = ['registry'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest upload accepted (a million households is about 150 MB as CSV). */
/** The largest file an import takes over HTTP (a million rows of CSV is about 150 MB). */
const MAX_UPLOAD = 256 * 1024 * 1024;
export const EXPORT_LIMIT = 100_000;

/** The streets an actor's roles for an action lie in (a region path's fifth segment is its street). */
function streetsFor(actor: Actor | null, action: RegistryAction): string[] {
  return [...new Set(registryScopes(actor, action).map((p) => p.split('/')[4] ?? ''))].filter((s) => s.length === 9);
}

/** The street an actor acts in for an action: the one street their roles for it cover. */
function streetFor(actor: Actor | null, action: RegistryAction, requested?: string): string {
  return pickStreet(streetsFor(actor, action), requested);
}

/** Buildings, houses, households and residents: read in scope, reveal with a reason, import, export. */
export async function registryRoutes(fastify: FastifyInstance, { db, keyring, databaseUrl, uploads }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await cleanUpInterruptedImports(db);
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  async function denied(req: FastifyRequest, action: RegistryAction) {
    await writeAudit(db, auditContext(req), { action, result: 'denied' });
    return forbidden();
  }

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
      const scopes = registryScopes(req.actor, 'registry.export');
      if (scopes.length === 0) throw await denied(req, 'registry.export');
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
      await writeAudit(db, auditContext(req), {
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
      if (!can(registryRules, 'registry.reveal', req.actor, { regionPath: row.grid_path }))
        throw await denied(req, 'registry.reveal');
      const sealed = req.body.field === 'idNumber' ? row.id_cipher : row.phone_cipher;
      await writeAudit(db, auditContext(req), {
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
        body: z.object({
          status: z.enum(['moved_out', 'deceased', 'active']),
          note: z.string().trim().min(2).max(200),
        }),
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
      await db.transaction().execute((trx) =>
        changeResidentStatus({
          db: trx,
          actor: req.actor,
          residentId: req.params.id,
          status: req.body.status,
          note: req.body.note,
          audit: auditContext(req),
        }),
      );
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
        body: z.object({
          owners: z
            .array(
              z.object({ name: z.string().trim().min(1).max(100), residentId: z.number().int().positive().optional() }),
            )
            .min(1)
            .max(20),
          since: saneDate,
        }),
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
      await db.transaction().execute((trx) =>
        changeHouseOwners({
          db: trx,
          actor: req.actor,
          houseId: req.params.id,
          owners: req.body.owners,
          since: req.body.since,
          audit: auditContext(req),
        }),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/registry/import-template',
    { schema: { tags, summary: 'The household import template (XLSX, Chinese headers)', produces: [XLSX_TYPE] } },
    async (_req, reply) => sendXlsx(reply, '居民信息导入模板.xlsx', await templateWorkbook()),
  );

  // uploads arrive as the raw file body; streamed to a temporary file, never held in memory
  app.addContentTypeParser(
    ['application/octet-stream', XLSX_TYPE, 'text/csv'],
    { bodyLimit: MAX_UPLOAD },
    (_req, payload, done) => done(null, payload),
  );

  app.post(
    '/api/registry/imports',
    {
      bodyLimit: MAX_UPLOAD,
      schema: {
        tags,
        summary:
          'Import an XLSX or CSV file filled in from the template (raw body; file name in X-File-Name). Runs in the background',
        querystring: z.object({
          mode: z.enum(['all', 'valid']).default('all'),
          dryRun: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
          street: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
        }),
        response: { 202: z.object({ id: z.number().int() }), 400: errorBody, 403: errorBody, 413: errorBody },
      },
    },
    async (req, reply) => {
      if (registryScopes(req.actor, 'registry.import').length === 0) throw await denied(req, 'registry.import');
      const streetId = streetFor(req.actor, 'registry.import', req.query.street);
      const fileName = uploadFileName(req.headers['x-file-name']);
      if (!isStream(req.body)) {
        throw new AppError('validation', {
          zh: '请以文件内容作为请求体上传（Content-Type 为 XLSX、CSV 或 application/octet-stream）',
          en: 'Send the file itself as the body (Content-Type XLSX, CSV or application/octet-stream)',
        });
      }
      const file = await uploads.save(req.body);
      let job: Promise<unknown>;
      try {
        const id = await createImport(db, {
          streetId,
          userId: req.actor?.userId ?? null,
          fileName,
          mode: req.query.mode,
          dryRun: req.query.dryRun,
        });
        job = runImport({
          db,
          databaseUrl,
          keyring,
          streetId,
          importId: id,
          file,
          mode: req.query.mode,
          dryRun: req.query.dryRun,
          scopes: registryScopes(req.actor, 'registry.import'),
          actorId: req.actor?.userId ?? null,
          audit: auditContext(req),
        })
          .catch(async (err: unknown) => {
            app.log.error({ err }, 'import failed');
            await writeAudit(db, auditContext(req), {
              action: 'registry.import',
              result: 'error',
              streetId,
              objectType: 'registry_import',
              objectId: id,
              reason: 'server error',
            }).catch(() => undefined);
            await db
              .updateTable('registry_imports')
              .set({ status: 'failed', message: '导入失败（服务器错误），未写入任何数据', finished_at: new Date() })
              .where('street_id', '=', streetId)
              .where('id', '=', id)
              .execute()
              .catch(() => undefined);
          })
          .finally(() => {
            uploads.remove(file);
            running.delete(job);
          });
        reply.status(202);
        running.add(job);
        return { id };
      } catch (err) {
        uploads.remove(file);
        throw err;
      }
    },
  );

  async function importOf(req: FastifyRequest, id: number) {
    const streets = streetsFor(req.actor, 'registry.import');
    const row = await db
      .selectFrom('registry_imports')
      .selectAll()
      .where('id', '=', id)
      .where('street_id', 'in', streets.length ? streets : [''])
      .executeTakeFirst();
    if (!row) throw notFound({ zh: '导入记录', en: 'Import' });
    return row;
  }

  app.get(
    '/api/registry/imports/:id',
    {
      schema: {
        tags,
        summary: 'Progress and result of an import',
        params: idParams,
        response: { 200: importStatus, 404: errorBody },
      },
    },
    async (req) => {
      const r = await importOf(req, req.params.id);
      return {
        id: r.id,
        fileName: r.file_name,
        status: r.status,
        mode: r.mode,
        dryRun: r.dry_run,
        totalRows: r.total_rows,
        accepted: r.accepted,
        rejected: r.rejected,
        problems: r.problems.slice(0, 500),
        summary: r.summary,
        message: r.message,
        createdAt: r.created_at.toISOString(),
        finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
      };
    },
  );

  app.get(
    '/api/registry/imports',
    {
      schema: {
        tags,
        summary: 'Recent imports of my street',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.number().int(), fileName: z.string(), status: z.string(), createdAt: z.string() }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const streets = streetsFor(req.actor, 'registry.import');
      if (streets.length === 0) return { items: [] };
      const rows = await db
        .selectFrom('registry_imports')
        .select(['id', 'file_name', 'status', 'created_at'])
        .where('street_id', 'in', streets)
        .orderBy('id', 'desc')
        .limit(20)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          fileName: r.file_name,
          status: r.status,
          createdAt: r.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/registry/imports/:id/report',
    {
      schema: { tags, summary: 'The rejected rows of an import (XLSX)', params: idParams, produces: [XLSX_TYPE] },
    },
    async (req, reply) => {
      const r = await importOf(req, req.params.id);
      const body = await xlsxBuffer(
        '错误报告',
        [
          { header: '行号', width: 8, value: (p: { row: number }) => p.row },
          { header: '列', value: (p: { column: string }) => p.column },
          { header: '原因', width: 70, value: (p: { reason: string }) => p.reason },
        ],
        r.problems,
      );
      return sendXlsx(reply, `导入错误报告-${r.id}.xlsx`, body);
    },
  );
}
