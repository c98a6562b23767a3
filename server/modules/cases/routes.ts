import { Refusal, scopesFor } from '../../core/authorize.js';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agencyRatingBody,
  caseActionBody,
  caseDetail,
  caseInput,
  casePage,
  caseQuery,
  deviceAlarmBody,
  deviceAlarmResult,
  photoParams,
  photoQuery,
  photoUploadResult,
  stepParams,
  streetQuery,
} from '../../../contracts/cases.js';
import { idParams } from '../../../contracts/text.js';
import { callerOf } from '../../core/command.js';
import { rateAgency } from './commands/rate-agency.js';
import { casesWorkbook } from './export.js';
import { errorBody } from '../../../contracts/errors.js';
import { pickStreet, requireActor, streetsOfActor, type Actor } from '../../core/access.js';
import { writeAudit, auditContextOf } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx } from '../../core/xlsx.js';
import { caseNo } from './case-row.js';
import { revealReporterPhone } from './commands/reveal-phone.js';
import { actOnCase } from './commands/act-on-case.js';
import { submitCase } from './commands/submit-case.js';
import { MAX_PHOTO_BYTES, processPhoto, readablePhoto, storePhoto } from './photos.js';
import { caseDetail as loadDetail, exportCases, listCases, presentDetail } from './queries.js';

const tags = ['cases'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];
const EXPORT_LIMIT = 50_000;

export function streetOf(actor: Actor | null, requested?: string): string {
  return pickStreet(streetsOfActor(actor), requested);
}

const actorOf = (req: FastifyRequest): Actor => requireActor(req.actor);

/** Intake, the workbench, the case page and its steps, photos, reverse ratings, device alarms. */
export function caseRoutes(fastify: FastifyInstance, { db, keyring, deviceSecret }: RouteContext) {
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
        querystring: streetQuery,
        response: {
          201: photoUploadResult,
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
        params: photoParams,
        querystring: photoQuery,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (req, reply) => {
      const photo = await readablePhoto(db, actorOf(req), req.params.id);
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
      return listCases(db, actor, req.query, streetsOfActor(actor)[0]);
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
      const body = await casesWorkbook(rows);
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

  const revealPhone = revealReporterPhone(keyring);
  app.post(
    '/api/cases/:id/reporter-phone',
    {
      schema: {
        tags,
        summary: "The reporter's full phone number, to call them (handlers, dispatchers, verifiers; audited)",
        params: idParams,
        response: { 200: z.object({ value: z.string().nullable() }), 403: errorBody, 404: errorBody },
      },
    },
    async (req) => revealPhone(db, callerOf(req), { id: req.params.id }),
  );

  app.post(
    '/api/cases/:id/:action',
    {
      schema: {
        tags,
        summary:
          'Take one step on a case (register, dispatch, sign, handle, verify_pass, rate …); 409 when its state has moved on',
        params: stepParams,
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
        body: agencyRatingBody,
        response: {
          201: z.object({ ok: z.literal(true) }),
          400: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await rateAgency(db, callerOf(req), { caseId: req.params.id, ...req.body })),
  );

  app.post(
    '/api/device-alarms',
    {
      config: { public: true, rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'A device alarm (smoke, water, door sensor …) as a case: header X-Device-Secret must equal LINLI_DEVICE_SECRET',
        body: deviceAlarmBody,
        response: {
          201: deviceAlarmResult,
          200: deviceAlarmResult,
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (req, reply) => {
      const secret = deviceSecret ?? '';
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
