import { z } from 'zod';
import { acceptInput, purchaseInput } from '../../../../contracts/purchases.js';
import { requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { takePhotos } from '../../cases/index.js';
import { communityPlace } from './lists.js';

const fen = (yuan: number) => Math.round(yuan * 100);

/** Share of a purchase's deliverables accepted, %: each item by its share of its own target, rounded down. */
export function shareOf(items: readonly { accepted: number; target: number }[]): number {
  if (items.length === 0) return 0;
  return Math.floor((100 * items.reduce((s, i) => s + i.accepted / i.target, 0)) / items.length + 1e-9);
}

/** A purchase of the actor's streets with the place it serves (a community, or the whole street). 404 otherwise. */
export async function purchaseOf(db: Executor, actor: Actor, id: number) {
  const p = await db
    .selectFrom('purchases')
    .select(['street_id', 'id', 'community_code'])
    .where('street_id', 'in', [...streetsOfActor(actor), ''])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p) throw notFound({ zh: '购买服务项目', en: 'Purchase' });
  const place = await placeOf(db, p.community_code ?? p.street_id);
  return { ...p, target: { regionPath: place.regionPath, streetId: p.street_id } };
}

/**
 * 政府购买服务: a social organisation contracted for deliverables with counts, each perhaps answering a
 * need of the need library (which is then matched), paid in instalments adding up to the budget.
 */
export const createPurchase = command({
  action: 'needs.manage',
  input: purchaseInput,
  async run({ trx, actor: who, input: p, audit }) {
    const actor = requireActor(who);
    const street = await placeOf(trx, p.street);
    if (street.code.length !== 9) throw notFound({ zh: '街道', en: 'Street' });
    const place = p.community ? await communityPlace(trx, p.community) : { ...street, streetId: p.street };
    if (place.streetId !== p.street)
      throw invalid('community', '请选择本街道的社区', 'Pick a community of this street');
    authorize(actor, 'needs.manage', place);
    const agency = await trx
      .selectFrom('agencies')
      .select(['id', 'kind'])
      .where('street_id', '=', p.street)
      .where('id', '=', p.agencyId)
      .executeTakeFirst();
    if (!agency || agency.kind !== 'social_organization')
      throw invalid('agencyId', '请选择本街道登记的社会组织', 'Pick a social organisation of this street');
    const dup = await trx
      .selectFrom('purchases')
      .select('id')
      .where('street_id', '=', p.street)
      .where('contract_no', '=', p.contractNo)
      .executeTakeFirst();
    if (dup) throw invalid('contractNo', '该合同编号已登记', 'This contract number is registered already');
    const needIds = p.items.flatMap((i) => (i.needId ? [i.needId] : []));
    if (new Set(needIds).size !== needIds.length)
      throw invalid('items', '同一需求只能对应一项服务内容', 'A need can be answered by one deliverable only');
    if (needIds.length > 0) {
      const found = await trx
        .selectFrom('needs')
        .select(['id', 'state', 'community_code'])
        .where('street_id', '=', p.street)
        .where('id', 'in', needIds)
        .forUpdate()
        .execute();
      for (const [k, item] of p.items.entries()) {
        if (!item.needId) continue;
        const n = found.find((f) => f.id === item.needId);
        if (!n || (p.community && n.community_code !== p.community))
          throw invalid(`items.${k}.needId`, `第 ${k + 1} 项：需求不在本社区`, `Item ${k + 1}: the need is not here`);
        if (!['open', 'fallback'].includes(n.state))
          throw invalid(
            `items.${k}.needId`,
            `第 ${k + 1} 项：该需求已对接或已办结`,
            `Item ${k + 1}: the need is matched or closed already`,
          );
      }
      await trx
        .updateTable('needs')
        .set({ state: 'matched' })
        .where('street_id', '=', p.street)
        .where('id', 'in', needIds)
        .execute();
    }
    const row = await trx
      .insertInto('purchases')
      .values({
        street_id: p.street,
        community_code: p.community,
        title: p.title,
        agency_id: p.agencyId,
        contract_no: p.contractNo,
        fund_source: p.fundSource,
        signed_on: p.signedOn,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
        budget_fen: fen(p.budgetYuan),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('purchase_items')
      .values(
        p.items.map((i) => ({
          street_id: p.street,
          purchase_id: row.id,
          need_id: i.needId,
          category: i.category,
          title: i.title,
          unit: i.unit,
          target: i.target,
        })),
      )
      .execute();
    await trx
      .insertInto('purchase_payments')
      .values(
        p.payments.map((x, k) => ({
          street_id: p.street,
          purchase_id: row.id,
          position: k + 1,
          milestone: x.milestone,
          amount_fen: fen(x.amountYuan),
          after_share: x.afterShare,
          due_on: x.dueOn,
        })),
      )
      .execute();
    await audit({ streetId: p.street, objectType: 'purchase', objectId: row.id, detail: { budgetYuan: p.budgetYuan } });
    return { id: row.id };
  },
});

/** 验收: a count of one deliverable accepted with evidence; never more than the contract's count. */
export const acceptDeliverable = command({
  action: 'needs.manage',
  input: acceptInput.extend({ purchaseId: z.number().int().positive() }),
  async run({ trx, actor: who, input: a, audit }) {
    const actor = requireActor(who);
    const p = await purchaseOf(trx, actor, a.purchaseId);
    authorize(actor, 'needs.manage', p.target);
    const item = await trx
      .selectFrom('purchase_items')
      .select(['id', 'need_id', 'unit', 'target', 'accepted'])
      .where('street_id', '=', p.street_id)
      .where('purchase_id', '=', p.id)
      .where('id', '=', a.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw invalid('itemId', '请选择本项目的服务内容', 'Pick a deliverable of this purchase');
    const left = item.target - item.accepted;
    if (a.count > left)
      throw invalid(
        'count',
        left === 0 ? '该项服务已全部验收' : `超出合同数量：还可验收 ${left} ${item.unit}`,
        left === 0 ? 'This deliverable is accepted in full already' : `More than the contract: ${left} left`,
      );
    const row = await trx
      .insertInto('purchase_acceptances')
      .values({
        street_id: p.street_id,
        purchase_id: p.id,
        item_id: item.id,
        count: a.count,
        evidence: a.evidence,
        accepted_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const photos = await takePhotos(trx, { streetId: p.street_id, ids: a.photos, uploader: `user:${actor.userId}` });
    if (photos.length > 0)
      await trx
        .insertInto('need_evidence')
        .values(photos.map((x) => ({ street_id: p.street_id, milestone_id: null, acceptance_id: row.id, ...x })))
        .execute();
    await trx
      .updateTable('purchase_items')
      .set({ accepted: item.accepted + a.count })
      .where('street_id', '=', p.street_id)
      .where('id', '=', item.id)
      .execute();
    if (a.count === left && item.need_id)
      await trx
        .updateTable('needs')
        .set({ state: 'met', met_at: new Date() })
        .where('street_id', '=', p.street_id)
        .where('id', '=', item.need_id)
        .where('state', '=', 'matched')
        .execute();
    await audit({
      streetId: p.street_id,
      objectType: 'purchase',
      objectId: p.id,
      detail: { item: item.id, count: a.count, photos: photos.length },
    });
    return { id: row.id };
  },
});

/** 付款: an instalment paid, in order, once its share of the deliverables has been accepted. */
export const payInstalment = command({
  action: 'needs.manage',
  input: z.object({ purchaseId: z.number().int().positive(), paymentId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const p = await purchaseOf(trx, actor, input.purchaseId);
    authorize(actor, 'needs.manage', p.target);
    const payments = await trx
      .selectFrom('purchase_payments')
      .select(['id', 'position', 'after_share', 'paid_at', 'amount_fen'])
      .where('street_id', '=', p.street_id)
      .where('purchase_id', '=', p.id)
      .orderBy('position')
      .forUpdate()
      .execute();
    const x = payments.find((y) => y.id === input.paymentId);
    if (!x) throw notFound({ zh: '付款节点', en: 'Instalment' });
    if (x.paid_at) throw new AppError('conflict', { zh: '该期款项已支付', en: 'This instalment is paid already' });
    const earlier = payments.find((y) => y.position < x.position && !y.paid_at);
    if (earlier)
      throw invalid('paymentId', `请先支付第 ${earlier.position} 期`, `Pay instalment ${earlier.position} first`);
    const items = await trx
      .selectFrom('purchase_items')
      .select(['accepted', 'target'])
      .where('street_id', '=', p.street_id)
      .where('purchase_id', '=', p.id)
      .execute();
    const share = shareOf(items);
    if (share < x.after_share)
      throw invalid(
        'paymentId',
        `验收进度 ${share}%，未达到本期付款条件（${x.after_share}%）`,
        `${share}% accepted: this instalment needs ${x.after_share}%`,
      );
    await trx
      .updateTable('purchase_payments')
      .set({ paid_at: new Date(), paid_by: actor.userId })
      .where('street_id', '=', p.street_id)
      .where('id', '=', x.id)
      .execute();
    await audit({
      streetId: p.street_id,
      objectType: 'purchase',
      objectId: p.id,
      detail: { paid: x.position, yuan: x.amount_fen / 100 },
    });
    return { ok: true as const };
  },
});
