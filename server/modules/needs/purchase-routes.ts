import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  acceptInput,
  evidenceInput,
  libraries,
  milestoneInput,
  projectDetail,
  purchaseDetail,
  purchaseInput,
  purchaseRow,
  reportQuery,
  yearReport,
} from '../../../contracts/purchases.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { communityPlace } from './commands/lists.js';
import { addMilestone, completeMilestone, projectOf } from './commands/milestones.js';
import { acceptDeliverable, createPurchase, payInstalment } from './commands/purchases.js';
import { evidencePhoto, librariesOf, projectDetailOf, purchaseDetailOf, purchasesOf } from './purchase-queries.js';
import { yearReportOf } from './report.js';
import { reportWorkbook } from './report-xlsx.js';

const tags = ['needs'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });
const byCommunity = z.object({ community: z.string().regex(/^\d{12}$/) });

/** Project milestones with evidence; the two libraries, purchased services and the yearly report. */
export function purchaseRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const readable = async (actor: ReturnType<typeof requireActor>, community: string) => {
    const c = await communityPlace(db, community);
    authorize(actor, 'needs.read', c);
    return c;
  };
  app.get(
    '/api/needs/projects/:id',
    {
      schema: {
        tags,
        summary: 'A project with its milestones and their evidence',
        params: idParams,
        response: { 200: projectDetail, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await projectOf(db, actor, req.params.id);
      authorize(actor, 'needs.read', p.target);
      return projectDetailOf(db, p.street_id, p.id);
    },
  );
  app.post(
    '/api/needs/projects/:id/milestones',
    {
      schema: {
        tags,
        summary: 'Add a milestone to a running project',
        params: idParams,
        body: milestoneInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addMilestone(db, callerOf(req), { ...req.body, projectId: req.params.id })),
  );
  app.post(
    '/api/needs/milestones/:id/done',
    {
      schema: {
        tags,
        summary: 'A milestone done, with its evidence (words and photos)',
        params: idParams,
        body: evidenceInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => completeMilestone(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/needs/evidence/:photo',
    {
      schema: {
        tags,
        summary: 'An evidence photo of a milestone or an acceptance: for the place’s staff',
        params: z.object({ photo: z.uuid() }),
        querystring: z.object({ size: z.enum(['thumb', 'full']).default('full') }),
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const e = await evidencePhoto(db, streetsOfActor(actor), req.params.photo);
      if (!e) throw notFound({ zh: '照片', en: 'Photo' });
      authorize(actor, 'needs.read', e.target);
      const thumb = req.query.size === 'thumb';
      return reply
        .header('Content-Type', thumb ? 'image/jpeg' : e.mime)
        .header('Cache-Control', 'private, max-age=86400')
        .send(thumb ? e.thumb : e.data);
    },
  );
  app.get(
    '/api/needs/libraries',
    {
      schema: {
        tags,
        summary: '两库: the need library and the provider library of social organisations',
        querystring: byCommunity,
        response: { 200: libraries, ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return librariesOf(db, c.streetId, c.community);
    },
  );
  app.get(
    '/api/needs/purchases',
    {
      schema: {
        tags,
        summary: 'The purchased services of a community (its own and the street’s)',
        querystring: byCommunity,
        response: { 200: z.object({ items: z.array(purchaseRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return { items: await purchasesOf(db, c.streetId, c.community) };
    },
  );
  app.get(
    '/api/needs/purchases/:id',
    {
      schema: {
        tags,
        summary: 'A purchased service: deliverables, acceptances with evidence, instalments',
        params: idParams,
        querystring: byCommunity,
        response: { 200: purchaseDetail, ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      const p = await purchaseDetailOf(db, c.streetId, c.community, req.params.id);
      if (!p) throw notFound({ zh: '购买服务项目', en: 'Purchase' });
      return p;
    },
  );
  app.post(
    '/api/needs/purchases',
    {
      schema: {
        tags,
        summary: 'Contract a social organisation (政府购买服务): deliverables and instalments',
        body: purchaseInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createPurchase(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/needs/purchases/:id/acceptances',
    {
      schema: {
        tags,
        summary: 'Accept a count of one deliverable, with evidence',
        params: idParams,
        body: acceptInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await acceptDeliverable(db, callerOf(req), { ...req.body, purchaseId: req.params.id })),
  );
  app.post(
    '/api/needs/purchases/:id/payments/:paymentId/pay',
    {
      schema: {
        tags,
        summary: 'Pay an instalment once its share of the deliverables is accepted',
        params: z.object({ id: z.coerce.number().int().positive(), paymentId: z.coerce.number().int().positive() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => payInstalment(db, callerOf(req), { purchaseId: req.params.id, paymentId: req.params.paymentId }),
  );
  app.get(
    '/api/needs/report',
    {
      schema: {
        tags,
        summary: 'The year’s report: needs raised and met, who met them, at what cost',
        querystring: reportQuery,
        response: { 200: yearReport, ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return yearReportOf(db, c.streetId, c.community, req.query.year);
    },
  );
  app.get(
    '/api/needs/report.xlsx',
    {
      schema: {
        tags,
        summary: 'The year’s report as an Excel workbook',
        querystring: reportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      const report = await yearReportOf(db, c.streetId, c.community, req.query.year);
      const file = `${c.name}${req.query.year}年需求对接报告.xlsx`;
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file)}`)
        .send(await reportWorkbook(c.name, report));
    },
  );
}
