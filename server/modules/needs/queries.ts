import { sql } from 'kysely';
import {
  beneficiaryKindNames,
  needCategories,
  needSourceNames,
  needStateNames,
  ownerKindNames,
  resourceKindNames,
  wishStateNames,
  type NeedCategory,
} from '../../../contracts/needs.js';
import type { Executor } from '../../core/db.js';

const categoryName = (c: string) => needCategories[c as NeedCategory]?.zh ?? c;
const PAGE = 20;

/** The street's resources usable in a community (its own and the street's), newest first. */
export async function resourcesOf(
  db: Executor,
  streetId: string,
  community: string,
  f: { category?: string | undefined; page: number },
) {
  const base = db
    .selectFrom('resources as r')
    .where('r.street_id', '=', streetId)
    .where((eb) => eb.or([eb('r.community_code', '=', community), eb('r.community_code', 'is', null)]))
    .where('r.active', '=', true)
    .$if(f.category !== undefined, (q) => q.where('r.category', '=', f.category ?? ''));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .select([
      'r.id',
      'r.community_code',
      'r.kind',
      'r.category',
      'r.title',
      'r.owner_kind',
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('owner'),
      'r.address',
      'r.capacity',
      'r.capacity_left',
      sql<string>`r.valid_to::text`.as('valid_to'),
      (eb) =>
        eb
          .selectFrom('need_projects as p')
          .select(sql<number | null>`round(avg(p.rating)::numeric, 1)::float8`.as('x'))
          .whereRef('p.street_id', '=', 'r.street_id')
          .whereRef('p.resource_id', '=', 'r.id')
          .as('rating'),
    ])
    .orderBy('r.id', 'desc')
    .limit(PAGE)
    .offset((f.page - 1) * PAGE)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      community: r.community_code,
      kind: r.kind,
      kindName: resourceKindNames[r.kind].zh,
      category: r.category,
      categoryName: categoryName(r.category),
      title: r.title,
      owner: r.owner,
      ownerKindName: ownerKindNames[r.owner_kind].zh,
      address: r.address,
      capacity: r.capacity,
      capacityLeft: r.capacity_left,
      validTo: r.valid_to,
      rating: r.rating,
    })),
  };
}

/**
 * A community's (or a grid's) needs, urgent and newest first. Who asked is shown as a place and a masked name
 * (1号楼 2单元 王**), and not at all for a private need unless the reader may manage needs.
 */
export async function needsOf(
  db: Executor,
  streetId: string,
  placePath: string,
  f: { state?: string | undefined; category?: string | undefined; page: number },
  seesPrivate: boolean,
) {
  const community = placePath.split('/').at(-2) ?? '';
  const base = db
    .selectFrom('needs as n')
    .where('n.street_id', '=', streetId)
    .$if(community.length === 12, (q) => q.where('n.community_code', '=', community))
    .$if(community.length !== 12, (q) => q.where('n.grid_path', 'like', `${placePath}%`))
    .$if(f.state !== undefined, (q) => q.where('n.state', '=', (f.state ?? 'open') as 'open'))
    .$if(f.category !== undefined, (q) => q.where('n.category', '=', f.category ?? ''));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'n.street_id').onRef('b.id', '=', 'n.building_id'))
    .leftJoin('users as u', 'u.id', 'n.fallback_user_id')
    .select([
      'n.id',
      'n.category',
      'n.title',
      'n.requester_kind',
      'n.source',
      'n.urgency',
      'n.privacy',
      'n.state',
      'n.created_at',
      'b.name as building',
      'u.display_name as fallback_to',
      (eb) =>
        eb
          .selectFrom('residents as r')
          .select('r.name')
          .whereRef('r.street_id', '=', 'n.street_id')
          .whereRef('r.household_id', '=', 'n.household_id')
          .where('r.status', '=', 'active')
          .orderBy(sql`r.relation = '户主'`, 'desc')
          .limit(1)
          .as('head'),
    ])
    .orderBy(sql`n.urgency = 'urgent'`, 'desc')
    .orderBy('n.created_at', 'desc')
    .limit(PAGE)
    .offset((f.page - 1) * PAGE)
    .execute();
  const requester = (r: (typeof rows)[number]) => {
    if (r.requester_kind === 'community') return '全社区';
    if (r.privacy === 'private' && !seesPrivate) return '（隐私保护）';
    const who = r.head ? `${r.head.slice(0, 1)}**` : '';
    return [r.building, r.requester_kind === 'building' ? '全楼' : who].filter(Boolean).join(' ');
  };
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      category: r.category,
      categoryName: categoryName(r.category),
      title: r.privacy === 'private' && !seesPrivate ? `${categoryName(r.category)}需求` : r.title,
      requester: requester(r),
      source: r.source,
      sourceName: needSourceNames[r.source].zh,
      urgency: r.urgency,
      privacy: r.privacy,
      state: r.state,
      stateName: needStateNames[r.state].zh,
      createdAt: r.created_at.toISOString(),
      fallbackTo: r.fallback_to ?? null,
    })),
  };
}

/** A community's projects (its needs' projects), newest first. */
export async function projectsOf(db: Executor, streetId: string, community: string, page: number) {
  const base = db
    .selectFrom('need_projects as p')
    .innerJoin('needs as n', (j) => j.onRef('n.street_id', '=', 'p.street_id').onRef('n.id', '=', 'p.need_id'))
    .where('p.street_id', '=', streetId)
    .where('n.community_code', '=', community);
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .innerJoin('resources as r', (j) => j.onRef('r.street_id', '=', 'p.street_id').onRef('r.id', '=', 'p.resource_id'))
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .select([
      'p.id',
      'p.need_id',
      'n.title as need',
      'n.privacy',
      'n.category',
      'p.resource_id',
      'r.title as resource',
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('provider'),
      'u.display_name as owner',
      sql<string>`p.starts_on::text`.as('starts_on'),
      sql<string>`p.ends_on::text`.as('ends_on'),
      'p.state',
      'p.rating',
    ])
    .orderBy('p.id', 'desc')
    .limit(PAGE)
    .offset((page - 1) * PAGE)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      needId: r.need_id,
      need: r.privacy === 'private' ? `${categoryName(r.category)}需求` : r.need,
      resourceId: r.resource_id,
      resource: r.resource,
      provider: r.provider,
      owner: r.owner,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      state: r.state,
      rating: r.rating,
    })),
  };
}

/**
 * Wishes of a community: the public wall (open, claimed, delivered and granted — a first name and
 * the wish, never an address or a tag), or every state for the community's staff, or one's own.
 */
export async function wishesOf(
  db: Executor,
  o: { streetIds: readonly string[]; community?: string; userId: number; view: 'wall' | 'board' | 'mine' },
) {
  const rows = await db
    .selectFrom('wishes as w')
    .innerJoin('regions as c', 'c.code', 'w.community_code')
    .leftJoin('users as u', 'u.id', 'w.claimed_by')
    .select([
      'w.id',
      'w.community_code',
      'c.name as community_name',
      'w.wish',
      'w.value_yuan',
      'w.shown_name',
      'w.beneficiary_kind',
      'w.state',
      'w.poster_id',
      'w.claimed_by',
      'u.display_name as claimer',
      'w.created_at',
      'w.delivered_at',
      (eb) =>
        eb
          .selectFrom('wish_photos as p')
          .select(sql<string[]>`coalesce(array_agg(p.id), '{}')`.as('x'))
          .whereRef('p.street_id', '=', 'w.street_id')
          .whereRef('p.wish_id', '=', 'w.id')
          .as('photos'),
    ])
    .where('w.street_id', 'in', [...o.streetIds, ''])
    .$if(o.community !== undefined, (q) => q.where('w.community_code', '=', o.community ?? ''))
    .$if(o.view === 'wall', (q) => q.where('w.state', 'in', ['open', 'claimed', 'delivered', 'confirmed']))
    .$if(o.view === 'mine', (q) =>
      q.where((eb) => eb.or([eb('w.poster_id', '=', o.userId), eb('w.claimed_by', '=', o.userId)])),
    )
    .orderBy('w.created_at', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((w) => ({
      id: w.id,
      community: w.community_code,
      communityName: w.community_name,
      wish: w.wish,
      valueYuan: w.value_yuan,
      shownName: w.shown_name,
      beneficiaryKindName: beneficiaryKindNames[w.beneficiary_kind].zh,
      state: w.state,
      stateName: wishStateNames[w.state].zh,
      claimedBy: w.claimer ? `${w.claimer.slice(0, 1)}**` : null,
      mine: w.poster_id === o.userId,
      claimedByMe: w.claimed_by === o.userId,
      createdAt: w.created_at.toISOString(),
      deliveredAt: w.delivered_at?.toISOString() ?? null,
      photos: w.photos ?? [],
    })),
  };
}

/** A wish's delivery photo with who may see it: the one who posted, the one who delivered, the community's staff. */
export async function wishPhoto(db: Executor, streetIds: readonly string[], wishId: number, photo: string) {
  return db
    .selectFrom('wish_photos as p')
    .innerJoin('wishes as w', (j) => j.onRef('w.street_id', '=', 'p.street_id').onRef('w.id', '=', 'p.wish_id'))
    .innerJoin('regions as c', 'c.code', 'w.community_code')
    .select(['p.mime', 'p.data', 'p.thumb', 'w.street_id', 'w.poster_id', 'w.claimed_by', 'c.path'])
    .where('p.street_id', 'in', [...streetIds, ''])
    .where('w.id', '=', wishId)
    .where('p.id', '=', photo)
    .executeTakeFirst();
}

/** The needs a resident raised, newest first, with how far each has come. */
export async function myNeeds(db: Executor, streetIds: readonly string[], userId: number) {
  const rows = await db
    .selectFrom('needs')
    .select(['id', 'category', 'title', 'state', 'created_at'])
    .where('street_id', 'in', [...streetIds, ''])
    .where('created_by', '=', userId)
    .where('source', '=', 'resident')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return {
    items: rows.map((n) => ({
      id: n.id,
      title: n.title,
      categoryName: categoryName(n.category),
      state: n.state,
      stateName: needStateNames[n.state].zh,
      createdAt: n.created_at.toISOString(),
    })),
  };
}
