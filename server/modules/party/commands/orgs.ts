import { z } from 'zod';
import { officerPosts, orgInput, orgMove, type OrgLevel } from '../../../../contracts/party.js';
import { streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { notFound } from '../../../core/errors.js';
import { invalid } from '../invalid.js';
import { orgOf, regionOf, subtreeOf } from '../queries.js';

/** The level an organisation's parent must have (none: a root). */
const PARENT: Record<OrgLevel, readonly (OrgLevel | null)[]> = {
  working_committee: [null],
  committee: [null, 'working_committee'],
  branch: ['committee'],
  group: ['branch'],
};
/** The region level each organisation serves. */
const REGION_LEVEL: Record<OrgLevel, readonly string[]> = {
  working_committee: ['street'],
  committee: ['community'],
  branch: ['community', 'grid'],
  group: ['community', 'grid'],
};

type Placed = { streetId: string; path: string; regionCode: string };

/**
 * Checks an organisation against the tree's rules and returns where it sits: its parent's level
 * (a group under a branch, a branch under a committee), the level of the region it serves, and
 * that the region, estate, building and unit lie inside the parent's.
 */
async function place(trx: Executor, o: z.output<typeof orgInput>): Promise<Placed> {
  const region = await regionOf(trx, o.region);
  if (!region?.street_id) throw notFound({ zh: '区划', en: 'Region' });
  if (!REGION_LEVEL[o.level].includes(region.level))
    throw invalid(
      'region',
      `${o.level === 'working_committee' ? '大工委应建在街道' : o.level === 'committee' ? '社区党委应建在社区' : '支部、党小组应建在社区或网格'}，不能建在「${region.name}」`,
      `A ${o.level} cannot serve a ${region.level}`,
    );
  const parent = o.parentId === null ? null : await orgOf(trx, o.parentId, [region.street_id]);
  if (!PARENT[o.level].includes(parent?.level ?? null))
    throw invalid(
      'parentId',
      o.level === 'group'
        ? '党小组只能建在党支部之下'
        : o.level === 'branch'
          ? '党支部只能建在社区党委之下'
          : '该层级的上级组织不正确',
      `A ${o.level} cannot sit under ${parent ? `a ${parent.level}` : 'nothing'}`,
    );
  if (parent && !region.path.startsWith(parent.region_path))
    throw invalid('region', '所服务的区域不在上级组织的范围内', "The region lies outside the parent's");
  if (o.estateId !== null) {
    const estate = await trx
      .selectFrom('estates')
      .select('community_code')
      .where('street_id', '=', region.street_id)
      .where('id', '=', o.estateId)
      .executeTakeFirst();
    if (!estate || !region.path.includes(`/${estate.community_code}/`))
      throw invalid('estateId', '小区不在所服务的社区内', 'The estate is not in the region');
  }
  if (o.buildingId !== null) {
    const b = await trx
      .selectFrom('buildings')
      .select(['grid_path', 'estate_id'])
      .where('street_id', '=', region.street_id)
      .where('id', '=', o.buildingId)
      .executeTakeFirst();
    if (!b || !b.grid_path.startsWith(region.path) || (parent?.estate_id != null && b.estate_id !== parent.estate_id))
      throw invalid('buildingId', '楼栋不在该组织所服务的范围内', 'The building lies outside the organisation');
  }
  if (o.agencyId !== null) {
    const a = await trx
      .selectFrom('agencies')
      .select('id')
      .where('street_id', '=', region.street_id)
      .where('id', '=', o.agencyId)
      .executeTakeFirst();
    if (!a) throw invalid('agencyId', '共建单位不属于本街道', 'The unit is not of this street');
  }
  return { streetId: region.street_id, path: region.path, regionCode: region.code };
}

/** Sets up an organisation in the tree (the community secretary over the place). */
export const createOrg = command({
  action: 'party.manage',
  input: orgInput,
  async run({ trx, actor, input: o, audit }) {
    const p = await place(trx, o);
    authorize(actor, 'party.manage', { regionPath: p.path, streetId: p.streetId });
    const row = await trx
      .insertInto('party_orgs')
      .values({
        street_id: p.streetId,
        parent_id: o.parentId,
        level: o.level,
        kind: o.kind,
        name: o.name,
        region_code: p.regionCode,
        region_path: p.path,
        estate_id: o.estateId,
        building_id: o.buildingId,
        agency_id: o.agencyId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('party_org_events')
      .values({
        street_id: p.streetId,
        org_id: row.id,
        actor_id: actor?.userId ?? null,
        kind: 'created',
        detail: JSON.stringify(o),
      })
      .execute();
    await audit({
      streetId: p.streetId,
      objectType: 'party_org',
      objectId: row.id,
      detail: { name: o.name, level: o.level },
    });
    return { id: row.id };
  },
});

/**
 * Moves an organisation under another of the right level (a group to another branch, a branch to
 * another committee), renaming it if asked: its groups and members come with it (they hang from
 * it), and where it served before stays in its history.
 */
export const moveOrg = command({
  action: 'party.manage',
  input: orgMove.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const org = await orgOf(trx, input.id, streetsOfActor(actor));
    const target = await orgOf(trx, input.parentId, [org.street_id]);
    authorize(actor, 'party.manage', { regionPath: org.region_path, streetId: org.street_id });
    authorize(actor, 'party.manage', { regionPath: target.region_path, streetId: org.street_id });
    if (!PARENT[org.level].includes(target.level))
      throw invalid(
        'parentId',
        `「${org.name}」不能移到「${target.name}」之下（层级不符）`,
        'Wrong level for the new parent',
      );
    const subtree = await subtreeOf(trx, org.street_id, org.id);
    if (subtree.includes(target.id)) throw invalid('parentId', '不能移到自己的下级组织之下', 'Not under itself');
    // a group follows its new branch's place; a branch must already lie in its new committee's community
    let path = org.region_path;
    let regionCode = org.region_code;
    if (org.level === 'group') {
      path = target.region_path;
      regionCode = target.region_code;
    } else if (!org.region_path.startsWith(target.region_path))
      throw invalid(
        'parentId',
        '所服务的区域不在新上级组织的范围内',
        "The organisation lies outside the new parent's region",
      );
    await trx
      .updateTable('party_orgs')
      .set({
        parent_id: target.id,
        region_path: path,
        region_code: regionCode,
        name: input.name ?? org.name,
        updated_at: new Date(),
      })
      .where('street_id', '=', org.street_id)
      .where('id', '=', org.id)
      .execute();
    if (path !== org.region_path)
      await trx
        .updateTable('party_members')
        .set({ region_path: path })
        .where('street_id', '=', org.street_id)
        .where('org_id', 'in', subtree)
        .where('resident_id', 'is', null)
        .execute();
    const detail = {
      from: org.parent_id,
      to: target.id,
      name: input.name ?? null,
      oldName: org.name,
      region: { from: org.region_code, to: regionCode },
    };
    await trx
      .insertInto('party_org_events')
      .values({
        street_id: org.street_id,
        org_id: org.id,
        actor_id: actor?.userId ?? null,
        kind: target.id === org.parent_id ? 'renamed' : 'moved',
        detail: JSON.stringify(detail),
      })
      .execute();
    await audit({ streetId: org.street_id, objectType: 'party_org', objectId: org.id, detail });
    return { ok: true as const };
  },
});

export const officerInput = z.object({
  orgId: z.number().int().positive(),
  post: z.enum(officerPosts),
  memberId: z.number().int().positive().nullable().default(null),
  /** A part-time member from a co-building unit (兼职委员) is named, not a member of this tree. */
  name: z.string().trim().min(2).max(30).nullable().default(null),
  agencyId: z.number().int().positive().nullable().default(null),
  termStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  termEnd: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
});

/** Names an officer of an organisation for a term. */
export const addOfficer = command({
  action: 'party.manage',
  input: officerInput,
  async run({ trx, actor, input: o, audit }) {
    const org = await orgOf(trx, o.orgId, streetsOfActor(actor));
    authorize(actor, 'party.manage', { regionPath: org.region_path, streetId: org.street_id });
    if (o.termEnd !== null && o.termEnd < o.termStart)
      throw invalid('termEnd', '任期结束不能早于开始', 'The term ends before it starts');
    let name = o.name;
    if (o.memberId !== null) {
      const m = await trx
        .selectFrom('party_members')
        .select('name')
        .where('street_id', '=', org.street_id)
        .where('id', '=', o.memberId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!m) throw notFound({ zh: '党员', en: 'Member' });
      name = m.name;
    }
    if (!name) throw invalid('name', '请选择党员或填写兼职委员姓名', 'Pick a member or name the part-time officer');
    const row = await trx
      .insertInto('party_officers')
      .values({
        street_id: org.street_id,
        org_id: org.id,
        member_id: o.memberId,
        name,
        post: o.post,
        part_time: o.memberId === null,
        agency_id: o.agencyId,
        term_start: o.termStart,
        term_end: o.termEnd,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: org.street_id,
      objectType: 'party_officer',
      objectId: row.id,
      detail: { org: org.name, post: o.post, name },
    });
    return { id: row.id };
  },
});
