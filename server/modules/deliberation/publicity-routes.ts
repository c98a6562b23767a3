import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answer, noticeInput, surveyInput } from '../../../contracts/deliberation.js';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { communityOf, placeFor } from './commands/meetings.js';
import {
  createNotice,
  createSurvey,
  markRead,
  respondSurvey,
  topicFromSurvey,
  withdrawNotice,
} from './commands/publicity.js';
import { noticesForMe, noticesOf, publicBoard, surveyResults, surveysOf } from './publicity-queries.js';
import { readableCommunity } from './readable.js';

const tags = ['deliberation'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });
const street = z.object({ street: z.string().regex(/^\d{9}$/) });
const byCommunity = z.object({ community: z.string().regex(/^\d{12}$/) });

/** 征集问卷 and 党务公开·居务公开, and the public page of a community. */
export function publicityRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/surveys',
    { schema: { tags, summary: 'A community’s surveys', querystring: byCommunity } },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await readableCommunity(db, actor, req.query.community);
      return { items: await surveysOf(db, actor, c.streetId, c.code) };
    },
  );
  app.post(
    '/api/surveys',
    { schema: { tags, summary: 'Open a survey', body: surveyInput, response: { 201: created, ...bad } } },
    async (req, reply) => reply.code(201).send(await createSurvey(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/surveys/:id/responses',
    {
      schema: {
        tags,
        summary: 'Answer a survey (once)',
        params: idParams,
        body: street.extend({ answers: z.array(answer).max(30) }),
        response: { 201: okResult, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await respondSurvey(db, callerOf(req), { ...req.body, surveyId: req.params.id })),
  );
  const results = async (actor: ReturnType<typeof requireActor>, streetId: string, id: number) => {
    const r = await surveyResults(db, streetId, id);
    if (!r) throw notFound({ zh: '问卷', en: 'Survey' });
    authorize(actor, 'deliberation.read', await placeFor(db, r.community));
    return r;
  };
  app.get(
    '/api/surveys/:id/results',
    { schema: { tags, summary: 'A survey’s results, live', params: idParams, querystring: street } },
    async (req) => results(requireActor(req.actor), req.query.street, req.params.id),
  );
  app.get(
    '/api/surveys/:id/results.xlsx',
    { schema: { tags, summary: 'A survey’s results as a workbook', params: idParams, querystring: street } },
    async (req, reply) => {
      const r = await results(requireActor(req.actor), req.query.street, req.params.id);
      const rows = r.questions.flatMap((q, i) =>
        q.kind === 'text'
          ? q.texts.map((t) => ({ q: `${i + 1}. ${q.text}`, option: t, count: 1 }))
          : q.kind === 'rating'
            ? [{ q: `${i + 1}. ${q.text}`, option: '平均分', count: q.mean ?? 0 }]
            : q.options.map((o) => ({ q: `${i + 1}. ${q.text}`, option: o.option, count: o.count })),
      );
      const file = await xlsxBuffer(
        '问卷结果',
        [
          { header: '题目', width: 40, value: (x: (typeof rows)[number]) => x.q },
          { header: '选项 / 回答', width: 40, value: (x) => x.option },
          { header: '人数 / 分值', width: 12, value: (x) => x.count },
        ],
        rows,
      );
      return sendXlsx(reply, `${r.title}（${r.responses} 份）.xlsx`, file);
    },
  );
  app.post(
    '/api/surveys/:id/topic',
    {
      schema: {
        tags,
        summary: 'Make a topic from what a survey gathered',
        params: idParams,
        body: street.extend({
          title: z.string().trim().min(4).max(60),
          detail: z.string().trim().max(2000).default(''),
        }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await topicFromSurvey(db, callerOf(req), { ...req.body, surveyId: req.params.id })),
  );
  app.get(
    '/api/notices',
    { schema: { tags, summary: 'A community’s notices with their state and read rate', querystring: byCommunity } },
    async (req) => {
      const c = await communityOf(db, req.query.community);
      authorize(requireActor(req.actor), 'deliberation.read', c);
      return { items: await noticesOf(db, c.streetId, c.code) };
    },
  );
  app.get('/api/notices/mine', { schema: { tags, summary: 'The notices for me, pinned first' } }, async (req) => {
    const actor = requireActor(req.actor);
    return { items: await noticesForMe(db, actor, streetsOfActor(actor)) };
  });
  app.post(
    '/api/notices',
    {
      schema: {
        tags,
        summary: 'Publish (or schedule) a notice',
        body: noticeInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createNotice(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/notices/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a notice now',
        params: idParams,
        body: street,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => withdrawNotice(db, callerOf(req), { street: req.body.street, id: req.params.id }),
  );
  app.post(
    '/api/notices/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark a notice read',
        params: idParams,
        body: street,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => markRead(db, callerOf(req), { street: req.body.street, id: req.params.id }),
  );
  const board = async (community: string) => {
    const c = await communityOf(db, community);
    return { community: c.name, ...(await publicBoard(db, c.streetId, c.code)) };
  };
  app.get(
    '/api/public/communities/:code/board',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A community’s public page: its notices and its topics’ published decisions and results (no sign-in)',
        params: z.object({ code: z.string().regex(/^\d{12}$/) }),
      },
    },
    async (req) => board(req.params.code),
  );
  app.get(
    '/api/public/communities/:code/notices/:id/table.xlsx',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A published financial notice’s table as a workbook (no sign-in)',
        params: z.object({ code: z.string().regex(/^\d{12}$/), id: z.coerce.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const b = await board(req.params.code);
      const n = b.notices.find((x) => x.id === req.params.id);
      if (!n?.finance) throw notFound({ zh: '财务公开', en: 'Accounts notice' });
      const table = n.finance;
      const file = await xlsxBuffer(
        '收支明细',
        table.columns.map((h, i) => ({ header: h, width: 18, value: (row: string[]) => row[i] ?? '' })),
        table.rows,
      );
      return sendXlsx(reply, `${b.community}-${n.title}.xlsx`, file);
    },
  );
}
