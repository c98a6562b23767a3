import { Refusal, scopesFor, streetFor, streetsFor } from '../../core/authorize.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { importStatus } from '../../../contracts/registry.js';
import { auditContextOf } from '../../core/audit.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { isStream, uploadFileName } from '../../core/uploads.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import {
  cleanUpInterruptedImports,
  createImport,
  failImport,
  findImport,
  recentImports,
  runImport,
} from './import/run.js';
import { templateWorkbook } from './import/template.js';

const tags = ['registry'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest file an import takes over HTTP (a million rows of CSV is about 150 MB). */
const MAX_UPLOAD = 256 * 1024 * 1024;

/** The household import: the template, uploads run in the background, their progress and reports. */
export async function registryImportRoutes(
  fastify: FastifyInstance,
  { db, keyring, databaseUrl, uploads }: RouteContext,
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  await cleanUpInterruptedImports(db);
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

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
      if (scopesFor(req.actor, 'registry.import').length === 0) throw new Refusal('registry.import');
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
          scopes: scopesFor(req.actor, 'registry.import'),
          actorId: req.actor?.userId ?? null,
          audit: auditContextOf(req),
        })
          .catch(async (err: unknown) => {
            app.log.error({ err }, 'import failed');
            await failImport(db, { streetId, importId: id, audit: auditContextOf(req) });
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
    const row = await findImport(db, streetsFor(req.actor, 'registry.import'), id);
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
      const rows = await recentImports(db, streetsFor(req.actor, 'registry.import'));
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
