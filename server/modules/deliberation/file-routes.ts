import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { attachFile, fileOf, FILE_TYPES, MAX_FILE_BYTES, ownerOf } from './files.js';
import { readableCommunity } from './readable.js';

const tags = ['deliberation'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 413: errorBody, 415: errorBody };
const street = z.object({ street: z.string().regex(/^\d{9}$/) });

/** Attachments of minutes, steps and notices: uploaded raw, read by the community, public when their record is. */
export function fileRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser([...FILE_TYPES], { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/deliberation/files',
    {
      bodyLimit: MAX_FILE_BYTES,
      schema: {
        tags,
        summary: 'Attach a PDF, JPEG or PNG (the raw body) to a meeting’s minutes, a topic’s step or a notice',
        querystring: street.extend({
          kind: z.enum(['meeting', 'step', 'notice']),
          id: z.coerce.number().int().positive(),
          name: z.string().trim().min(1).max(100),
        }),
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => {
      const mime = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (!Buffer.isBuffer(req.body) || !FILE_TYPES.includes(mime as never))
        throw new AppError('validation', { zh: '请上传 PDF、JPG 或 PNG 文件', en: 'Upload a PDF, JPEG or PNG' });
      const q = req.query;
      return reply.code(201).send(
        await attachFile(db, callerOf(req), {
          street: q.street,
          kind: q.kind,
          id: q.id,
          name: q.name,
          mime: mime as (typeof FILE_TYPES)[number],
          data: req.body,
        }),
      );
    },
  );
  const send = (reply: FastifyReply, f: NonNullable<Awaited<ReturnType<typeof fileOf>>>) =>
    reply
      .header('Content-Type', f.mime)
      .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .send(f.data);
  app.get(
    '/api/deliberation/files/:id',
    { schema: { tags, summary: 'An attachment, for the community (audited)', params: idParams, querystring: street } },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      if (!streetsOfActor(actor).includes(req.query.street)) throw notFound({ zh: '附件', en: 'Attachment' });
      const f = await fileOf(db, req.query.street, req.params.id);
      const owner = f && (await ownerOf(db, f.street_id, f.owner_kind, f.owner_id));
      if (!f || !owner) throw notFound({ zh: '附件', en: 'Attachment' });
      // a notice of the whole street: any of its communities' people may read it
      if (owner.region.length >= 12) await readableCommunity(db, actor, owner.region.slice(0, 12));
      await writeAudit(db, auditContextOf(req), {
        streetId: f.street_id,
        action: 'deliberation.read',
        objectType: 'deliberation_file',
        objectId: f.id,
        result: 'ok',
      });
      return send(reply, f);
    },
  );
  app.get(
    '/api/public/deliberation-files/:id',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'An attachment of a published notice or a published decision or result (no sign-in)',
        params: idParams,
        querystring: street,
      },
    },
    async (req, reply) => {
      const f = await fileOf(db, req.query.street, req.params.id);
      const owner = f && (await ownerOf(db, f.street_id, f.owner_kind, f.owner_id));
      if (!f || !owner?.public) throw notFound({ zh: '附件', en: 'Attachment' });
      return send(reply, f);
    },
  );
}
