import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  reviewInput,
  reviewList,
  reviewQuery,
  taskList,
  unitInput,
  unitList,
  unitRecord,
} from '../../../contracts/party-units.js';
import { boardQuery, dualDecision } from '../../../contracts/party.js';
import {
  myUnitReports,
  unitReportBoard,
  unitReportInput,
  unitServiceInput,
} from '../../../contracts/party-unit-reports.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { AppError } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { localDate } from '../cases/index.js';
import { tasksFor } from './card-queries.js';
import { ownMember } from './commands/members.js';
import {
  AGREEMENT_FILE_TYPES,
  MAX_AGREEMENT_FILE_BYTES,
  agreementFile,
  agreementOf,
  attachAgreementFile,
  claimTask,
  offerToMembers,
  reviewUnit,
  saveUnit,
} from './commands/units.js';
import { decideUnitReport, recordUnitService, requestUnitReport, unitOfActor } from './commands/unit-reports.js';
import { communityTarget, minimumOf } from './queries.js';
import { myUnitReportsOf, unitReportBoardOf } from './unit-report-queries.js';
import { quarterOf, reviewsOf, unitRecordOf, unitsOf } from './unit-queries.js';

const tags = ['party'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** The alliance's units, their quarterly reverse evaluation, a unit's own record, signed files, members' tasks. */
export function unitRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const save = saveUnit(keyring);
  app.addContentTypeParser(
    [...AGREEMENT_FILE_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_AGREEMENT_FILE_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.get(
    '/api/party/units',
    {
      schema: {
        tags,
        summary: 'The street’s co-building units: kind, contact (masked), their branch, agreements',
        querystring: boardQuery,
        response: { 200: unitList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read', c);
      return { items: await unitsOf(db, keyring, c.streetId) };
    },
  );
  app.post(
    '/api/party/units',
    {
      schema: {
        tags,
        summary: 'Add a co-building unit (or an agency’s party details)',
        body: unitInput,
        response: { 200: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req) => save(db, callerOf(req), req.body),
  );
  app.get(
    '/api/party/reviews',
    {
      schema: {
        tags,
        summary:
          '反向评价: the community’s units for a quarter — its score, agreement progress, resolutions, residents’ ratings',
        querystring: reviewQuery,
        response: { 200: reviewList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read', c);
      const quarter = req.query.quarter ?? quarterOf(localDate(new Date()));
      return {
        quarter,
        items: await reviewsOf(db, c.streetId, c.code, quarter),
        canReview: allowed(actor, 'party.manage', c),
      };
    },
  );
  app.post(
    '/api/party/reviews',
    {
      schema: {
        tags,
        summary: 'Score a unit for a quarter (履约 40 + 参与 30 + 响应 30); again: revised',
        body: reviewInput,
        response: { 200: z.object({ id: z.number(), quarter: z.string() }), ...bad },
      },
    },
    async (req) => reviewUnit(db, callerOf(req), req.body),
  );
  app.get(
    '/api/party/unit-record',
    {
      schema: {
        tags,
        summary: 'My unit’s record: how communities rated it, its resolutions and agreements (its handlers)',
        response: { 200: unitRecord, ...bad },
      },
    },
    async (req) => {
      const mine = unitOfActor(req.actor);
      authorize(requireActor(req.actor), 'party.read_unit', mine);
      return unitRecordOf(db, mine.streetId, mine.agencyId);
    },
  );
  app.post(
    '/api/party/agreements/:id/file',
    {
      bodyLimit: MAX_AGREEMENT_FILE_BYTES,
      schema: {
        tags,
        summary: 'Attach the signed agreement (raw PDF/JPEG/PNG body; ?name= the file’s name)',
        params: idParams,
        querystring: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 200: okResult, ...bad, 413: errorBody, 415: errorBody },
      },
    },
    async (req) => {
      const mime = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (!Buffer.isBuffer(req.body) || !AGREEMENT_FILE_TYPES.includes(mime as never))
        throw new AppError('validation', { zh: '请上传 PDF、JPG 或 PNG 文件', en: 'Upload a PDF, JPEG or PNG' });
      return attachAgreementFile(db, callerOf(req), {
        id: req.params.id,
        name: req.query.name,
        mime: mime as (typeof AGREEMENT_FILE_TYPES)[number],
        data: req.body,
      });
    },
  );
  app.get(
    '/api/party/agreements/:id/file',
    { schema: { tags, summary: 'The signed agreement file', params: idParams, produces: [...AGREEMENT_FILE_TYPES] } },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const a = await agreementOf(db, actor, req.params.id);
      const target = { regionPath: a.path, streetId: a.street_id, agencyId: a.agency_id };
      if (!allowed(actor, 'party.read_unit', target)) authorize(actor, 'party.read', target);
      const f = await agreementFile(db, a.street_id, a.id);
      if (!f?.file_data || !f.file_mime)
        throw new AppError('not_found', { zh: '该协议尚未上传签订文件', en: 'No signed file yet' });
      await writeAudit(db, auditContextOf(req), {
        streetId: a.street_id,
        action: 'party.read',
        objectType: 'party_agreement_file',
        objectId: a.id,
        result: 'ok',
      });
      return reply
        .header('Content-Type', f.file_mime)
        .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.file_name ?? 'agreement')}`)
        .send(f.file_data);
    },
  );
  app.post(
    '/api/party/resolutions/:id/offer',
    {
      schema: {
        tags,
        summary: 'Put a resolution out to party members to claim (or take it back)',
        params: idParams,
        body: z.object({ open: z.boolean() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => offerToMembers(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/party/tasks',
    {
      schema: {
        tags,
        summary: 'Open tasks of my community I may claim (a member)',
        response: { 200: taskList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return { items: await tasksFor(db, await ownMember(db, actor.userId)) };
    },
  );
  app.post(
    '/api/party/tasks/:id/claim',
    { schema: { tags, summary: 'Claim a task (first come)', params: idParams, response: { 200: okResult, ...bad } } },
    async (req) => claimTask(db, callerOf(req), { id: req.params.id }),
  );
  app.get(
    '/api/party/unit-reports',
    {
      schema: {
        tags,
        summary: '双报到 of whole units to a community: waiting, registered, serving, silent this year',
        querystring: boardQuery,
        response: { 200: unitReportBoard, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read', c);
      return {
        ...(await unitReportBoardOf(db, c.streetId, c.code, await minimumOf(db, c.streetId))),
        canDecide: allowed(actor, 'party.manage', c),
      };
    },
  );
  app.post(
    '/api/party/unit-reports/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve a unit’s report with a post, or turn it down (the community secretary)',
        params: idParams,
        body: dualDecision,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => decideUnitReport(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/party/my-unit-reports',
    {
      schema: {
        tags,
        summary: 'My unit’s reports to communities and the services recorded (its handlers)',
        response: { 200: myUnitReports, ...bad },
      },
    },
    async (req) => {
      const unit = unitOfActor(req.actor);
      authorize(requireActor(req.actor), 'party.act_for_unit', unit);
      return myUnitReportsOf(db, unit.streetId, unit.agencyId, await minimumOf(db, unit.streetId));
    },
  );
  app.post(
    '/api/party/my-unit-reports',
    {
      schema: {
        tags,
        summary: '双报到 of my unit’s branch to a community',
        body: unitReportInput,
        response: { 200: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req) => requestUnitReport(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/unit-reports/:id/services',
    {
      schema: {
        tags,
        summary: 'Record a service my unit’s branch gave the community (approved reports)',
        params: idParams,
        body: unitServiceInput,
        response: { 200: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req) => recordUnitService(db, callerOf(req), { ...req.body, reportId: req.params.id }),
  );
}
