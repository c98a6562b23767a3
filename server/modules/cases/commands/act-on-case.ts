import { allowed, Refusal } from '../../../core/authorize.js';
import {
  actionNames,
  caseActionBody,
  statusNames,
  type CaseAction,
  type CaseActionBody,
} from '../../../../contracts/cases.js';
import { type Actor, streetsOfActor } from '../../../core/access.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { loadCase, presentSummary, targetOf, type CaseRow } from '../case-row.js';
import { notify } from '../notifications.js';
import { mayTake, stateAllows, STEPS } from '../states.js';
import { streetConfig } from '../street-config.js';
import { syncTimers } from '../timers.js';
import { attachPhotos } from './attach-photos.js';
import { need, planStep } from './plan-step.js';

export const CASE = { zh: '案件', en: 'Case' };

/** 409 with the case as it is now, so the console can show what changed. */
export function conflict(row: CaseRow, action: CaseAction, warnFraction: number): AppError {
  const s = statusNames[row.status];
  const a = actionNames[action];
  return new AppError(
    'conflict',
    {
      zh: `案件当前状态为「${s.zh}」，不能执行「${a.zh}」（可能已被他人处理，请刷新）`,
      en: `The case is now "${s.en}": "${a.en}" is not possible (someone may have acted on it; reload)`,
    },
    { details: { current: presentSummary(row, warnFraction) } },
  );
}

export type ActOptions = {
  db: Db;
  actor: Actor;
  audit: AuditContext;
  caseId: number;
  action: CaseAction;
  body: CaseActionBody;
  now?: Date;
};

/**
 * Takes one step on a case: reads it, checks the actor's permission (404 when they may not see
 * it, 403 when they may not take the step) and the state (409 with the current state), then
 * writes the change, its timeline entry, timers, notices and audit row in one transaction. The
 * update is conditional on the version read: of two people acting at once, one wins.
 */
export async function actOnCase(o: ActOptions): Promise<CaseRow> {
  const now = o.now ?? new Date();
  const body = caseActionBody.parse(o.body);
  const row = await loadCase(o.db, o.caseId, streetsOfActor(o.actor));
  if (!row || !allowed(o.actor, 'cases.read', targetOf(row))) throw notFound(CASE);
  const config = await streetConfig(o.db, row.street_id);
  const { warnFraction, reopenDays } = config.settings;
  if (body.version !== undefined && body.version !== row.version) throw conflict(row, o.action, warnFraction);
  if (!stateAllows(row, o.action, now, reopenDays)) throw conflict(row, o.action, warnFraction);
  if (!mayTake(o.actor, row, o.action))
    throw new Refusal(STEPS[o.action].rule, {
      about: { type: 'case', id: row.id, streetId: row.street_id, step: o.action },
    });
  const step = STEPS[o.action];
  if (step.note) need(!!body.note, 'note', '请填写说明', 'A note is required');
  return o.db.transaction().execute(async (trx) => {
    const plan = await planStep(trx, row, o.action, body, now, config);
    const to = step.to ?? row.status;
    const updated = await trx
      .updateTable('cases')
      .set({ ...plan.patch, status: to, version: row.version + 1, updated_at: now })
      .where('street_id', '=', row.street_id)
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .returning('id')
      .executeTakeFirst();
    if (!updated) {
      const current = await loadCase(trx, row.id, row.street_id);
      throw conflict(current ?? row, o.action, warnFraction);
    }
    if (plan.assists) {
      await trx
        .deleteFrom('case_assists')
        .where('street_id', '=', row.street_id)
        .where('case_id', '=', row.id)
        .execute();
      if (plan.assists.length)
        await trx
          .insertInto('case_assists')
          .values(plan.assists.map((a) => ({ street_id: row.street_id, case_id: row.id, agency_id: a })))
          .execute();
    }
    const photos = await attachPhotos(trx, {
      streetId: row.street_id,
      caseId: row.id,
      ids: body.photos,
      uploader: `user:${o.actor.userId}`,
    });
    await trx
      .insertInto('case_events')
      .values({
        street_id: row.street_id,
        case_id: row.id,
        actor_id: o.actor.userId,
        actor_name: o.actor.name,
        action: o.action,
        from_status: row.status,
        to_status: to,
        note: body.note ?? null,
        photos,
        detail: plan.detail ? JSON.stringify(plan.detail) : null,
        at: now,
      })
      .execute();
    const after = await loadCase(trx, row.id, row.street_id);
    if (!after) throw notFound(CASE);
    await syncTimers(trx, after, warnFraction);
    for (const n of plan.notices)
      await notify(
        trx,
        n.to.filter((u) => u !== o.actor.userId),
        { ...n.notice, streetId: row.street_id, caseId: row.id },
      );
    await writeAudit(trx, o.audit, {
      action: step.rule,
      result: 'ok',
      objectType: 'case',
      objectId: row.id,
      streetId: row.street_id,
      detail: { step: o.action, from: row.status, to, ...plan.detail },
    });
    return after;
  });
}
