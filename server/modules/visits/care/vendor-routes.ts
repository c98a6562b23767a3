import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alarmAccepted } from '../../../../contracts/care.js';
import { errorBody } from '../../../../contracts/errors.js';
import type { RouteContext } from '../../../core/module.js';
import { receiveAlarm, receiveHeartbeat } from './alarms.js';
import type { SignedHeaders } from './signing.js';

const tags = ['care devices'];
const refused = { 400: errorBody, 401: errorBody, 404: errorBody, 409: errorBody };
const headersOf = (h: Record<string, unknown>): SignedHeaders => ({
  key: typeof h['x-linli-key'] === 'string' ? h['x-linli-key'] : undefined,
  timestamp: typeof h['x-linli-timestamp'] === 'string' ? h['x-linli-timestamp'] : undefined,
  signature: typeof h['x-linli-signature'] === 'string' ? h['x-linli-signature'] : undefined,
});

/**
 * What care-device vendors call (关护通): signed alarms and heartbeats. The body is read as text,
 * because the signature is over its exact bytes; it is parsed after the signature holds.
 */
export function vendorRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) =>
    done(null, body),
  );
  const signed = {
    'x-linli-key': z.string().optional(),
    'x-linli-timestamp': z.string().optional(),
    'x-linli-signature': z.string().optional(),
  };
  app.post(
    '/api/care/vendor/alarms',
    {
      config: { public: true, rateLimit: { max: 6000, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'A signed device alarm: HMAC-SHA256 of "<timestamp>.<body>"; opens an urgent case or attaches to the open one',
        headers: z.object(signed),
        response: { 200: alarmAccepted, 201: alarmAccepted, ...refused },
      },
    },
    async (req, reply) => {
      const r = await receiveAlarm(db, keyring, headersOf(req.headers), String(req.body ?? ''), {
        actorName: `device vendor ${String(req.headers['x-linli-key'] ?? '').split('.')[0]}`,
        ip: req.ip,
      });
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.post(
    '/api/care/vendor/heartbeats',
    {
      config: { public: true, rateLimit: { max: 6000, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A signed heartbeat: the device is alive (a "device offline" alarm of it closes)',
        headers: z.object(signed),
        response: { 200: z.object({ ok: z.literal(true), reopened: z.boolean() }), ...refused },
      },
    },
    async (req) => receiveHeartbeat(db, keyring, headersOf(req.headers), String(req.body ?? '')),
  );
}
