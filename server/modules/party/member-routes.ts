import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  markedHouseholds,
  memberCard,
  memberPatch,
  mergeInput,
  orgHistory,
  partyLayer,
} from '../../../contracts/party-units.js';
import { boardQuery } from '../../../contracts/party.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { auditContextOf, writeAudit } from '../../core/audit.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { sendXlsx, xlsxBuffer } from '../../core/xlsx.js';
import { localDate } from '../cases/index.js';
import { markedOfBuilding, memberCardOf, memberOf, orgHistoryOf, partyLayerOf } from './card-queries.js';
import { mergeOrg, patchMember } from './commands/edit.js';
import { boardOf, communityTarget, isOfficerOf, minimumOf, orgOf } from './queries.js';

const tags = ['party'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** A member's card and changes, merging organisations, the board's export, the party layer of the map. */
export function memberRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/party/members/:id',
    {
      schema: {
        tags,
        summary:
          'A member’s card: masked personal data, posts, 双报到 and services (secretary or own officers; audited)',
        params: idParams,
        response: { 200: memberCard, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const m = await memberOf(db, req.params.id, streetsOfActor(actor));
      const officer = await isOfficerOf(db, m.street_id, actor.userId, [m.org_id]);
      authorize(actor, 'party.read_members', {
        regionPath: m.region_path,
        streetId: m.street_id,
        ownerUserId: officer || m.user_id === actor.userId ? actor.userId : null,
      });
      await writeAudit(db, auditContextOf(req), {
        streetId: m.street_id,
        action: 'party.read_members',
        objectType: 'party_member',
        objectId: m.id,
        result: 'ok',
      });
      return memberCardOf(db, keyring, m.street_id, m.id, await minimumOf(db, m.street_id));
    },
  );
  app.patch(
    '/api/party/members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member’s organisation, status or 亮身份 (共产党员户)',
        params: idParams,
        body: memberPatch,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => patchMember(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.post(
    '/api/party/orgs/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge an organisation into another of its level (members and groups move; history kept)',
        params: idParams,
        body: mergeInput,
        response: { 200: z.object({ ok: z.literal(true), members: z.number(), children: z.number() }), ...bad },
      },
    },
    async (req) => mergeOrg(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/party/orgs/:id/history',
    {
      schema: {
        tags,
        summary: 'An organisation’s history (沿革): set up, moved, renamed, merged',
        params: idParams,
        response: { 200: orgHistory, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const org = await orgOf(db, req.params.id, streetsOfActor(actor));
      authorize(actor, 'party.read', { regionPath: org.region_path, streetId: org.street_id });
      return { items: await orgHistoryOf(db, org.street_id, org.id) };
    },
  );
  app.get(
    '/api/party/board.xlsx',
    {
      schema: {
        tags,
        summary: 'The 双报到 board as a spreadsheet (the community secretary; audited)',
        querystring: boardQuery,
        response: { 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read_members', c);
      const b = await boardOf(db, c.streetId, c.code, await minimumOf(db, c.streetId));
      type Row = (typeof b.items)[number];
      const body = await xlsxBuffer<Row>(
        '双报到',
        [
          { header: '姓名', value: (r) => r.name, width: 12 },
          { header: '工作单位', value: (r) => r.employer, width: 28 },
          { header: '状态', value: (r) => r.stateName, width: 20 },
          { header: '岗位', value: (r) => r.post, width: 16 },
          { header: '申请时间', value: (r) => r.requestedAt.slice(0, 10), width: 12 },
          { header: '本年服务次数', value: (r) => r.servicesThisYear, width: 12 },
          { header: '本年服务时长（小时）', value: (r) => r.hoursThisYear, width: 16 },
        ],
        b.items,
      );
      await writeAudit(db, auditContextOf(req), {
        streetId: c.streetId,
        action: 'party.read_members',
        objectType: 'dual_registration_board',
        objectId: c.code,
        result: 'ok',
        detail: { export: 'xlsx', rows: b.items.length },
      });
      return sendXlsx(reply, `双报到-${localDate(new Date())}.xlsx`, body);
    },
  );
  app.get(
    '/api/party/map',
    {
      schema: {
        tags,
        summary: 'The party layer of a community’s map: branches by grid, groups and 共产党员户 by building',
        querystring: boardQuery,
        response: { 200: partyLayer, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityTarget(db, req.query.community);
      authorize(actor, 'party.read', c);
      return partyLayerOf(db, c.streetId, c.regionPath);
    },
  );
  app.get(
    '/api/party/buildings/:id/marked',
    {
      schema: {
        tags,
        summary: 'The households of a building that show 共产党员户 (亮身份: public by the member’s choice)',
        params: idParams,
        response: { 200: markedHouseholds, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const householdIds: number[] = [];
      for (const street of streetsOfActor(actor)) {
        if (!allowed(actor, 'party.read', { streetId: street })) continue;
        householdIds.push(...(await markedOfBuilding(db, street, req.params.id)));
      }
      return { householdIds };
    },
  );
}
