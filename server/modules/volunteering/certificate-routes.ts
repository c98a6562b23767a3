import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { idParams } from '../../../contracts/text.js';
import { certificateCheck, certificateInput, certificateRow } from '../../../contracts/volunteering.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { certificatePdf } from './certificate-pdf.js';
import {
  certificateOf,
  certificatesOf,
  certificatesOfUser,
  holderOfCertificate,
  checkCertificate,
  verifyCodeOf,
  verifyUrlOf,
} from './certificate-queries.js';
import { issueCertificate } from './commands/certificates.js';
import { communityOf } from './commands/store.js';

const tags = ['volunteering'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const street = z.object({ street: z.string().regex(/^\d{9}$/) });

/** 志愿服务记录证明: issued by the recording community, printed as a PDF (audited), verified by anyone. */
export function certificateRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const issue = issueCertificate(keyring);
  app.post(
    '/api/certificates',
    {
      schema: {
        tags,
        summary: 'Issue a certificate of the hours this community recorded (谁记录谁证明)',
        body: certificateInput,
        response: { 201: z.object({ id: z.number(), certNo: z.string(), hours: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await issue(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/certificates',
    {
      schema: {
        tags,
        summary: 'A community’s certificates, newest first',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(certificateRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await communityOf(db, req.query.community);
      authorize(requireActor(req.actor), 'volunteering.read', c);
      return { items: await certificatesOf(db, c.streetId, c.code) };
    },
  );
  app.get(
    '/api/certificates/mine',
    {
      schema: {
        tags,
        summary: 'My certificates',
        response: { 200: z.object({ items: z.array(certificateRow.extend({ streetId: z.string() })) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return { items: await certificatesOfUser(db, streetsOfActor(actor), actor.userId) };
    },
  );
  app.get(
    '/api/certificates/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The certificate as a PDF, for the issuing community or the volunteer (audited)',
        params: idParams,
        querystring: street,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      if (!streetsOfActor(actor).includes(req.query.street)) throw notFound({ zh: '证明', en: 'Certificate' });
      const cert = await certificateOf(db, req.query.street, req.params.id);
      if (!cert) throw notFound({ zh: '证明', en: 'Certificate' });
      const holder = await holderOfCertificate(db, cert.streetId, cert.id);
      if (
        holder.user_id !== actor.userId &&
        !allowed(actor, 'volunteering.manage', await communityOf(db, cert.community))
      )
        throw new AppError('forbidden', {
          zh: '只有出具证明的社区或志愿者本人可以打印',
          en: 'For the issuing community or the volunteer',
        });
      await writeAudit(db, auditContextOf(req), {
        streetId: cert.streetId,
        action: 'volunteering.certificate_print',
        objectType: 'certificate',
        objectId: cert.id,
        result: 'ok',
      });
      const origin = `${req.protocol}://${req.host}`;
      const pdf = await certificatePdf(cert, verifyUrlOf(origin, cert, await verifyCodeOf(db, cert.streetId, cert.id)));
      return reply
        .header('Content-Type', 'application/pdf')
        .header(
          'Content-Disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(`志愿服务记录证明-${cert.certNo}.pdf`)}`,
        )
        .send(pdf);
    },
  );
  app.get(
    '/api/public/certificates/:certNo',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Whether a certificate is genuine (public: no personal data)',
        params: z.object({ certNo: z.string().max(40) }),
        querystring: z.object({ c: z.string().max(20) }),
        response: { 200: certificateCheck },
      },
    },
    async (req) => checkCertificate(db, req.params.certNo, req.query.c),
  );
}
