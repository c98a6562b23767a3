import { Refusal, allowed, scopesFor } from '../../core/authorize.js';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseActionBody,
  caseActions,
  caseDetail,
  caseInput,
  casePage,
  caseQuery,
  levelNames,
  ratingNames,
  sourceNames,
  statusNames,
  supervisionNames,
} from '../../../contracts/cases.js';
import { errorBody } from '../../../contracts/errors.js';
import { forbidden, pickStreet, requireActor, type Actor } from '../../core/access.js';
import { writeAudit, auditContextOf } from '../../core/audit.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { caseNo, loadCase, targetOf } from './case-row.js';
import { actOnCase, CASE } from './commands/act-on-case.js';
import { submitCase } from './commands/submit-case.js';
import { MAX_PHOTO_BYTES, processPhoto, storePhoto } from './photos.js';
import { caseDetail as loadDetail, exportCases, listCases, presentDetail } from './queries.js';

const tags = ['cases'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];
const EXPORT_LIMIT = 50_000;

/** The streets an actor works in (region roles), for requests that do not name one. */
export function streetsOf(actor: Actor | null): string[] {
  return [...new Set((actor?.assignments ?? []).flatMap((a) => (a.streetId ? [a.streetId] : [])))];
}

export function streetOf(actor: Actor | null, requested?: string): string {
  return pickStreet(streetsOf(actor), requested);
}

const actorOf = (req: FastifyRequest): Actor => requireActor(req.actor);

/** Intake, the workbench, the case page and its steps, photos. */
export async function caseRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_PHOTO_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/case-photos',
    {
      bodyLimit: MAX_PHOTO_BYTES,
      // a report carries a few photos: 30 a minute per account is plenty, a flood is refused
      config: {
        rateLimit: {
          max: 30,
          timeWindow: '1 minute',
          keyGenerator: (req: FastifyRequest) => (req.actor ? `user:${req.actor.userId}` : req.ip),
        },
      },
      schema: {
        tags,
        summary: 'Upload one photo (raw JPEG/PNG/WebP body): EXIF location read, then every metadata stripped',
        querystring: z.object({
          street: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            lng: z.number().nullable(),
            lat: z.number().nullable(),
            width: z.number(),
            height: z.number(),
          }),
          400: errorBody,
          413: errorBody,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const streetId = streetOf(actor, req.query.street);
      if (!Buffer.isBuffer(req.body))
        throw new AppError('validation', { zh: '请上传照片文件', en: 'Send the photo as the body' });
      const photo = await processPhoto(req.body);
      const id = await storePhoto(db, { streetId, uploader: `user:${actor.userId}`, photo });
      return reply.status(201).send({ id, lng: photo.lng, lat: photo.lat, width: photo.width, height: photo.height });
    },
  );

  app.get(
    '/api/case-photos/:id',
    {
      schema: {
        tags,
        summary: 'A photo (or its thumbnail) of a case the actor may read, or one they uploaded',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ size: z.enum(['full', 'thumb']).default('full') }),
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const photo = await db.selectFrom('case_photos').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!photo) throw notFound({ zh: '照片', en: 'Photo' });
      let ok = photo.uploaded_by === `user:${actor.userId}`;
      if (!ok && photo.case_id !== null) {
        const row = await loadCase(db, photo.case_id, photo.street_id);
        ok = row !== undefined && allowed(actor, 'cases.read', targetOf(row));
      }
      if (!ok) throw notFound({ zh: '照片', en: 'Photo' });
      const thumb = req.query.size === 'thumb';
      return reply
        .header('Content-Type', thumb ? 'image/jpeg' : photo.mime)
        .header('Cache-Control', 'private, max-age=86400')
        .send(thumb ? photo.thumb : photo.data);
    },
  );

  app.post(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'Report a case (any channel a person can use); a retried clientRequestId returns the first case',
        body: caseInput,
        response: {
          200: caseDetail.extend({ created: z.boolean() }),
          201: caseDetail.extend({ created: z.boolean() }),
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { row, created, fresh } = await submitCase({
        db,
        keyring,
        submitter: { kind: 'user', actor },
        input: req.body,
        audit: auditContextOf(req),
      });
      const detail = await presentDetail(db, keyring, actor, row, fresh);
      return reply.status(created ? 201 : 200).send({ ...detail, created });
    },
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: 'The workbench: a queue of cases in the actor’s scope, filtered',
        querystring: caseQuery,
        response: { 200: casePage, 400: errorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return listCases(db, actor, req.query, streetsOf(actor)[0]);
    },
  );

  app.get(
    '/api/cases/export',
    {
      schema: {
        tags,
        summary: 'Export the filtered cases to XLSX (audited)',
        querystring: caseQuery.omit({ page: true, pageSize: true }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 403: errorBody },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (scopesFor(actor, 'cases.export').length === 0) throw new Refusal('cases.export');
      const rows = await exportCases(db, actor, { ...req.query, page: 1, pageSize: 1 }, EXPORT_LIMIT);
      const body = await xlsxBuffer<(typeof rows)[number]>(
        '案件',
        [
          { header: '案件编号', width: 18, value: (r) => caseNo(r.created_at, r.id) },
          {
            header: '上报时间',
            width: 18,
            value: (r) => r.created_at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }),
          },
          { header: '来源', value: (r) => sourceNames[r.source].zh },
          { header: '类型', value: (r) => r.category_name },
          { header: '标题', width: 30, value: (r) => r.title },
          { header: '地址', width: 30, value: (r) => r.address ?? '' },
          { header: '网格', width: 20, value: (r) => r.grid_name ?? '' },
          { header: '状态', value: (r) => statusNames[r.status].zh },
          { header: '处置单位', width: 20, value: (r) => r.agency_name ?? (r.dispatched_at ? '网格自办' : '') },
          {
            header: '办理时限',
            width: 18,
            value: (r) => r.handle_due_at?.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) ?? '',
          },
          { header: '层级', value: (r) => levelNames[r.level].zh },
          { header: '督办', value: (r) => supervisionNames[r.supervision].zh },
          { header: '返工次数', value: (r) => r.reworks },
          { header: '评价', value: (r) => (r.rating ? ratingNames[r.rating].zh : '') },
        ],
        rows,
      );
      await writeAudit(db, auditContextOf(req), {
        action: 'cases.export',
        result: 'ok',
        objectType: 'cases',
        detail: { filter: req.query, rows: rows.length },
      });
      return sendXlsx(reply, `案件-${new Date().toISOString().slice(0, 10)}.xlsx`, body);
    },
  );

  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: 'A case with its timeline, photos, duplicates and the steps open to the actor',
        params: idParams,
        response: { 200: caseDetail, 404: errorBody },
      },
    },
    async (req) => loadDetail(db, keyring, actorOf(req), req.params.id),
  );

  app.post(
    '/api/cases/:id/:action',
    {
      schema: {
        tags,
        summary:
          'Take one step on a case (register, dispatch, sign, handle, verify_pass, rate …); 409 when its state has moved on',
        params: z.object({ id: z.coerce.number().int().positive(), action: z.enum(caseActions) }),
        body: caseActionBody,
        response: { 200: caseDetail, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const row = await actOnCase({
        db,
        actor,
        audit: auditContextOf(req),
        caseId: req.params.id,
        action: req.params.action,
        body: req.body,
      });
      return presentDetail(db, keyring, actor, row);
    },
  );

  app.post(
    '/api/cases/:id/agency-rating',
    {
      schema: {
        tags,
        summary: 'Rate the handling unit back (反向评价): by the community, or by the reporter',
        params: idParams,
        body: z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }),
        response: {
          201: z.object({ ok: z.literal(true) }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await loadCase(db, req.params.id);
      if (!row || !allowed(actor, 'cases.read', targetOf(row))) throw notFound(CASE);
      if (row.agency_id === null || row.status !== 'closed')
        throw new AppError('conflict', {
          zh: '只能对已结案且由单位处置的案件评价单位',
          en: 'Only closed cases handled by a unit can rate it',
        });
      const asCommunity = allowed(actor, 'cases.rate_agency', targetOf(row));
      const asReporter = row.reporter_user_id === actor.userId;
      if (!asCommunity && !asReporter) throw forbidden();
      const kind = asCommunity ? 'community' : 'resident';
      await db.transaction().execute(async (trx) => {
        const done = await trx
          .insertInto('agency_ratings')
          .values({
            street_id: row.street_id,
            agency_id: row.agency_id ?? 0,
            case_id: row.id,
            rater_kind: kind,
            rater_id: actor.userId,
            score: req.body.score,
            comment: req.body.comment ?? null,
          })
          .onConflict((oc) => oc.columns(['street_id', 'case_id', 'rater_kind']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!done)
          throw new AppError('conflict', { zh: '已经评价过该单位', en: 'The unit was already rated for this case' });
        await writeAudit(trx, auditContextOf(req), {
          action: 'cases.rate_agency',
          result: 'ok',
          objectType: 'case',
          objectId: row.id,
          streetId: row.street_id,
          detail: { kind, score: req.body.score },
        });
      });
      return reply.status(201).send({ ok: true as const });
    },
  );

  app.post(
    '/api/device-alarms',
    {
      config: { public: true, rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'A device alarm (smoke, water, door sensor …) as a case: header X-Device-Secret must equal LINLI_DEVICE_SECRET',
        body: z.object({
          street: z.string().regex(/^\d{9}$/),
          deviceId: z.string().min(1).max(100),
          /** The device's own alarm id: a repeated delivery makes no second case. */
          alarmId: z.string().min(8).max(100),
          category: z.string().min(1).max(40),
          description: z.string().trim().min(1).max(2000),
          lng: z.number().min(73).max(136).optional(),
          lat: z.number().min(3).max(54).optional(),
          address: z.string().trim().max(200).optional(),
        }),
        response: {
          201: z.object({ id: z.number(), no: z.string(), created: z.boolean() }),
          200: z.object({ id: z.number(), no: z.string(), created: z.boolean() }),
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (req, reply) => {
      const secret = process.env.LINLI_DEVICE_SECRET ?? '';
      const given = String(req.headers['x-device-secret'] ?? '');
      const ok =
        secret.length >= 16 &&
        given.length === secret.length &&
        crypto.timingSafeEqual(Buffer.from(given), Buffer.from(secret));
      if (!ok) throw new AppError('forbidden', { zh: '设备密钥不正确', en: 'Wrong or missing X-Device-Secret' });
      const b = req.body;
      const { row, created } = await submitCase({
        db,
        keyring,
        submitter: { kind: 'device', streetId: b.street, deviceId: b.deviceId },
        input: {
          category: b.category,
          description: b.description,
          clientRequestId: b.alarmId,
          ...(b.lng !== undefined && b.lat !== undefined ? { lng: b.lng, lat: b.lat } : {}),
          ...(b.address ? { address: b.address } : {}),
        },
        audit: { actorName: `device ${b.deviceId}`, ip: req.ip },
      });
      return reply.status(created ? 201 : 200).send({ id: row.id, no: caseNo(row.created_at, row.id), created });
    },
  );
}
