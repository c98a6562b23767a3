import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { saneDate } from '../../../contracts/text.js';
import { calendarDay, categoryInput, categoryItem, indicatorRow } from '../../../contracts/cases.js';
import { errorBody } from '../../../contracts/errors.js';
import { forbidden, regionScopes, requireActor, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { auditContext } from '../identity/index.js';
import { caseSettingsSchema } from './defaults.js';
import { agencyRatings, indicatorGroups, indicators } from './indicators.js';
import { casesRoles, casesRules } from './permissions.js';
import { streetOf } from './routes.js';
import { invalidateStreetConfig, streetConfig } from './street-config.js';

const tags = ['cases'];
const street = z.object({
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});

/** The street's path, for rules asked about the street as a whole. */
async function streetTarget(ctx: RouteContext, streetId: string) {
  const r = await ctx.db.selectFrom('regions').select('path').where('code', '=', streetId).executeTakeFirst();
  if (!r) throw notFound({ zh: '街道', en: 'Street' });
  return { regionPath: r.path, streetId };
}

const categoryOut = (r: {
  id: number;
  code: string;
  parent_id: number | null;
  name: string;
  tier: z.infer<typeof categoryItem>['tier'];
  sign_limit: number;
  sign_unit: z.infer<typeof categoryItem>['signUnit'];
  handle_limit: number;
  handle_unit: z.infer<typeof categoryItem>['handleUnit'];
  handler_kind: z.infer<typeof categoryItem>['handlerKind'];
  default_agency_id: number | null;
  active: boolean;
}) => ({
  id: r.id,
  code: r.code,
  parentId: r.parent_id,
  name: r.name,
  tier: r.tier,
  signLimit: r.sign_limit,
  signUnit: r.sign_unit,
  handleLimit: r.handle_limit,
  handleUnit: r.handle_unit,
  handlerKind: r.handler_kind,
  defaultAgencyId: r.default_agency_id,
  active: r.active,
});

/** Categories and limits, the holiday calendar, settings, indicators and the inbox. */
export async function caseSettingsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const actorOf = requireActor;

  /** Refuses (403, audited with what was attempted) unless the actor configures this street. */
  async function configure(
    actor: Actor,
    streetId: string,
    req: Parameters<typeof auditContext>[0],
    objectType: string,
  ) {
    if (casesRules['cases.configure'](actor, await streetTarget(ctx, streetId))) return;
    await writeAudit(db, auditContext(req), { action: 'cases.configure', result: 'denied', streetId, objectType });
    throw forbidden();
  }

  app.get(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: 'The street’s category tree with limits and handling rules',
        querystring: street,
        response: { 200: z.array(categoryItem) },
      },
    },
    async (req) => {
      const streetId = streetOf(req.actor, req.query.street);
      const rows = await db
        .selectFrom('case_categories')
        .selectAll()
        .where('street_id', '=', streetId)
        .orderBy('code')
        .execute();
      return rows.map(categoryOut);
    },
  );

  const saveCategory = async (
    req: Parameters<typeof auditContext>[0],
    body: z.infer<typeof categoryInput>,
    id: number | null,
  ) => {
    const actor = actorOf(req.actor);
    const streetId = streetOf(actor, body.street);
    await configure(actor, streetId, req, 'case_category');
    const values = {
      code: body.code,
      parent_id: body.parentId,
      name: body.name,
      tier: body.tier,
      sign_limit: body.signLimit,
      sign_unit: body.signUnit,
      handle_limit: body.handleLimit,
      handle_unit: body.handleUnit,
      handler_kind: body.handlerKind,
      default_agency_id: body.defaultAgencyId,
      active: body.active,
    };
    try {
      const saved = await db.transaction().execute(async (trx) => {
        const row =
          id === null
            ? await trx
                .insertInto('case_categories')
                .values({ street_id: streetId, ...values })
                .returningAll()
                .executeTakeFirstOrThrow()
            : await trx
                .updateTable('case_categories')
                .set(values)
                .where('street_id', '=', streetId)
                .where('id', '=', id)
                .returningAll()
                .executeTakeFirst();
        if (!row) throw notFound({ zh: '问题类型', en: 'Category' });
        await writeAudit(trx, auditContext(req), {
          action: 'cases.configure',
          result: 'ok',
          objectType: 'case_category',
          objectId: row.id,
          streetId,
          detail: values,
        });
        return categoryOut(row);
      });
      invalidateStreetConfig(streetId);
      return saved;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === '23505')
        throw new AppError('conflict', { zh: `编码「${body.code}」已被使用`, en: `Code ${body.code} is taken` });
      if (code === '23503')
        throw new AppError('validation', { zh: '上级类型或默认处置单位不存在', en: 'Unknown parent or unit' });
      throw e;
    }
  };

  app.post(
    '/api/case-categories',
    {
      schema: {
        tags,
        summary: 'Add a category',
        body: categoryInput,
        response: { 201: categoryItem, 400: errorBody, 403: errorBody, 409: errorBody },
      },
    },
    async (req, reply) => reply.status(201).send(await saveCategory(req, req.body, null)),
  );
  app.put(
    '/api/case-categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a category, its limits or its handling rule',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: categoryInput,
        response: { 200: categoryItem, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (req) => saveCategory(req, req.body, req.params.id),
  );

  app.get(
    '/api/case-calendar/:year',
    {
      schema: {
        tags,
        summary: 'A year’s holidays and make-up working days (exceptions to Monday–Friday)',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        querystring: street,
        response: { 200: z.object({ year: z.number(), days: z.array(calendarDay) }) },
      },
    },
    async (req) => {
      const streetId = streetOf(req.actor, req.query.street);
      const y = req.params.year;
      const days = await db
        .selectFrom('work_calendar')
        .select(['day', 'kind', 'name'])
        .where('street_id', '=', streetId)
        .where('day', '>=', `${y}-01-01`)
        .where('day', '<=', `${y}-12-31`)
        .orderBy('day')
        .execute();
      return { year: y, days };
    },
  );

  app.put(
    '/api/case-calendar/:year',
    {
      schema: {
        tags,
        summary: 'Replace a year’s holidays and make-up working days (the operator, each year)',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        querystring: street,
        body: z.object({ days: z.array(calendarDay).max(120) }),
        response: { 200: z.object({ year: z.number(), days: z.array(calendarDay) }), 400: errorBody, 403: errorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req.actor);
      const streetId = streetOf(actor, req.query.street);
      await configure(actor, streetId, req, 'work_calendar');
      const y = req.params.year;
      const outside = req.body.days.find((d) => !d.day.startsWith(`${y}-`));
      if (outside)
        throw new AppError('validation', { zh: `${outside.day} 不在 ${y} 年`, en: `${outside.day} is not in ${y}` });
      const seen = new Set<string>();
      for (const d of req.body.days) {
        if (seen.has(d.day)) throw new AppError('validation', { zh: `${d.day} 重复`, en: `${d.day} appears twice` });
        seen.add(d.day);
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('work_calendar')
          .where('street_id', '=', streetId)
          .where('day', '>=', `${y}-01-01`)
          .where('day', '<=', `${y}-12-31`)
          .execute();
        if (req.body.days.length)
          await trx
            .insertInto('work_calendar')
            .values(req.body.days.map((d) => ({ street_id: streetId, ...d })))
            .execute();
        await writeAudit(trx, auditContext(req), {
          action: 'cases.configure',
          result: 'ok',
          objectType: 'work_calendar',
          objectId: y,
          streetId,
          detail: { days: req.body.days.length },
        });
      });
      invalidateStreetConfig(streetId);
      return { year: y, days: req.body.days };
    },
  );

  app.get(
    '/api/case-settings',
    {
      schema: {
        tags,
        summary: 'Duplicate radius and hours, warning share, reopen days, office hours, composite weights',
        querystring: street,
        response: { 200: caseSettingsSchema, 403: errorBody },
      },
    },
    async (req) => {
      // the street's tuning is read by those who set it and those who read the indicators it weighs
      const actor = actorOf(req.actor);
      const streetId = streetOf(actor, req.query.street);
      const target = await streetTarget(ctx, streetId);
      if (!casesRules['cases.configure'](actor, target) && !casesRules['cases.indicators'](actor, target)) {
        await writeAudit(db, auditContext(req), {
          action: 'cases.configure',
          result: 'denied',
          streetId,
          objectType: 'case_settings',
        });
        throw forbidden();
      }
      return (await streetConfig(db, streetId)).settings;
    },
  );

  app.put(
    '/api/case-settings',
    {
      schema: {
        tags,
        summary: 'Change the street’s case settings',
        querystring: street,
        body: caseSettingsSchema,
        response: { 200: caseSettingsSchema, 403: errorBody },
      },
    },
    async (req) => {
      const actor = actorOf(req.actor);
      const streetId = streetOf(actor, req.query.street);
      await configure(actor, streetId, req, 'case_settings');
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('case_settings')
          .values({ street_id: streetId, settings: JSON.stringify(req.body) })
          .onConflict((oc) =>
            oc.column('street_id').doUpdateSet({ settings: JSON.stringify(req.body), updated_at: sql`now()` }),
          )
          .execute();
        await writeAudit(trx, auditContext(req), {
          action: 'cases.configure',
          result: 'ok',
          objectType: 'case_settings',
          streetId,
          detail: req.body,
        });
      });
      invalidateStreetConfig(streetId);
      return req.body;
    },
  );

  const indicatorQuery = z.object({
    groupBy: z.enum(indicatorGroups).default('community'),
    from: saneDate,
    to: saneDate,
    region: z
      .string()
      .regex(/^\d{9,15}$/)
      .optional(),
    street: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  });
  const indicatorsOf = async (actor: Actor, q: z.infer<typeof indicatorQuery>) => {
    const scopes = regionScopes(actor, ...casesRoles.indicators);
    if (scopes.length === 0) throw forbidden();
    if (q.from > q.to) throw new AppError('validation', { zh: '开始日期不能晚于结束日期', en: 'from is after to' });
    const streetId = streetOf(actor, q.street);
    const { settings } = await streetConfig(db, streetId);
    return indicators(db, {
      scopes,
      groupBy: q.groupBy,
      from: q.from,
      to: q.to,
      region: q.region,
      weights: settings.composite,
    });
  };

  app.get(
    '/api/case-indicators',
    {
      schema: {
        tags,
        summary:
          'Indicators (结案率, 按期结案率, 处置率 …, composite score) per group over cases registered in the period',
        querystring: indicatorQuery,
        response: {
          200: z.object({
            rows: z.array(indicatorRow),
            ratings: z.array(
              z.object({
                agencyId: z.number(),
                name: z.string(),
                raterKind: z.string(),
                mean: z.number(),
                count: z.number(),
              }),
            ),
          }),
          400: errorBody,
          403: errorBody,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req.actor);
      const rows = await indicatorsOf(actor, req.query);
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
      const rows = await indicatorsOf(actorOf(req.actor), req.query);
      const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${(v * 100).toFixed(2)}%`);
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

  const notice = z.object({
    id: z.number(),
    kind: z.string(),
    caseId: z.number().nullable(),
    title: z.string(),
    body: z.string(),
    count: z.number(),
    updatedAt: z.string(),
    read: z.boolean(),
  });
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My inbox: unread first, digested per kind',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) }),
        response: { 200: z.object({ unread: z.number(), items: z.array(notice) }) },
      },
    },
    async (req) => {
      const actor = actorOf(req.actor);
      const [rows, unread] = await Promise.all([
        db
          .selectFrom('notifications')
          .selectAll()
          .where('user_id', '=', actor.userId)
          .orderBy(sql`read_at IS NULL`, 'desc')
          .orderBy('updated_at', 'desc')
          .limit(req.query.limit)
          .execute(),
        db
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', actor.userId)
          .where('read_at', 'is', null)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        unread: Number(unread.n),
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          caseId: r.case_id,
          title: r.count > 1 ? `${r.title}（${r.count} 条）` : r.title,
          body: r.body,
          count: r.count,
          updatedAt: r.updated_at.toISOString(),
          read: r.read_at !== null,
        })),
      };
    },
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notices read (these ids, or all)',
        body: z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }),
        response: { 200: z.object({ marked: z.number() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req.actor);
      let q = db
        .updateTable('notifications')
        .set({ read_at: new Date() })
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null);
      if (req.body.ids) q = q.where('id', 'in', req.body.ids.length ? req.body.ids : [0]);
      const r = await q.executeTakeFirst();
      return { marked: Number(r.numUpdatedRows) };
    },
  );
}
