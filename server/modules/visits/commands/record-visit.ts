import { visitInput } from '../../../../contracts/visits.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { allowed, authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { invalid, notFound } from '../../../core/errors.js';
import { encrypt, type Keyring } from '../../../core/pii/index.js';
import { submitCase, takePhotos } from '../../cases/index.js';
import { gridIndexOf } from '../../org/index.js';
import { countVisit, refreshHouseholds } from '../state.js';
import { NEED_FOUND, type NeedFound } from '../events.js';

const HOUSEHOLD = { zh: '住户', en: 'Household' };
/** A phone's clock may run a little ahead: a visit up to 5 minutes "in the future" is now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A visit already recorded from this phone under this client id, with its findings. */
async function recorded(db: Executor, streetId: string, visitorId: number, clientId: string) {
  const v = await db
    .selectFrom('visits')
    .select(['id', 'outside_grid', 'household_moved'])
    .where('street_id', '=', streetId)
    .where('visitor_id', '=', visitorId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!v) return undefined;
  const findings = await db
    .selectFrom('visit_findings')
    .select(['id', 'kind', 'case_id'])
    .where('street_id', '=', streetId)
    .where('visit_id', '=', v.id)
    .orderBy('id')
    .execute();
  return {
    id: v.id,
    created: false,
    outsideGrid: v.outside_grid,
    householdMoved: v.household_moved,
    findings: findings.map((f) => ({ id: f.id, kind: f.kind, caseId: f.case_id })),
  };
}

/**
 * Records a visit (民情日记) to a household in the visitor's scope, all or nothing: the visit, who
 * was met (residents of the household), the GPS point sealed (flagged when outside the household's
 * grid), and each finding — a case opened through the case loop (channel `visit`, linked both ways),
 * a need kept with a stable id until the needs module adopts it, or nothing needed — then the
 * household's state. Sent again with the same client id (an offline queue's resend) it answers the
 * first record. A household that moved to another grid while the phone was offline is accepted
 * and flagged when the visitor covered the grid the phone saw it in.
 */
export function recordVisit(keyring: Keyring) {
  return command({
    action: 'visits.record',
    input: visitInput,
    async run({ trx, actor: who, input: v, audit, caller, publish }) {
      const actor = requireActor(who);
      const streets = streetsOfActor(actor);
      const h = await trx
        .selectFrom('households')
        .select(['street_id', 'id', 'grid_path', 'active'])
        .$if(streets.length > 0, (q) => q.where('street_id', 'in', streets))
        .where('id', '=', v.householdId)
        .executeTakeFirst();
      if (!h || !h.active) throw notFound(HOUSEHOLD);
      const target = { regionPath: h.grid_path, streetId: h.street_id };
      let moved = false;
      if (v.seenInGrid !== null && !h.grid_path.includes(`/${v.seenInGrid}/`)) {
        const seen = await trx.selectFrom('regions').select('path').where('code', '=', v.seenInGrid).executeTakeFirst();
        if (seen && allowed(actor, 'visits.record', { regionPath: seen.path, streetId: h.street_id })) moved = true;
      }
      if (!moved) authorize(actor, 'visits.record', target);
      if (v.clientId !== null) {
        const first = await recorded(trx, h.street_id, actor.userId, v.clientId);
        if (first) return first;
      }
      const at = new Date(v.visitedAt);
      if (at.getTime() > Date.now() + CLOCK_SKEW_MS)
        throw invalid('visitedAt', '走访时间不能晚于现在', 'A visit cannot be in the future');
      if (v.met.length > 0) {
        const here = await trx
          .selectFrom('residents')
          .select('id')
          .where('street_id', '=', h.street_id)
          .where('household_id', '=', h.id)
          .where('status', '=', 'active')
          .where('id', 'in', v.met)
          .execute();
        if (here.length !== new Set(v.met).size)
          throw invalid('met', '见到的人应是该户在册居民', 'Those met must be residents of the household');
      }
      const grid = h.grid_path.split('/').at(-2) ?? '';
      let outside = false;
      if (v.gps) outside = (await gridIndexOf(trx, h.street_id)).locate(v.gps.lng, v.gps.lat) !== grid;
      const row = await trx
        .insertInto('visits')
        .values({
          street_id: h.street_id,
          household_id: h.id,
          grid_path: h.grid_path,
          visitor_id: actor.userId,
          visited_at: at,
          kind: v.kind,
          met: v.met,
          notes: v.notes,
          gps_cipher: v.gps ? encrypt(keyring, `${v.gps.lng},${v.gps.lat}`) : null,
          outside_grid: outside,
          household_moved: moved,
          client_id: v.clientId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const photos = await takePhotos(trx, { streetId: h.street_id, ids: v.photos, uploader: `user:${actor.userId}` });
      if (photos.length > 0)
        await trx
          .insertInto('visit_photos')
          .values(photos.map((p) => ({ street_id: h.street_id, visit_id: row.id, ...p })))
          .execute();
      const findings = [];
      for (const [i, f] of v.findings.entries()) {
        let caseId: number | null = null;
        if (f.kind === 'case') {
          const made = await submitCase({
            db: trx,
            keyring,
            submitter: { kind: 'user', actor },
            audit: caller.audit,
            input: {
              category: f.category,
              description: f.description,
              source: 'visit',
              region: grid,
              street: h.street_id,
              clientRequestId: `visit-${h.street_id}-${row.id}-${i}`,
            },
          });
          caseId = made.row.id;
        }
        const saved = await trx
          .insertInto('visit_findings')
          .values({
            street_id: h.street_id,
            visit_id: row.id,
            kind: f.kind,
            need_type: f.kind === 'need' ? f.needType : null,
            what: f.kind === 'need' ? f.what : f.kind === 'case' ? f.description.slice(0, 500) : '',
            case_id: caseId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        findings.push({ id: saved.id, kind: f.kind, caseId });
        if (f.kind === 'need')
          await publish({
            kind: NEED_FOUND,
            streetId: h.street_id,
            payload: {
              findingId: saved.id,
              householdId: h.id,
              gridPath: h.grid_path,
              needType: f.needType,
              what: f.what,
              visitorId: actor.userId,
            } satisfies NeedFound,
          });
      }
      await refreshHouseholds(trx, h.street_id, { householdIds: [h.id] });
      await countVisit(trx, {
        streetId: h.street_id,
        id: row.id,
        householdId: h.id,
        gridPath: h.grid_path,
        visitorId: actor.userId,
        visitedAt: at,
      });
      await audit({
        streetId: h.street_id,
        objectType: 'visit',
        objectId: row.id,
        detail: {
          household: h.id,
          kind: v.kind,
          findings: v.findings.map((f) => f.kind),
          photos: photos.length,
          outside,
          moved,
        },
      });
      return { id: row.id, created: true, outsideGrid: outside, householdMoved: moved, findings };
    },
  });
}
