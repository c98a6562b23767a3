import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { statusNames, type CaseStatus } from '../../../contracts/cases.js';
import type { Db } from '../../core/db.js';
import { maskNumbersInText } from '../../core/pii/index.js';
import { AppError } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { caseNo } from './case-row.js';
import { submitCase } from './commands/submit-case.js';

/** SHA-256 of an API key: the table never holds a usable key. */
export function apiKeyHash(key: string): string {
  return crypto.createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Stores an Open311 API key for a street (the demo's comes from LINLI_DEMO_API_KEY). */
export async function createApiKey(db: Db, streetId: string, name: string, key: string): Promise<void> {
  await db
    .insertInto('open311_keys')
    .values({ street_id: streetId, name, key_hash: apiKeyHash(key), revoked_at: null })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
}

/** The spec's error format: an array of `{code, description}` with the HTTP status. */
function fail(reply: FastifyReply, code: number, description: string) {
  return reply.status(code).send([{ code, description }]);
}

const CLOSED: CaseStatus[] = ['closed', 'rejected', 'merged'];

/** A published point: rounded to 0.001° (about 100 m), never the reporter's phone's exact position. */
function coarse(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
/** 家事 (household affairs: disputes, help) stay private; the public sees the rest, never who reported. */
const PUBLIC_TIERS = ['public', 'shared'] as const;

/**
 * Open311 GeoReport v2 (JSON): discovery, services, service definitions, submitting a request
 * with an API key and reading requests. `jurisdiction_id` is the street code (optional when the
 * server has one street). Errors use the spec's `[{"code","description"}]`.
 */
export async function open311Routes(app: FastifyInstance, { db, keyring }: RouteContext) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const config = { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } };
  const hide = { hide: true };

  async function jurisdiction(id: unknown): Promise<string | null> {
    if (typeof id === 'string' && id) {
      const r = await db
        .selectFrom('case_categories')
        .select('street_id')
        .where('street_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      return r?.street_id ?? null;
    }
    const streets = await db.selectFrom('case_categories').select('street_id').distinct().limit(2).execute();
    return streets.length === 1 ? (streets[0]?.street_id ?? null) : null;
  }
  const noJurisdiction = (reply: FastifyReply) => fail(reply, 404, 'jurisdiction_id not found (use the street code)');

  app.get('/open311/v2/discovery.json', { config, schema: hide }, async (req) => {
    const base = `${req.protocol}://${req.host}/open311/v2/`;
    return {
      changeset: '2026-11-22T00:00:00Z',
      contact: '鼓东街道指挥中心 / Linli',
      key_service: 'Ask the street command centre for an API key',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: base,
          changeset: '2026-11-22T00:00:00Z',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    };
  });

  app.get('/open311/v2/services.json', { config, schema: hide }, async (req, reply) => {
    const streetId = await jurisdiction((req.query as Record<string, unknown>).jurisdiction_id);
    if (!streetId) return noJurisdiction(reply);
    const rows = await db
      .selectFrom('case_categories as k')
      .leftJoin('case_categories as p', (j) =>
        j.onRef('p.street_id', '=', 'k.street_id').onRef('p.id', '=', 'k.parent_id'),
      )
      .select(['k.code', 'k.name', 'k.tier', 'p.name as group'])
      .where('k.street_id', '=', streetId)
      .where('k.active', '=', true)
      .orderBy('k.code')
      .execute();
    return rows.map((r) => ({
      service_code: r.code,
      service_name: r.name,
      description: r.name,
      metadata: false,
      type: 'realtime',
      keywords: r.tier,
      group: r.group ?? r.name,
    }));
  });

  app.get('/open311/v2/services/:code', { config, schema: hide }, async (req, reply) => {
    const code = String((req.params as { code: string }).code).replace(/\.json$/, '');
    const streetId = await jurisdiction((req.query as Record<string, unknown>).jurisdiction_id);
    if (!streetId) return noJurisdiction(reply);
    const row = await db
      .selectFrom('case_categories')
      .select('code')
      .where('street_id', '=', streetId)
      .where('code', '=', code)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!row) return fail(reply, 404, `service_code ${code} not found`);
    return { service_code: row.code, attributes: [] };
  });

  const postBody = z.object({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().optional(),
    service_code: z.string().optional(),
    lat: z.coerce.number().optional(),
    long: z.coerce.number().optional(),
    address_string: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    media_url: z.string().max(500).optional(),
    first_name: z.string().max(20).optional(),
    last_name: z.string().max(20).optional(),
    phone: z.string().max(20).optional(),
    device_id: z.string().max(100).optional(),
    account_id: z.string().max(100).optional(),
  });

  app.post('/open311/v2/requests.json', { config, schema: hide }, async (req, reply) => {
    const parsed = postBody.safeParse(req.body ?? {});
    if (!parsed.success) return fail(reply, 400, `invalid ${parsed.error.issues[0]?.path.join('.') ?? 'request'}`);
    const b = parsed.data;
    if (!b.api_key) return fail(reply, 403, 'api_key is required');
    const key = await db
      .selectFrom('open311_keys')
      .select(['id', 'street_id'])
      .where('key_hash', '=', apiKeyHash(b.api_key))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!key) return fail(reply, 403, 'api_key is invalid');
    if (b.jurisdiction_id && b.jurisdiction_id !== key.street_id) return fail(reply, 404, 'jurisdiction_id not found');
    if (!b.service_code) return fail(reply, 400, 'service_code is required');
    const hasPoint = b.lat !== undefined && b.long !== undefined && Number.isFinite(b.lat) && Number.isFinite(b.long);
    if (!hasPoint && !b.address_string)
      return fail(reply, 400, 'a location is required: lat and long, or address_string');
    const known = await db
      .selectFrom('case_categories')
      .select('id')
      .where('street_id', '=', key.street_id)
      .where('code', '=', b.service_code)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!known) return fail(reply, 400, `service_code ${b.service_code} not found`);
    const name = [b.last_name, b.first_name].filter(Boolean).join('') || undefined;
    const description = [b.description || '（无描述）', b.media_url ? `照片：${b.media_url}` : '']
      .filter(Boolean)
      .join('\n');
    try {
      const { row } = await submitCase({
        db,
        keyring,
        submitter: { kind: 'api', keyId: key.id, streetId: key.street_id },
        input: {
          category: b.service_code,
          description,
          ...(hasPoint ? { lng: b.long, lat: b.lat } : {}),
          ...(b.address_string ? { address: b.address_string } : {}),
          ...(name ? { reporterName: name } : {}),
          ...(b.phone ? { reporterPhone: b.phone } : {}),
          ...(b.device_id
            ? { clientRequestId: `${b.device_id}:${crypto.createHash('sha1').update(description).digest('hex')}` }
            : {}),
        },
        audit: { actorName: `open311 key ${key.id}`, ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
      });
      return [
        {
          service_request_id: String(row.id),
          service_notice: `案件编号 ${caseNo(row.created_at, row.id)}`,
          account_id: null,
        },
      ];
    } catch (e) {
      if (e instanceof AppError && e.code !== 'internal') return fail(reply, 400, e.text.en);
      if (e instanceof z.ZodError) {
        const issue = e.issues[0];
        return fail(reply, 400, `invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? ''}`.trim());
      }
      throw e;
    }
  });

  const listQuery = z.object({
    jurisdiction_id: z.string().optional(),
    service_request_id: z.string().optional(),
    service_code: z.string().optional(),
    start_date: z.iso.datetime({ offset: true }).optional(),
    end_date: z.iso.datetime({ offset: true }).optional(),
    status: z
      .string()
      .regex(/^(open|closed)(,(open|closed))?$/)
      .optional(),
  });

  async function requests(streetId: string, q: z.infer<typeof listQuery>) {
    let query = db
      .selectFrom('cases as c')
      .innerJoin('case_categories as k', (j) =>
        j.onRef('k.street_id', '=', 'c.street_id').onRef('k.id', '=', 'c.category_id'),
      )
      .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'c.street_id').onRef('a.id', '=', 'c.agency_id'))
      .select([
        'c.id',
        'c.status',
        'c.description',
        'c.address',
        'c.lng',
        'c.lat',
        'c.created_at',
        'c.updated_at',
        'c.handle_due_at',
        'c.result',
        'k.code',
        'k.name',
        'a.name as agency',
        sql<
          string | null
        >`(SELECT p.id::text FROM case_photos p WHERE p.street_id = c.street_id AND p.case_id = c.id ORDER BY p.created_at LIMIT 1)`.as(
          'photo',
        ),
      ])
      .where('c.street_id', '=', streetId)
      .where('c.tier', 'in', [...PUBLIC_TIERS])
      // only what the command centre has accepted: a report nobody has looked at yet stays private
      .where('c.registered_at', 'is not', null);
    if (q.service_request_id) {
      const ids = q.service_request_id.split(',').map(Number).filter(Number.isSafeInteger);
      query = query.where('c.id', 'in', ids.length ? ids : [0]);
    } else {
      const end = q.end_date ? new Date(q.end_date) : new Date();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
      query = query.where('c.created_at', '>=', start).where('c.created_at', '<=', end);
      if (q.service_code) query = query.where('k.code', 'in', q.service_code.split(','));
      if (q.status && !q.status.includes(','))
        query =
          q.status === 'closed' ? query.where('c.status', 'in', CLOSED) : query.where('c.status', 'not in', CLOSED);
    }
    const rows = await query.orderBy('c.created_at', 'desc').limit(1000).execute();
    return rows.map((r) => ({
      service_request_id: String(r.id),
      status: CLOSED.includes(r.status) ? 'closed' : 'open',
      status_notes: maskNumbersInText(
        statusNames[r.status].zh + (r.status === 'closed' && r.result ? `：${r.result}` : ''),
      ),
      service_name: r.name,
      service_code: r.code,
      description: maskNumbersInText(r.description),
      agency_responsible: r.agency,
      service_notice: null,
      requested_datetime: r.created_at.toISOString(),
      updated_datetime: r.updated_at.toISOString(),
      expected_datetime: r.handle_due_at?.toISOString() ?? null,
      address: r.address === null ? null : maskNumbersInText(r.address),
      address_id: null,
      zipcode: null,
      lat: coarse(r.lat),
      long: coarse(r.lng),
      media_url: null,
    }));
  }

  app.get('/open311/v2/requests.json', { config, schema: hide }, async (req, reply) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return fail(reply, 400, `invalid ${parsed.error.issues[0]?.path.join('.') ?? 'query'}`);
    const streetId = await jurisdiction(parsed.data.jurisdiction_id);
    if (!streetId) return noJurisdiction(reply);
    return requests(streetId, parsed.data);
  });

  app.get('/open311/v2/requests/:id', { config, schema: hide }, async (req, reply) => {
    const id = String((req.params as { id: string }).id).replace(/\.json$/, '');
    const q = req.query as Record<string, unknown>;
    const streetId = await jurisdiction(q.jurisdiction_id);
    if (!streetId) return noJurisdiction(reply);
    if (!/^\d{1,15}$/.test(id)) return fail(reply, 404, `service_request_id ${id} not found`);
    const found = await requests(streetId, { service_request_id: id });
    if (found.length === 0) return fail(reply, 404, `service_request_id ${id} not found`);
    return found;
  });
}
