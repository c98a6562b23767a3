import { sql } from 'kysely';
import { needCategories, type NeedCategory } from '../../../contracts/needs.js';
import type { Executor } from '../../core/db.js';
import { shareOf } from './commands/purchases.js';

const categoryName = (c: string) => needCategories[c as NeedCategory]?.zh ?? c;
const yuan = (fen: number | string | null) => (fen === null ? null : Number(fen) / 100);
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Photo ids of evidence, by the milestone or acceptance they prove. */
async function evidenceOf(db: Executor, streetId: string, col: 'milestone_id' | 'acceptance_id', ids: number[]) {
  if (ids.length === 0) return new Map<number, string[]>();
  const rows = await db
    .selectFrom('need_evidence')
    .select(['id', col])
    .where('street_id', '=', streetId)
    .where(col, 'in', ids)
    .orderBy('created_at')
    .execute();
  const by = new Map<number, string[]>();
  for (const r of rows) {
    const key = r[col as 'milestone_id'] as number;
    by.set(key, [...(by.get(key) ?? []), r.id]);
  }
  return by;
}

/** A project with its milestones and their evidence (项目清单's detail). */
export async function projectDetailOf(db: Executor, streetId: string, id: number) {
  const p = await db
    .selectFrom('need_projects as p')
    .innerJoin('needs as n', (j) => j.onRef('n.street_id', '=', 'p.street_id').onRef('n.id', '=', 'p.need_id'))
    .innerJoin('resources as r', (j) => j.onRef('r.street_id', '=', 'p.street_id').onRef('r.id', '=', 'p.resource_id'))
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .select([
      'p.id',
      'n.title as need',
      'n.privacy',
      'n.category',
      'r.title as resource',
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('provider'),
      'u.display_name as owner',
      sql<string>`p.starts_on::text`.as('starts_on'),
      sql<string>`p.ends_on::text`.as('ends_on'),
      'p.beneficiaries',
      'p.budget_fen',
      'p.note',
      'p.state',
      'p.rating',
      'p.rating_comment',
    ])
    .where('p.street_id', '=', streetId)
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
  const milestones = await db
    .selectFrom('project_milestones as m')
    .leftJoin('users as u', 'u.id', 'm.done_by')
    .select(['m.id', 'm.title', sql<string>`m.due_on::text`.as('due_on'), 'm.done_at', 'u.display_name', 'm.evidence'])
    .where('m.street_id', '=', streetId)
    .where('m.project_id', '=', id)
    .orderBy('m.due_on')
    .orderBy('m.id')
    .execute();
  const photos = await evidenceOf(
    db,
    streetId,
    'milestone_id',
    milestones.map((m) => m.id),
  );
  const today = chinaToday();
  return {
    id: p.id,
    need: p.privacy === 'private' ? `${categoryName(p.category)}需求` : p.need,
    resource: p.resource,
    provider: p.provider,
    owner: p.owner,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    beneficiaries: p.beneficiaries,
    budgetYuan: yuan(p.budget_fen),
    note: p.note,
    state: p.state,
    rating: p.rating,
    ratingComment: p.rating_comment,
    milestones: milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.due_on,
      doneAt: m.done_at?.toISOString() ?? null,
      doneBy: m.display_name,
      evidence: m.evidence,
      photos: photos.get(m.id) ?? [],
      overdue: !m.done_at && m.due_on < today,
    })),
  };
}

/** The purchases serving a community (its own and the street's), newest first, with progress and payments. */
export async function purchasesOf(db: Executor, streetId: string, community: string, only?: number) {
  let q = db
    .selectFrom('purchases as p')
    .innerJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'p.street_id').onRef('a.id', '=', 'p.agency_id'))
    .innerJoin('regions as c', (j) => j.on(sql<boolean>`c.code = coalesce(p.community_code, p.street_id)`))
    .select([
      'p.id',
      'p.title',
      'p.community_code',
      'c.name as community_name',
      'a.name as provider',
      'p.contract_no',
      'p.fund_source',
      sql<string>`p.signed_on::text`.as('signed_on'),
      sql<string>`p.starts_on::text`.as('starts_on'),
      sql<string>`p.ends_on::text`.as('ends_on'),
      'p.budget_fen',
      (eb) =>
        eb
          .selectFrom('purchase_payments as x')
          .select(sql<string>`coalesce(sum(x.amount_fen) FILTER (WHERE x.paid_at IS NOT NULL), 0)`.as('paid'))
          .whereRef('x.street_id', '=', 'p.street_id')
          .whereRef('x.purchase_id', '=', 'p.id')
          .as('paid_fen'),
    ])
    .where('p.street_id', '=', streetId)
    .where((eb) => eb.or([eb('p.community_code', '=', community), eb('p.community_code', 'is', null)]));
  if (only !== undefined) q = q.where('p.id', '=', only);
  const rows = await q.orderBy('p.signed_on', 'desc').orderBy('p.id', 'desc').limit(200).execute();
  const items =
    rows.length === 0
      ? []
      : await db
          .selectFrom('purchase_items')
          .select(['purchase_id', 'accepted', 'target'])
          .where('street_id', '=', streetId)
          .where(
            'purchase_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
  return rows.map((r) => {
    const share = shareOf(items.filter((i) => i.purchase_id === r.id));
    const budget = Number(r.budget_fen);
    const paid = Number(r.paid_fen ?? 0);
    return {
      id: r.id,
      title: r.title,
      community: r.community_code,
      communityName: r.community_code ? r.community_name : `${r.community_name}（全街道）`,
      provider: r.provider,
      contractNo: r.contract_no,
      fundSource: r.fund_source,
      signedOn: r.signed_on,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      budgetYuan: budget / 100,
      paidYuan: paid / 100,
      acceptedShare: share,
      state: paid >= budget ? ('settled' as const) : share >= 100 ? ('accepted' as const) : ('active' as const),
    };
  });
}

/** One purchase with its deliverables, acceptances (with their evidence) and instalments. */
export async function purchaseDetailOf(db: Executor, streetId: string, community: string, id: number) {
  const [row] = await purchasesOf(db, streetId, community, id);
  if (!row) return null;
  const items = await db
    .selectFrom('purchase_items as i')
    .leftJoin('needs as n', (j) => j.onRef('n.street_id', '=', 'i.street_id').onRef('n.id', '=', 'i.need_id'))
    .select([
      'i.id',
      'i.need_id',
      'n.title as need',
      'n.privacy',
      'i.category',
      'i.title',
      'i.unit',
      'i.target',
      'i.accepted',
    ])
    .where('i.street_id', '=', streetId)
    .where('i.purchase_id', '=', id)
    .orderBy('i.id')
    .execute();
  const acceptances = await db
    .selectFrom('purchase_acceptances as x')
    .innerJoin('purchase_items as i', (j) => j.onRef('i.street_id', '=', 'x.street_id').onRef('i.id', '=', 'x.item_id'))
    .leftJoin('users as u', 'u.id', 'x.accepted_by')
    .select(['x.id', 'i.title as item', 'x.count', 'i.unit', 'x.evidence', 'u.display_name', 'x.accepted_at'])
    .where('x.street_id', '=', streetId)
    .where('x.purchase_id', '=', id)
    .orderBy('x.accepted_at', 'desc')
    .execute();
  const photos = await evidenceOf(
    db,
    streetId,
    'acceptance_id',
    acceptances.map((a) => a.id),
  );
  const payments = await db
    .selectFrom('purchase_payments')
    .select([
      'id',
      'position',
      'milestone',
      'amount_fen',
      'after_share',
      sql<string>`due_on::text`.as('due_on'),
      'paid_at',
    ])
    .where('street_id', '=', streetId)
    .where('purchase_id', '=', id)
    .orderBy('position')
    .execute();
  const firstUnpaid = payments.find((x) => !x.paid_at);
  return {
    ...row,
    items: items.map((i) => ({
      id: i.id,
      needId: i.need_id,
      need: i.need === null ? null : i.privacy === 'private' ? `${categoryName(i.category)}需求` : i.need,
      category: i.category,
      title: i.title,
      unit: i.unit,
      target: i.target,
      accepted: i.accepted,
    })),
    acceptances: acceptances.map((a) => ({
      id: a.id,
      item: a.item,
      count: a.count,
      unit: a.unit,
      evidence: a.evidence,
      by: a.display_name,
      at: a.accepted_at.toISOString(),
      photos: photos.get(a.id) ?? [],
    })),
    payments: payments.map((x) => ({
      id: x.id,
      milestone: x.milestone,
      amountYuan: Number(x.amount_fen) / 100,
      afterShare: x.after_share,
      dueOn: x.due_on,
      paidAt: x.paid_at?.toISOString() ?? null,
      payable: x.id === firstUnpaid?.id && row.acceptedShare >= x.after_share,
    })),
  };
}

/**
 * 两库: the need library — the community's needs of a group (a building, the whole community) not yet
 * met, with the purchase answering each — and the provider library: what social organisations offer.
 */
export async function librariesOf(db: Executor, streetId: string, community: string) {
  const needs = await db
    .selectFrom('needs as n')
    .leftJoin('purchase_items as i', (j) => j.onRef('i.street_id', '=', 'n.street_id').onRef('i.need_id', '=', 'n.id'))
    .leftJoin('purchases as p', (j) => j.onRef('p.street_id', '=', 'i.street_id').onRef('p.id', '=', 'i.purchase_id'))
    .select(['n.id', 'n.title', 'n.category', 'n.state', 'p.title as purchase'])
    .where('n.street_id', '=', streetId)
    .where('n.community_code', '=', community)
    .where('n.requester_kind', 'in', ['community', 'building'])
    .where('n.state', '!=', 'closed')
    .orderBy('n.created_at', 'desc')
    .limit(300)
    .execute();
  const today = chinaToday();
  const providers = await db
    .selectFrom('resources as r')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .select([
      'r.id',
      'r.title',
      'r.category',
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('provider'),
      'r.agency_id',
      'r.capacity_left',
    ])
    .where('r.street_id', '=', streetId)
    .where('r.owner_kind', '=', 'organisation')
    .where('r.active', '=', true)
    .where('r.valid_to', '>=', today)
    .where((eb) => eb.or([eb('r.community_code', '=', community), eb('r.community_code', 'is', null)]))
    .orderBy('r.category')
    .orderBy('r.id')
    .limit(300)
    .execute();
  return {
    needs: needs.map((n) => ({ id: n.id, title: n.title, category: n.category, state: n.state, purchase: n.purchase })),
    providers: providers.map((r) => ({
      resourceId: r.id,
      title: r.title,
      category: r.category,
      provider: r.provider,
      agencyId: r.agency_id,
      capacityLeft: r.capacity_left,
    })),
  };
}

/** An evidence photo with the place whose staff may see it (the need's community, or the purchase's place). */
export async function evidencePhoto(db: Executor, streetIds: readonly string[], photo: string) {
  const e = await db
    .selectFrom('need_evidence')
    .select(['street_id', 'mime', 'data', 'thumb', 'milestone_id', 'acceptance_id'])
    .where('street_id', 'in', [...streetIds, ''])
    .where('id', '=', photo)
    .executeTakeFirst();
  if (!e) return null;
  const place = e.milestone_id
    ? await db
        .selectFrom('project_milestones as m')
        .innerJoin('need_projects as p', (j) =>
          j.onRef('p.street_id', '=', 'm.street_id').onRef('p.id', '=', 'm.project_id'),
        )
        .innerJoin('needs as n', (j) => j.onRef('n.street_id', '=', 'p.street_id').onRef('n.id', '=', 'p.need_id'))
        .innerJoin('regions as c', 'c.code', 'n.community_code')
        .select('c.path')
        .where('m.street_id', '=', e.street_id)
        .where('m.id', '=', e.milestone_id)
        .executeTakeFirstOrThrow()
    : await db
        .selectFrom('purchase_acceptances as x')
        .innerJoin('purchases as p', (j) =>
          j.onRef('p.street_id', '=', 'x.street_id').onRef('p.id', '=', 'x.purchase_id'),
        )
        .innerJoin('regions as c', (j) => j.on(sql<boolean>`c.code = coalesce(p.community_code, p.street_id)`))
        .select('c.path')
        .where('x.street_id', '=', e.street_id)
        .where('x.id', '=', e.acceptance_id as number)
        .executeTakeFirstOrThrow();
  return { ...e, target: { regionPath: place.path, streetId: e.street_id } };
}
