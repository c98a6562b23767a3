import type { Db } from '../../../core/db.js';
import { DEMO_COMMUNITY } from '../../../core/demo.js';

const DAY = 86_400_000;

/**
 * A year of 庆城社区's menu orders: most delivered and rated, some on their way, a few waiting past
 * their step's time, one declined by a unit and passed on again — each with the steps it went through.
 */
export async function seedOrders(
  db: Db,
  streetId: string,
  who: { resident: number; staff: number; member: number },
  random: () => number,
): Promise<number> {
  const services = await db
    .selectFrom('resources')
    .select(['id', 'agency_id'])
    .where('street_id', '=', streetId)
    .where('kind', '=', 'service')
    .where('agency_id', 'is not', null)
    .orderBy('id')
    .execute();
  if (services.length === 0) return 0;
  // the demo handler's unit gets the young orders passed on, so `handler` has some to take
  const handler = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('ra.agency_id')
    .where('u.username', '=', 'handler')
    .where('ra.role', '=', 'agency_handler')
    .executeTakeFirst();
  const now = Date.now();
  let n = 0;
  for (let k = 0; k < 60; k++) {
    const s = services[k % services.length];
    if (!s?.agency_id) continue;
    const age = k < 8 ? k * 0.6 : 5 + Math.floor(random() * 300);
    const at = now - age * DAY;
    const state =
      k < 2 ? 'ordered' : k < 4 ? 'passed' : k < 6 ? 'taken' : k < 8 ? 'assigned' : k < 10 ? 'delivered' : 'rated';
    const reached = ['ordered', 'passed', 'taken', 'assigned', 'delivered', 'rated'].indexOf(state);
    const declined = k === 12;
    const o = await db
      .insertInto('menu_orders')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        resource_id: s.id,
        orderer_id: who.resident,
        state,
        agency_id: reached >= 1 ? (k < 8 && handler?.agency_id ? handler.agency_id : s.agency_id) : null,
        assignee_id: reached >= 3 ? who.member : null,
        step_started_at: new Date(at + reached * 0.4 * DAY),
        // the youngest wait within their time; a few of the older ones ran past it
        step_due_at: new Date(at + reached * 0.4 * DAY + (k % 3 === 1 ? 0.5 : 2) * DAY),
        rating: state === 'rated' ? (random() < 0.85 ? 5 : 4) : null,
        created_at: new Date(at),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const steps: {
      step: 'order' | 'pass' | 'take' | 'decline' | 'assign' | 'deliver' | 'rate';
      actor: number;
      note?: string;
    }[] = [
      { step: 'order', actor: who.resident },
      ...(reached >= 1 ? [{ step: 'pass' as const, actor: who.staff }] : []),
      ...(declined
        ? [
            { step: 'decline' as const, actor: who.staff, note: '本周人手不足' },
            { step: 'pass' as const, actor: who.staff },
          ]
        : []),
      ...(reached >= 2 ? [{ step: 'take' as const, actor: who.staff }] : []),
      ...(reached >= 3 ? [{ step: 'assign' as const, actor: who.staff }] : []),
      ...(reached >= 4 ? [{ step: 'deliver' as const, actor: who.member }] : []),
      ...(reached >= 5 ? [{ step: 'rate' as const, actor: who.resident }] : []),
    ];
    await db
      .insertInto('menu_order_steps')
      .values(
        steps.map((x, i) => ({
          street_id: streetId,
          order_id: o.id,
          step: x.step,
          actor_id: x.actor,
          note: x.note ?? '',
          at: new Date(at + i * 0.4 * DAY),
        })),
      )
      .execute();
    n++;
  }
  return n;
}
