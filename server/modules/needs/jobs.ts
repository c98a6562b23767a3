import { sql } from 'kysely';
import { needTypeNames } from '../../../contracts/visits.js';
import type { Db, Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import { notify, usersCovering } from '../inbox/index.js';
import type { RegionMoved } from '../org/index.js';
import type { NeedFound } from '../visits/index.js';
import { fallsBackAt } from './commands/lists.js';
import { needsSettingsOf } from './settings.js';

/** A visit's need type in the needs catalogue (a top category of the same name). */
const CATEGORY_OF: Record<NeedFound['needType'], string> = {
  elderly_care: 'elderly',
  medical: 'medical',
  hardship: 'hardship',
  housing: 'housing',
  employment: 'employment',
  child: 'child',
  disability: 'disability',
  other: 'other',
};
const PRIVATE = new Set(['medical', 'hardship', 'disability']);

/**
 * A visit found a need (visits.need_found): it joins the need list of the household's community,
 * keyed on the finding (a second delivery finds it there); health, hardship and disability needs
 * are private.
 */
export async function adoptFinding(trx: Trx, event: DomainEvent): Promise<void> {
  const f = event.payload as NeedFound;
  const streetId = event.streetId;
  if (!streetId) return;
  const community = f.gridPath.split('/').at(-3) ?? '';
  const category = CATEGORY_OF[f.needType];
  const place = await trx
    .selectFrom('households as hh')
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .select(['b.id', 'b.lng', 'b.lat'])
    .where('hh.street_id', '=', streetId)
    .where('hh.id', '=', f.householdId)
    .executeTakeFirst();
  await trx
    .insertInto('needs')
    .values({
      street_id: streetId,
      community_code: community,
      grid_path: f.gridPath,
      category,
      title: `${needTypeNames[f.needType].zh}：${f.what}`.slice(0, 60),
      detail: f.what,
      requester_kind: 'household',
      household_id: f.householdId,
      building_id: place?.id ?? null,
      lng: place?.lng ?? null,
      lat: place?.lat ?? null,
      source: 'visit',
      source_ref: f.findingId,
      privacy: PRIVATE.has(category) ? 'private' : 'community',
      falls_back_at: await fallsBackAt(trx, streetId),
      created_by: f.visitorId,
    })
    .onConflict((oc) =>
      oc.columns(['street_id', 'source', 'source_ref']).where('source_ref', 'is not', null).doNothing(),
    )
    .execute();
}

/**
 * 兜底: an open need past its working days falls to the community — the community worker over its
 * place becomes responsible and is told; a claimed wish not delivered in time is released to the
 * wall. Street by street.
 */
export async function sweepNeeds(db: Db): Promise<{ fallen: number; released: number }> {
  const streets = await db.selectFrom('regions').select('code').where('level', '=', 'street').execute();
  let fallen = 0;
  let released = 0;
  for (const { code: streetId } of streets) {
    const due = await db
      .selectFrom('needs as n')
      .innerJoin('regions as c', 'c.code', 'n.community_code')
      .select(['n.id', 'n.title', 'c.path', 'c.name'])
      .where('n.street_id', '=', streetId)
      .where('n.state', '=', 'open')
      .where('n.falls_back_at', '<=', new Date())
      .limit(500)
      .execute();
    for (const n of due)
      await db.transaction().execute(async (trx) => {
        const [worker] = await usersCovering(trx, n.path, ['community_worker']);
        const moved = await trx
          .updateTable('needs')
          .set({ state: 'fallback', fallback_user_id: worker ?? null })
          .where('street_id', '=', streetId)
          .where('id', '=', n.id)
          .where('state', '=', 'open')
          .returning('id')
          .executeTakeFirst();
        if (!moved) return;
        fallen++;
        if (worker)
          await notify(trx, [worker], {
            kind: 'need_fallback',
            streetId,
            link: '/needs/fallback',
            title: '需求未对接，转社区兜底',
            body: `${n.name}：${n.title}`,
          });
      });
    const { wishClaimDays } = await needsSettingsOf(db, streetId);
    const stale = await db
      .updateTable('wishes')
      .set({ state: 'open', claimed_by: null, claimed_at: null })
      .where('street_id', '=', streetId)
      .where('state', '=', 'claimed')
      .where('claimed_at', '<', sql<Date>`now() - ${`${wishClaimDays} days`}::interval`)
      .returning(['id'])
      .execute();
    released += stale.length;
  }
  return { fallen, released };
}

/**
 * A region moved (org): needs raised in it take the new path, and the community it now lies in
 * (a grid moved to another community takes its households' needs along). Idempotent.
 */
export async function onRegionMoved(trx: Trx, event: DomainEvent): Promise<void> {
  const m = event.payload as RegionMoved;
  const from = m.oldPath.length + 1;
  await sql`UPDATE needs SET grid_path = ${m.newPath} || substr(grid_path, ${from}),
      community_code = split_part(${m.newPath} || substr(grid_path, ${from}), '/', 6)
    WHERE grid_path LIKE ${`${m.oldPath}%`} AND length(split_part(${m.newPath} || substr(grid_path, ${from}), '/', 6)) = 12`.execute(
    trx,
  );
}
