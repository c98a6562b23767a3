import { z } from 'zod';
import { orderInput, orderStep } from '../../../../contracts/needs.js';
import { requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { allowed, type Action } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor, Trx } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { addLimit, workCalendarOf } from '../../cases/index.js';
import type { MenuOrderState } from '../tables.js';
import { needsSettingsOf } from '../settings.js';

type Step = z.output<typeof orderStep>['step'];
type Limit = 'pass' | 'take' | 'assign' | 'deliver';

/** When a step started now must be done: its working days on the street's calendar. */
async function dueOf(db: Executor, streetId: string, limit: Limit): Promise<Date> {
  const { orderDays } = await needsSettingsOf(db, streetId);
  return addLimit(new Date(), orderDays[limit], 'working_days', await workCalendarOf(db, streetId));
}

/** 居民点单: a resident orders one of the community's services (a service resource of the community or the street). */
export const placeOrder = command({
  action: 'needs.wish',
  input: orderInput,
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const r = await trx
      .selectFrom('resources')
      .select(['street_id', 'id', 'community_code', 'title'])
      .where('street_id', 'in', [...streetsOfActor(actor), ''])
      .where('id', '=', input.resourceId)
      .where('kind', '=', 'service')
      .where('active', '=', true)
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '服务项目', en: 'Service' });
    const home = actor.assignments.find((a) => a.regionCode && a.regionCode.length >= 12)?.regionCode?.slice(0, 12);
    const community = r.community_code ?? home;
    if (!community) throw invalid('resourceId', '请从本社区的服务菜单中点单', 'Order from your community’s menu');
    const row = await trx
      .insertInto('menu_orders')
      .values({
        street_id: r.street_id,
        community_code: community,
        resource_id: r.id,
        orderer_id: actor.userId,
        note: input.note,
        step_due_at: await dueOf(trx, r.street_id, 'pass'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('menu_order_steps')
      .values({ street_id: r.street_id, order_id: row.id, step: 'order', actor_id: actor.userId, note: input.note })
      .execute();
    await audit({ streetId: r.street_id, objectType: 'menu_order', objectId: row.id, detail: { service: r.title } });
    return { id: row.id };
  },
});

/** An order with its community's place, for the rules (404 outside the caller's streets). */
export async function orderOf(db: Executor, actor: Actor, id: number) {
  const o = await db
    .selectFrom('menu_orders as o')
    .innerJoin('regions as c', 'c.code', 'o.community_code')
    .select(['o.street_id', 'o.id', 'o.state', 'o.orderer_id', 'o.agency_id', 'o.assignee_id', 'c.path'])
    .where('o.street_id', 'in', [...streetsOfActor(actor), ''])
    .where('o.id', '=', id)
    .executeTakeFirst();
  if (!o) throw notFound({ zh: '订单', en: 'Order' });
  return o;
}

/** From which states each step may be taken, and the state it leads to. */
export const FLOW: Record<Step, { from: readonly MenuOrderState[]; to: MenuOrderState }> = {
  pass: { from: ['ordered'], to: 'passed' },
  take: { from: ['passed'], to: 'taken' },
  decline: { from: ['passed', 'taken'], to: 'ordered' },
  assign: { from: ['taken'], to: 'assigned' },
  deliver: { from: ['assigned'], to: 'delivered' },
  rate: { from: ['delivered'], to: 'rated' },
  cancel: { from: ['ordered', 'passed'], to: 'cancelled' },
};

/** Who may take a step: the community's staff, the unit's handlers, the one sent, the one who ordered. */
export function mayStep(actor: Actor, o: Awaited<ReturnType<typeof orderOf>>, step: Step): boolean {
  const place = { regionPath: o.path, streetId: o.street_id };
  const unit = { agencyId: o.agency_id, streetId: o.street_id };
  const manager = () => allowed(actor, 'needs.manage', place);
  const handler = () => allowed(actor, 'needs.take', unit);
  switch (step) {
    case 'pass':
      return manager();
    case 'take':
    case 'decline':
    case 'assign':
      return handler();
    case 'deliver':
      return o.assignee_id === actor.userId;
    case 'rate':
      return o.orderer_id === actor.userId;
    case 'cancel':
      return o.orderer_id === actor.userId || manager();
  }
}

async function checkAgency(trx: Trx, streetId: string, agencyId: number) {
  const a = await trx
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', streetId)
    .where('id', '=', agencyId)
    .executeTakeFirst();
  if (!a) throw invalid('agencyId', '请选择本街道的单位或服务队', 'Pick a unit of this street');
}

async function checkAssignee(trx: Trx, streetId: string, userId: number) {
  const r = await trx
    .selectFrom('role_assignments')
    .select('id')
    .where('user_id', '=', userId)
    .where('street_id', '=', streetId)
    .where('role', 'in', ['party_member', 'volunteer'])
    .executeTakeFirst();
  if (!r) throw invalid('assigneeId', '请选择本街道的党员或志愿者', 'Pick a party member or volunteer of this street');
}

/**
 * One step of an order, in order: 交单 (community → unit), 领单 or 退单 (back to the community, with a
 * reason), 派单 (to a member or volunteer), 送达, 评价; or a cancellation before the unit takes it.
 * A step out of order, or by someone else, is refused with what is wrong; two at once: one wins.
 */
export const stepOrder = command({
  input: orderStep.and(z.object({ id: z.number().int().positive() })),
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const o = await orderOf(trx, actor, s.id);
    if (!mayStep(actor, o, s.step))
      throw new AppError('forbidden', { zh: '您不能办理该订单的这一步', en: 'This step of the order is not yours' });
    const flow = FLOW[s.step];
    if (!flow.from.includes(o.state))
      throw new AppError('conflict', { zh: '订单当前状态不能办理这一步', en: 'The order is not at this step' });
    if (s.step === 'pass') await checkAgency(trx, o.street_id, s.agencyId);
    if (s.step === 'assign') await checkAssignee(trx, o.street_id, s.assigneeId);
    const next: Record<Step, Limit | null> = {
      pass: 'take',
      take: 'assign',
      decline: 'pass',
      assign: 'deliver',
      deliver: null,
      rate: null,
      cancel: null,
    };
    const limit = next[s.step];
    const moved = await trx
      .updateTable('menu_orders')
      .set({
        state: flow.to,
        step_started_at: new Date(),
        step_due_at: limit ? await dueOf(trx, o.street_id, limit) : new Date(),
        ...(s.step === 'pass' ? { agency_id: s.agencyId } : {}),
        ...(s.step === 'decline' ? { agency_id: null, assignee_id: null } : {}),
        ...(s.step === 'assign' ? { assignee_id: s.assigneeId } : {}),
        ...(s.step === 'rate' ? { rating: s.rating, rating_comment: s.comment } : {}),
      })
      .where('street_id', '=', o.street_id)
      .where('id', '=', o.id)
      .where('state', '=', o.state)
      .returning('id')
      .executeTakeFirst();
    if (!moved)
      throw new AppError('conflict', { zh: '订单刚被他人办理，请刷新', en: 'Someone else just acted on it: refresh' });
    const note = 'reason' in s ? s.reason : 'note' in s ? s.note : 'comment' in s ? s.comment : '';
    await trx
      .insertInto('menu_order_steps')
      .values({ street_id: o.street_id, order_id: o.id, step: s.step, actor_id: actor.userId, note })
      .execute();
    const action: Record<Step, Action> = {
      pass: 'needs.manage',
      cancel: 'needs.manage',
      take: 'needs.take',
      decline: 'needs.take',
      assign: 'needs.take',
      deliver: 'needs.claim',
      rate: 'needs.wish',
    };
    await audit({
      action: action[s.step],
      streetId: o.street_id,
      objectType: 'menu_order',
      objectId: o.id,
      detail: { step: s.step, to: flow.to },
    });
    return { ok: true as const };
  },
});
