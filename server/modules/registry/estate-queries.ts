import type { EstateItem } from '../../../contracts/registry.js';
import type { Executor } from '../../core/db.js';
import { underAny } from '../../core/sql-scope.js';

/**
 * The estates of a community with who serves and governs them. A community's staff see all its
 * estates; a grid's staff those with a building in their grid (`scopes`: the actor's read scopes).
 */
export async function listEstates(db: Executor, community: string, scopes: readonly string[]): Promise<EstateItem[]> {
  const street = community.slice(0, 9); // a community's code begins with its street's
  const rows = await db
    .selectFrom('estates as e')
    .innerJoin('regions as r', 'r.code', 'e.community_code')
    .leftJoin('agencies as a', (j) =>
      j.onRef('a.street_id', '=', 'e.street_id').onRef('a.id', '=', 'e.property_agency_id'),
    )
    .select((eb) => [
      'e.id',
      'e.name',
      'e.community_code',
      'e.property_agency_id',
      'a.name as company',
      'e.owners_committee',
      'e.party_branch',
      eb
        .selectFrom('buildings as b')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('b.street_id', '=', street) // a value: Citus keeps the subquery on the street's shard
        .whereRef('b.estate_id', '=', 'e.id')
        .as('buildings'),
    ])
    .where('e.street_id', '=', street)
    .where('e.community_code', '=', community)
    .where((eb) =>
      eb.or([
        underAny('r.path', scopes),
        eb.exists(
          eb
            .selectFrom('buildings as b')
            .select('b.id')
            .where('b.street_id', '=', street)
            .whereRef('b.estate_id', '=', 'e.id')
            .where(underAny('b.grid_path', scopes, 'b.street_id')),
        ),
      ]),
    )
    .orderBy('e.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    communityCode: r.community_code,
    propertyAgencyId: r.property_agency_id,
    propertyCompany: r.company,
    ownersCommittee: r.owners_committee,
    partyBranch: r.party_branch,
    buildings: Number(r.buildings ?? 0),
  }));
}
