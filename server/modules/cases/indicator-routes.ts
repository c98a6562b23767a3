import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { indicatorQuery, indicatorsResult } from '../../../contracts/cases.js';
import { errorBody } from '../../../contracts/errors.js';
import { requireActor, type Actor } from '../../core/access.js';
import { Refusal, scopesFor } from '../../core/authorize.js';
import type { Executor } from '../../core/db.js';
import { AppError } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { agencyRatings, indicators } from './indicators.js';
import { streetOf } from './routes.js';
import { streetConfig } from './street-config.js';

const tags = ['cases'];

/** The indicators of the places the actor may read them for, weighted by the street's settings. */
async function indicatorsOf(db: Executor, actor: Actor, q: z.infer<typeof indicatorQuery>) {
  const scopes = scopesFor(actor, 'cases.indicators');
  if (scopes.length === 0) throw new Refusal('cases.indicators');
  if (q.from > q.to) throw new AppError('validation', { zh: '开始日期不能晚于结束日期', en: 'from is after to' });
  const { settings } = await streetConfig(db, streetOf(actor, q.street));
  return indicators(db, {
    scopes,
    groupBy: q.groupBy,
    from: q.from,
    to: q.to,
    region: q.region,
    weights: settings.composite,
  });
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(2)}%`);

/** 结案率, 按期结案率, 处置率 … and the composite score, on screen and as a spreadsheet. */
export function indicatorRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/case-indicators',
    {
      schema: {
        tags,
        summary:
          'Indicators (结案率, 按期结案率, 处置率 …, composite score) per group over cases registered in the period',
        querystring: indicatorQuery,
        response: { 200: indicatorsResult, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const rows = await indicatorsOf(db, actor, req.query);
      return { rows, ratings: await agencyRatings(db, streetOf(actor, req.query.street)) };
    },
  );
  app.get(
    '/api/case-indicators/export',
    {
      schema: {
        tags,
        summary: 'The indicators table as XLSX',
        querystring: indicatorQuery,
        response: { 403: errorBody },
      },
    },
    async (req, reply) => {
      const rows = await indicatorsOf(db, requireActor(req.actor), req.query);
      const body = await xlsxBuffer<(typeof rows)[number]>(
        '指标',
        [
          { header: '名称', width: 20, value: (r) => r.name },
          { header: '立案数', value: (r) => r.total },
          { header: '结案数', value: (r) => r.closed },
          { header: '结案率', value: (r) => pct(r.rates.closure) },
          { header: '按期结案率', value: (r) => pct(r.rates.closureOnTime) },
          { header: '处置率', value: (r) => pct(r.rates.disposal) },
          { header: '按期处置率', value: (r) => pct(r.rates.disposalOnTime) },
          { header: '返工率', value: (r) => pct(r.rates.rework) },
          { header: '超期待处置率', value: (r) => pct(r.rates.overduePending) },
          { header: '延期率', value: (r) => pct(r.rates.extension) },
          { header: '响应率', value: (r) => pct(r.rates.response) },
          { header: '解决率', value: (r) => pct(r.rates.resolution) },
          { header: '满意率', value: (r) => pct(r.rates.satisfaction) },
          { header: '主动发现', value: (r) => r.proactive },
          { header: '综合得分', value: (r) => r.score ?? '' },
        ],
        rows,
      );
      return sendXlsx(reply, `案件指标-${req.query.from}-${req.query.to}.xlsx`, body);
    },
  );
}
