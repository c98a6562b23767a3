import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../contracts/errors.js';
import { pickStreet, requireActor, streetsOfActor } from './access.js';
import { authorize } from './authorize.js';
import { callerOf } from './command.js';
import type { Db } from './db.js';
import { AppError, notFound } from './errors.js';
import { placeOf } from './places.js';
import { readSettings, saveModuleSettings, type ConfigSlot } from './settings.js';

export type { ConfigSlot };

const params = z.object({ module: z.string().regex(/^[a-z_]{1,40}$/) });
const query = z.object({
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});

/**
 * `GET|PUT /api/settings/:module?street=` — every module's per-street settings, one way: read and
 * changed by those its manifest names (the action, asked about the street as a whole), validated
 * by its schema, every change audited with the values before and after.
 */
export function settingsRoutes(fastify: FastifyInstance, db: Db, slots: Readonly<Record<string, ConfigSlot>>) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const slotOf = (module: string) => {
    const slot = slots[module];
    if (!slot) throw notFound({ zh: `模块 ${module} 的设置`, en: `Settings of ${module}` });
    return slot;
  };
  const save = saveModuleSettings(slotOf);

  app.get(
    '/api/settings/:module',
    {
      schema: {
        tags: ['settings'],
        summary: 'A module’s settings for the street (defaults where none were saved)',
        params,
        querystring: query,
        response: { 200: z.unknown(), 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const slot = slotOf(req.params.module);
      const streetId = pickStreet(streetsOfActor(actor), req.query.street);
      const street = await placeOf(db, streetId);
      authorize(actor, slot.action, { regionPath: street.regionPath, streetId });
      return readSettings(db, streetId, req.params.module, slot.schema);
    },
  );
  app.put(
    '/api/settings/:module',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change a module’s settings for the street (validated by its schema; audited)',
        params,
        querystring: query,
        body: z.record(z.string(), z.unknown()),
        response: { 200: z.unknown(), 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      slotOf(req.params.module);
      const streetId = pickStreet(streetsOfActor(actor), req.query.street);
      if (Object.keys(req.body).length > 100)
        throw new AppError('validation', { zh: '设置项过多', en: 'Too many settings' });
      return save(db, callerOf(req), { module: req.params.module, streetId, settings: req.body });
    },
  );
}
