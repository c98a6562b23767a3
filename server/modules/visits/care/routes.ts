import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  alarmAction,
  alarmList,
  alarmQuery,
  checkinInput,
  deviceInput,
  helperInput,
  myPairings,
  subjectDetail,
  subjectList,
  subjectPatch,
  subjectQuery,
} from '../../../../contracts/care.js';
import { errorBody } from '../../../../contracts/errors.js';
import { okResult } from '../../../../contracts/registry.js';
import { idParams } from '../../../../contracts/text.js';
import { forbidden, requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { auditContextOf, writeAudit } from '../../../core/audit.js';
import { allowed, authorize } from '../../../core/authorize.js';
import { callerOf } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';
import type { RouteContext } from '../../../core/module.js';
import { placeOf } from '../queries.js';
import { visitSettingsOf } from '../state.js';
import { addHelper, checkIn, patchSubject, removeHelper, subjectOf } from './commands.js';
import { actOnAlarm, registerDevice } from './device-commands.js';
import { alarmsOf, pairingsOf, subjectDetailOf } from './queries.js';
import { subjectRows } from './subjects.js';

const tags = ['care'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });

/** The street place a query names (a community or a grid under it), checked against an action. */
async function placeFor(db: RouteContext['db'], code: string) {
  const p = await placeOf(db, code);
  if (!p.street_id) throw notFound({ zh: '区划', en: 'Region' });
  return { streetId: p.street_id, path: p.path };
}

/**
 * The paths under a place the actor reads care in: the place itself when their roles cover it,
 * else their own grids inside it (a grid worker asking for her community); none → 403.
 */
function readableIn(actor: Actor, p: { streetId: string; path: string }): string[] {
  if (allowed(actor, 'visits.read', { regionPath: p.path, streetId: p.streetId })) return [p.path];
  const own = [...new Set(actor.assignments.flatMap((a) => (a.regionPath ? [a.regionPath] : [])))].filter(
    (path) => path.startsWith(p.path) && allowed(actor, 'visits.read', { regionPath: path, streetId: p.streetId }),
  );
  if (own.length === 0) throw forbidden();
  return own;
}

type Board = Awaited<ReturnType<typeof alarmsOf>>;
function mergeBoards(boards: Board[]): Board {
  const counts: Record<string, number> = {};
  for (const b of boards) for (const [k, n] of Object.entries(b.counts)) counts[k] = (counts[k] ?? 0) + n;
  const times = boards
    .flatMap((b) => b.items.flatMap((i) => (i.responseSeconds === null ? [] : [i.responseSeconds])))
    .sort((x, y) => x - y);
  return {
    items: boards.flatMap((b) => b.items).sort((x, y) => y.raisedAt.localeCompare(x.raisedAt)),
    counts,
    medianResponseSeconds: times.length ? (times[Math.floor((times.length - 1) / 2)] as number) : null,
    devices: {
      total: boards.reduce((n, b) => n + b.devices.total, 0),
      offline: boards.reduce((n, b) => n + b.devices.offline, 0),
    },
  };
}

/** 关爱对象 and their plans, pairings, helpers' visits on the phone, devices and the alarms board. */
export function careRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const patch = patchSubject(keyring);
  app.get(
    '/api/care/subjects',
    {
      schema: {
        tags,
        summary: 'Care subjects of a community (or a grid): level, interval, last care visit, state, helpers',
        querystring: subjectQuery,
        response: { 200: subjectList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeFor(db, req.query.grid ?? req.query.community);
      readableIn(actor, p);
      const all = await subjectRows(db, p.streetId, p.path, await visitSettingsOf(db, p.streetId));
      const visible = all.filter((s) =>
        allowed(actor, 'visits.read', { regionPath: s.gridPath, streetId: p.streetId }),
      );
      const counts: Record<string, number> = {};
      for (const s of visible) {
        counts[s.state] = (counts[s.state] ?? 0) + 1;
        counts[s.level] = (counts[s.level] ?? 0) + 1;
      }
      return {
        items: visible.filter(
          (s) => (!req.query.level || s.level === req.query.level) && (!req.query.state || s.state === req.query.state),
        ),
        counts,
        canManage: allowed(actor, 'visits.care', { regionPath: p.path, streetId: p.streetId }),
      };
    },
  );
  app.get(
    '/api/care/subjects/:id',
    {
      schema: {
        tags,
        summary: 'A care subject’s plan: helpers, services, emergency contact (masked), check-ins, devices',
        params: idParams,
        response: { 200: subjectDetail, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const s = await subjectOf(db, req.params.id, streetsOfActor(actor));
      authorize(actor, 'visits.read', { regionPath: s.grid_path, streetId: s.street_id });
      const d = await subjectDetailOf(db, keyring, s, await visitSettingsOf(db, s.street_id));
      if (!d) throw notFound({ zh: '关爱对象', en: 'Care subject' });
      await writeAudit(db, auditContextOf(req), {
        streetId: s.street_id,
        action: 'visits.read',
        objectType: 'care_subject',
        objectId: s.id,
        result: 'ok',
      });
      return d;
    },
  );
  app.patch(
    '/api/care/subjects/:id',
    {
      schema: {
        tags,
        summary: 'Change a subject’s plan: level by hand with a reason, services, emergency contact',
        params: idParams,
        body: subjectPatch,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => patch(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.post(
    '/api/care/subjects/:id/helpers',
    {
      schema: {
        tags,
        summary: '结对帮扶: pair a helper with the subject',
        params: idParams,
        body: helperInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => addHelper(db, callerOf(req), { ...req.body, subjectId: req.params.id }),
  );
  app.post(
    '/api/care/subjects/:id/helpers/:helperId/end',
    {
      schema: {
        tags,
        summary: 'End a pairing',
        params: z.object({ id: z.coerce.number().int().positive(), helperId: z.coerce.number().int().positive() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => removeHelper(db, callerOf(req), { subjectId: req.params.id, helperId: req.params.helperId }),
  );
  app.get(
    '/api/care/mine',
    { schema: { tags, summary: 'My pairings (a helper’s phone)', response: { 200: myPairings, ...bad } } },
    async (req) => ({
      items: await pairingsOf(db, requireActor(req.actor).userId, (s) => visitSettingsOf(db, s)),
    }),
  );
  app.post(
    '/api/care/subjects/:id/checkins',
    {
      schema: {
        tags,
        summary: 'A helper records a care visit to their subject',
        params: idParams,
        body: checkinInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => checkIn(db, callerOf(req), { ...req.body, subjectId: req.params.id }),
  );
  app.post(
    '/api/care/devices',
    {
      schema: {
        tags,
        summary: 'Register a care device in a resident’s home',
        body: deviceInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => registerDevice(db, callerOf(req), req.body),
  );
  app.get(
    '/api/care/alarms',
    {
      schema: {
        tags,
        summary: 'The alarms board: open, acknowledged, closed (90 days); time to first response; devices offline',
        querystring: alarmQuery,
        response: { 200: alarmList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const p = await placeFor(db, req.query.community);
      // a grid worker asking for her community sees her grids' alarms
      const under = readableIn(actor, p);
      const boards = await Promise.all(under.map((path) => alarmsOf(db, p.streetId, path, req.query.state)));
      return boards.length === 1 ? (boards[0] as (typeof boards)[number]) : mergeBoards(boards);
    },
  );
  app.post(
    '/api/care/alarms/:id',
    {
      schema: {
        tags,
        summary: 'Acknowledge an alarm (first response) or close it',
        params: idParams,
        body: alarmAction,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => actOnAlarm(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
}
