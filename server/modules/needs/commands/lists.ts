import { z } from 'zod';
import {
  matchInput,
  needInput,
  rateInput,
  resourceInput,
  sensitiveCategories,
  type NeedCategory,
} from '../../../../contracts/needs.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { addLimit, workCalendarOf } from '../../cases/index.js';
import { needsSettingsOf } from '../settings.js';

/** A community of a street (or, where `grids` allows, one of its grids), as a target for the rules (404 otherwise). */
export async function communityPlace(db: Executor, code: string, grids = false) {
  const c = await placeOf(db, code);
  if (!c.streetId || !(c.code.length === 12 || (grids && c.code.length === 15)))
    throw notFound({ zh: '社区', en: 'Community' });
  return { ...c, streetId: c.streetId, community: c.code.slice(0, 12) };
}

/** When an open need raised now falls to the community: N working days on the street's calendar. */
export async function fallsBackAt(db: Executor, streetId: string, from = new Date()): Promise<Date> {
  const { fallbackWorkingDays } = await needsSettingsOf(db, streetId);
  return addLimit(from, fallbackWorkingDays, 'working_days', await workCalendarOf(db, streetId));
}

/** A sensitive category (health, disability, hardship) is never public: refused, in words. */
export function checkPrivacy(category: NeedCategory, privacy: string) {
  if (privacy === 'public' && sensitiveCategories.includes(category))
    throw invalid(
      'privacy',
      '该类别涉及健康、残疾或困难情况，不能公开',
      'Needs of this category reveal health, disability or hardship and cannot be public',
    );
}

/** 资源清单: a resource offered to the street or one community, its capacity all left. */
export const addResource = command({
  action: 'needs.manage',
  input: resourceInput.and(z.object({ street: z.string().regex(/^\d{9}$/) })),
  async run({ trx, actor, input: r, audit }) {
    const street = await placeOf(trx, r.street);
    const place = r.community ? await communityPlace(trx, r.community) : { ...street, streetId: r.street };
    if (place.streetId !== r.street)
      throw invalid('community', '请选择本街道的社区', 'Pick a community of this street');
    authorize(actor, 'needs.manage', place);
    if (r.agencyId !== null) {
      const a = await trx
        .selectFrom('agencies')
        .select('id')
        .where('street_id', '=', r.street)
        .where('id', '=', r.agencyId)
        .executeTakeFirst();
      if (!a) throw invalid('agencyId', '请选择本街道的单位或组织', 'Pick a unit or organisation of this street');
    }
    const row = await trx
      .insertInto('resources')
      .values({
        street_id: r.street,
        community_code: r.community,
        kind: r.kind,
        category: r.category,
        title: r.title,
        detail: r.detail,
        owner_kind: r.ownerKind,
        agency_id: r.agencyId,
        owner_name: r.ownerName,
        address: r.address,
        lng: r.point?.lng ?? null,
        lat: r.point?.lat ?? null,
        capacity: r.capacity,
        capacity_left: r.capacity,
        for_whom: r.forWhom,
        valid_from: r.validFrom,
        valid_to: r.validTo,
        created_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: r.street, objectType: 'resource', objectId: row.id, detail: { title: r.title } });
    return { id: row.id };
  },
});

/** 需求清单: a need entered by the community (or from a survey), at the requester's place. */
export const addNeed = command({
  action: 'needs.manage',
  input: needInput,
  async run({ trx, actor, input: n, audit }) {
    const c = await communityPlace(trx, n.community);
    authorize(actor, 'needs.manage', c);
    checkPrivacy(n.category, n.privacy);
    let place: { grid_path: string | null; lng: number | null; lat: number | null; building_id: number | null } = {
      grid_path: null,
      lng: null,
      lat: null,
      building_id: n.buildingId,
    };
    if (n.householdId !== null || n.buildingId !== null) {
      const b = await trx
        .selectFrom('buildings as b')
        .$if(n.householdId !== null, (q) =>
          q
            .innerJoin('houses as h', (j) =>
              j.onRef('h.street_id', '=', 'b.street_id').onRef('h.building_id', '=', 'b.id'),
            )
            .innerJoin('households as hh', (j) =>
              j.onRef('hh.street_id', '=', 'h.street_id').onRef('hh.house_id', '=', 'h.id'),
            )
            .where('hh.id', '=', n.householdId ?? 0),
        )
        .$if(n.householdId === null, (q) => q.where('b.id', '=', n.buildingId ?? 0))
        .select(['b.id', 'b.grid_path', 'b.lng', 'b.lat'])
        .where('b.street_id', '=', c.streetId)
        .where('b.grid_path', 'like', `${c.regionPath}%`)
        .executeTakeFirst();
      if (!b) throw invalid(n.householdId ? 'householdId' : 'buildingId', '不在该社区', 'Not in this community');
      place = { grid_path: b.grid_path, lng: b.lng, lat: b.lat, building_id: b.id };
    }
    const row = await trx
      .insertInto('needs')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        grid_path: place.grid_path,
        category: n.category,
        title: n.title,
        detail: n.detail,
        requester_kind: n.requesterKind,
        household_id: n.householdId,
        building_id: place.building_id,
        lng: place.lng,
        lat: place.lat,
        source: n.source,
        urgency: n.urgency,
        privacy: n.privacy,
        falls_back_at: await fallsBackAt(trx, c.streetId),
        created_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'need', objectId: row.id, detail: { category: n.category } });
    return { id: row.id };
  },
});

/** A need and its street, for the rules (404 when the caller's streets do not hold it). */
export async function needOf(db: Executor, streets: readonly string[], id: number) {
  const n = await db
    .selectFrom('needs as n')
    .innerJoin('regions as c', 'c.code', 'n.community_code')
    .select(['n.street_id', 'n.id', 'n.category', 'n.state', 'n.lng', 'n.lat', 'n.title', 'n.privacy', 'c.path'])
    .where('n.street_id', 'in', [...streets, ''])
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!n) throw notFound({ zh: '需求', en: 'Need' });
  return { ...n, category: n.category as NeedCategory, target: { regionPath: n.path, streetId: n.street_id } };
}

/**
 * Matches a need to a resource: a project (项目清单) with its owner and schedule; one unit of the
 * resource's capacity taken (409 in words when none is left — nothing written), the need matched.
 */
export const matchNeed = command({
  action: 'needs.manage',
  input: matchInput.and(z.object({ needId: z.number().int().positive() })),
  async run({ trx, actor: who, input: m, audit }) {
    const actor = requireActor(who);
    const n = await needOf(
      trx,
      actor.assignments.flatMap((a) => (a.streetId ? [a.streetId] : [])),
      m.needId,
    );
    authorize(actor, 'needs.manage', n.target);
    if (!['open', 'fallback'].includes(n.state))
      throw new AppError('conflict', { zh: '该需求已对接或已办结', en: 'The need is matched or closed already' });
    const taken = await trx
      .updateTable('resources')
      .set((eb) => ({ capacity_left: eb('capacity_left', '-', 1) }))
      .where('street_id', '=', n.street_id)
      .where('id', '=', m.resourceId)
      .where('active', '=', true)
      .where('capacity_left', '>', 0)
      .returning('id')
      .executeTakeFirst();
    if (!taken) {
      const exists = await trx
        .selectFrom('resources')
        .select('id')
        .where('street_id', '=', n.street_id)
        .where('id', '=', m.resourceId)
        .executeTakeFirst();
      if (!exists) throw notFound({ zh: '资源', en: 'Resource' });
      throw new AppError('conflict', { zh: '该资源本期已无余量', en: 'Nothing of this resource is left' });
    }
    const p = await trx
      .insertInto('need_projects')
      .values({
        street_id: n.street_id,
        need_id: n.id,
        resource_id: m.resourceId,
        owner_id: actor.userId,
        starts_on: m.startsOn,
        ends_on: m.endsOn,
        beneficiaries: m.beneficiaries,
        budget_fen: m.budgetYuan === null ? null : Math.round(m.budgetYuan * 100),
        note: m.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('needs')
      .set({ state: 'matched' })
      .where('street_id', '=', n.street_id)
      .where('id', '=', n.id)
      .execute();
    await audit({
      streetId: n.street_id,
      objectType: 'need',
      objectId: n.id,
      detail: { project: p.id, resource: m.resourceId },
    });
    return { id: p.id };
  },
});

/** The beneficiaries' rating of a finished project: the project done, the need met. */
export const rateProject = command({
  action: 'needs.manage',
  input: rateInput.and(z.object({ projectId: z.number().int().positive() })),
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const streets = actor.assignments.flatMap((a) => (a.streetId ? [a.streetId] : []));
    const p = await trx
      .selectFrom('need_projects')
      .select(['street_id', 'id', 'need_id', 'state'])
      .where('street_id', 'in', [...streets, ''])
      .where('id', '=', r.projectId)
      .executeTakeFirst();
    if (!p) throw notFound({ zh: '项目', en: 'Project' });
    const n = await needOf(trx, [p.street_id], p.need_id);
    authorize(actor, 'needs.manage', n.target);
    if (p.state !== 'active') throw new AppError('conflict', { zh: '该项目已办结', en: 'The project is closed' });
    await trx
      .updateTable('need_projects')
      .set({ state: 'done', rating: r.rating, rating_comment: r.comment, done_at: new Date() })
      .where('street_id', '=', p.street_id)
      .where('id', '=', p.id)
      .execute();
    await trx
      .updateTable('needs')
      .set({ state: 'met', met_at: new Date() })
      .where('street_id', '=', p.street_id)
      .where('id', '=', p.need_id)
      .execute();
    await audit({ streetId: p.street_id, objectType: 'need_project', objectId: p.id, detail: { rating: r.rating } });
    return { ok: true as const };
  },
});
