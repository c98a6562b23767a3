import { sql } from 'kysely';
import type { Executor, Trx } from '../../core/db.js';
import { invalid } from '../../core/errors.js';
import { fromUnits, toUnits } from './tally.js';

/** An exclusive unit of the estate as the registry has it now, and whose vote it carries. */
export type Unit = {
  houseId: number;
  label: string;
  area: string;
  source: 'registered' | 'surveyed' | 'contract';
  /** `r12`, `r12+r13` (joint owners), `n<house>:<name>` (an owner known by name only) or `developer`. */
  voter: string;
  names: string[];
  residentIds: number[];
};
export const DEVELOPER = 'developer';

/**
 * The electorate of an estate from the registry (docs/RULES.md "Owners' votes"): every house of its buildings with
 * its exclusive area — registered, else surveyed, else contract, and which — and its owners today. Joint owners of a
 * house are one voter; one person (a resident of the registry) owning several houses is one voter with all their
 * area; an owner known only by name counts on their own; a house with no owner is the developer's (unsold or not
 * delivered), and all of those are one voter together. Houses without any area are listed, not guessed.
 */
export async function electorateOf(db: Executor, streetId: string, estateId: number) {
  const rows = await sql<{
    id: string;
    building: string;
    unit: string;
    room: string;
    area: string | null;
    area_surveyed: string | null;
    area_contract: string | null;
    owners: { rid: string | null; name: string }[];
  }>`
    SELECT h.id, b.name AS building, h.unit, h.room, h.area, h.area_surveyed, h.area_contract,
      coalesce(json_agg(json_build_object('rid', o.resident_id, 'name', o.owner_name) ORDER BY o.id)
        FILTER (WHERE o.id IS NOT NULL), '[]') AS owners
    FROM houses h
    JOIN buildings b ON b.street_id = h.street_id AND b.id = h.building_id
    LEFT JOIN house_owners o ON o.street_id = h.street_id AND o.house_id = h.id
      AND o.since <= current_date AND (o.until IS NULL OR o.until >= current_date)
    WHERE h.street_id = ${streetId} AND b.estate_id = ${estateId}
    GROUP BY h.id, b.name, h.unit, h.room, h.area, h.area_surveyed, h.area_contract
    ORDER BY b.name, h.unit, h.room`.execute(db);
  const units: Unit[] = [];
  const missing: string[] = [];
  for (const r of rows.rows) {
    const label = `${r.building}${r.unit ? `${r.unit.replace(/单元$/, '')}单元` : ''}${r.room}`;
    const area = r.area ?? r.area_surveyed ?? r.area_contract;
    if (area === null) {
      missing.push(label);
      continue;
    }
    const ids = [...new Set(r.owners.map((o) => (o.rid ? `r${o.rid}` : `n${r.id}:${o.name}`)))].sort();
    units.push({
      houseId: Number(r.id),
      label,
      area: String(area),
      source: r.area !== null ? 'registered' : r.area_surveyed !== null ? 'surveyed' : 'contract',
      voter: ids.length ? ids.join('+') : DEVELOPER,
      names: [...new Set(r.owners.map((o) => o.name))],
      residentIds: [...new Set(r.owners.flatMap((o) => (o.rid ? [Number(o.rid)] : [])))],
    });
  }
  return { units, missing };
}

/** Writes the snapshot a vote counts over: voters with their pseudonyms (o1, o2 … in unit order; `dev`), units. */
export async function writeSnapshot(trx: Trx, streetId: string, voteId: number, units: Unit[]) {
  const voters = new Map<string, { names: Set<string>; ids: Set<number> }>();
  for (const u of units) {
    const v = voters.get(u.voter) ?? { names: new Set<string>(), ids: new Set<number>() };
    u.names.forEach((n) => v.names.add(n));
    u.residentIds.forEach((i) => v.ids.add(i));
    voters.set(u.voter, v);
  }
  let n = 0;
  const rows = [...voters].map(([voter, v]) => {
    const ids = [...v.ids];
    return {
      street_id: streetId,
      vote_id: voteId,
      voter,
      pseudonym: voter === DEVELOPER ? 'dev' : `o${++n}`,
      developer: voter === DEVELOPER,
      owner_names: voter === DEVELOPER ? '开发建设单位' : [...v.names].join('、'),
      resident_ids: ids,
      delegate_resident_id: ids.length > 1 || voter.includes('+') ? (ids[0] ?? null) : null,
    };
  });
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('owner_vote_voters')
      .values(rows.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < units.length; i += 1000)
    await trx
      .insertInto('owner_vote_units')
      .values(
        units.slice(i, i + 1000).map((u) => ({
          street_id: streetId,
          vote_id: voteId,
          house_id: u.houseId,
          label: u.label,
          area: u.area,
          area_source: u.source,
          voter: u.voter,
        })),
      )
      .execute();
  return { heads: rows.length };
}

/** Refuses an electorate with houses whose area no record gives, naming the first of them. */
export function requireAreas(missing: string[]) {
  if (missing.length)
    throw invalid(
      'estateId',
      `${missing.length} 套房屋没有专有部分面积（${missing.slice(0, 5).join('、')}${missing.length > 5 ? '等' : ''}），请先在房屋登记中补录不动产登记、实测或合同面积`,
      `${missing.length} houses have no exclusive area (${missing.slice(0, 5).join(', ')})`,
    );
}

/** What changed in the registry since the vote's snapshot: units added or gone, areas and owners changed. */
export async function changesSince(db: Executor, streetId: string, voteId: number, estateId: number) {
  const now = await electorateOf(db, streetId, estateId);
  const then = await db
    .selectFrom('owner_vote_units')
    .select(['house_id', 'label', 'area', 'voter'])
    .where('street_id', '=', streetId)
    .where('vote_id', '=', voteId)
    .execute();
  const today = new Map(now.units.map((u) => [u.houseId, u]));
  const changes: { unit: string; change: string }[] = [];
  const seen = new Set<number>();
  for (const t of then) {
    const id = Number(t.house_id);
    seen.add(id);
    const u = today.get(id);
    if (!u) changes.push({ unit: t.label, change: now.missing.includes(t.label) ? '面积已删除' : '房屋已不在本小区' });
    else {
      if (Number(u.area) !== Number(t.area))
        changes.push({ unit: t.label, change: `面积 ${Number(t.area)} → ${u.area}` });
      if (u.voter !== t.voter) changes.push({ unit: t.label, change: '业主已变更' });
    }
  }
  for (const u of now.units) if (!seen.has(u.houseId)) changes.push({ unit: u.label, change: '新登记的房屋' });
  return changes;
}

/** 业主名册 of an estate as the registry has it today, before a vote: the counts a vote would start from. */
export async function previewOf(db: Executor, streetId: string, estateId: number) {
  const { units, missing } = await electorateOf(db, streetId, estateId);
  const voters = new Map<string, number>();
  for (const u of units) voters.set(u.voter, (voters.get(u.voter) ?? 0) + 1);
  const area = units.reduce((a, u) => a + toUnits(u.area), 0n);
  const dev = units.filter((u) => u.voter === DEVELOPER);
  return {
    units: units.length,
    heads: voters.size,
    area: fromUnits(area),
    developerUnits: dev.length,
    developerArea: fromUnits(dev.reduce((a, u) => a + toUnits(u.area), 0n)),
    jointOwners: [...voters.keys()].filter((v) => v.includes('+')).length,
    ownersOfSeveral: [...voters].filter(([v, n]) => v !== DEVELOPER && n > 1).length,
    surveyedAreas: units.filter((u) => u.source === 'surveyed').length,
    contractAreas: units.filter((u) => u.source === 'contract').length,
    missing,
  };
}
