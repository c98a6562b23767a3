import { sql } from 'kysely';
import { needCategories, orderStateNames, type NeedCategory } from '../../../contracts/needs.js';
import { assignmentsOf, streetsOfActor, type Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { FLOW, mayStep } from './commands/orders.js';

/** A community's menu: the services of the community and of the whole street still offered. */
export async function menuOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('resources as r')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.agency_id'))
    .select([
      'r.id',
      'r.title',
      'r.category',
      'r.for_whom',
      sql<string>`coalesce(a.name, r.owner_name, '')`.as('provider'),
    ])
    .where('r.street_id', '=', streetId)
    .where((eb) => eb.or([eb('r.community_code', '=', community), eb('r.community_code', 'is', null)]))
    .where('r.kind', '=', 'service')
    .where('r.active', '=', true)
    .where('r.valid_to', '>=', sql<string>`current_date`)
    .orderBy('r.category')
    .orderBy('r.id')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      categoryName: needCategories[r.category as NeedCategory]?.zh ?? r.category,
      provider: r.provider,
      forWhom: r.for_whom,
    })),
  };
}

const mask = (name: string | null) => (name ? `${name.slice(0, 1)}**` : '');

/**
 * Orders as each reader sees them: the community's board (every order of the community), the unit's
 * (passed to the handler's unit), one's own (ordered or sent to deliver). With each order's steps,
 * its timing (临期 when three quarters of the step's working time are gone, 超期 after) and what the
 * reader may do next.
 */
export async function ordersOf(db: Executor, actor: Actor, view: 'community' | 'unit' | 'mine', community?: string) {
  const agencies = assignmentsOf(actor, 'agency_handler').flatMap((a) => (a.agencyId ? [a.agencyId] : []));
  const rows = await db
    .selectFrom('menu_orders as o')
    .innerJoin('regions as c', 'c.code', 'o.community_code')
    .innerJoin('resources as r', (j) => j.onRef('r.street_id', '=', 'o.street_id').onRef('r.id', '=', 'o.resource_id'))
    .leftJoin('agencies as ra', (j) => j.onRef('ra.street_id', '=', 'r.street_id').onRef('ra.id', '=', 'r.agency_id'))
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'o.street_id').onRef('a.id', '=', 'o.agency_id'))
    .innerJoin('users as ou', 'ou.id', 'o.orderer_id')
    .leftJoin('users as au', 'au.id', 'o.assignee_id')
    .select([
      'o.street_id',
      'o.id',
      'o.state',
      'o.orderer_id',
      'o.agency_id',
      'o.assignee_id',
      'o.note',
      'o.rating',
      'o.created_at',
      'o.step_started_at',
      'o.step_due_at',
      'c.path',
      'r.title as service',
      sql<string | null>`coalesce(ra.name, r.owner_name)`.as('provider'),
      'a.name as unit',
      'ou.display_name as orderer',
      'au.display_name as assignee',
    ])
    .where('o.street_id', 'in', [...streetsOfActor(actor), ''])
    .$if(view === 'community', (q) => q.where('o.community_code', '=', community ?? ''))
    .$if(view === 'unit', (q) => q.where('o.agency_id', 'in', [...agencies, 0]))
    .$if(view === 'mine', (q) =>
      q.where((eb) => eb.or([eb('o.orderer_id', '=', actor.userId), eb('o.assignee_id', '=', actor.userId)])),
    )
    .orderBy('o.created_at', 'desc')
    .limit(200)
    .execute();
  const steps = await db
    .selectFrom('menu_order_steps as s')
    .leftJoin('users as u', 'u.id', 's.actor_id')
    .select(['s.order_id', 's.step', 's.note', 's.at', 'u.display_name as actor'])
    .where('s.street_id', 'in', [...new Set(rows.map((r) => r.street_id)), ''])
    .where('s.order_id', 'in', [...rows.map((r) => r.id), 0])
    .orderBy('s.id')
    .execute();
  const now = Date.now();
  const open = new Set(['ordered', 'passed', 'taken', 'assigned']);
  return {
    items: rows.map((o) => {
      const start = o.step_started_at.getTime();
      const due = o.step_due_at.getTime();
      const timing: 'ok' | 'warning' | 'overdue' = !open.has(o.state)
        ? 'ok'
        : now > due
          ? 'overdue'
          : now > start + 0.75 * (due - start)
            ? 'warning'
            : 'ok';
      return {
        id: o.id,
        service: o.service,
        provider: o.provider,
        // the resident's name in full for the community and themselves, masked for units and members
        orderer: view === 'unit' || (view === 'mine' && o.orderer_id !== actor.userId) ? mask(o.orderer) : o.orderer,
        note: o.note,
        state: o.state,
        stateName: orderStateNames[o.state].zh,
        unit: o.unit ?? null,
        assignee: o.assignee ?? null,
        dueAt: open.has(o.state) ? o.step_due_at.toISOString() : null,
        timing,
        rating: o.rating,
        createdAt: o.created_at.toISOString(),
        steps: steps
          .filter((s) => s.order_id === o.id)
          .map((s) => ({ step: s.step, actor: s.actor ?? null, note: s.note, at: s.at.toISOString() })),
        can: (Object.keys(FLOW) as (keyof typeof FLOW)[]).filter(
          (k) => FLOW[k].from.includes(o.state) && mayStep(actor, o, k),
        ),
      };
    }),
  };
}

/** Whom a unit may send: the street's party members and volunteers. */
export async function helpersOf(db: Executor, streetId: string) {
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select(['u.id', 'u.display_name', 'ra.role'])
    .where('ra.street_id', '=', streetId)
    .where('ra.role', 'in', ['party_member', 'volunteer'])
    .orderBy('u.id')
    .limit(500)
    .execute();
  const seen = new Set<number>();
  return {
    items: rows.flatMap((r) => {
      if (seen.has(r.id)) return [];
      seen.add(r.id);
      return [{ id: r.id, name: r.display_name, role: r.role === 'party_member' ? '党员' : '志愿者' }];
    }),
  };
}
