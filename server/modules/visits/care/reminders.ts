import type { Db } from '../../../core/db.js';
import { localDate } from '../../cases/index.js';
import { notify, usersCovering } from '../../inbox/index.js';
import { visitSettingsOf } from '../state.js';
import { escalatesOn, subjectRows } from './subjects.js';

/**
 * Care visits that fell overdue are told once (per due day) to the subject's helpers and the grid's
 * workers; a high-level subject's visit still overdue 24 hours later goes up to the community's
 * workers and secretary (escalated, once per due day). The server runs it every ten minutes.
 */
export async function remindCare(db: Db, today = localDate(new Date())) {
  const streets = await db
    .selectFrom('care_subjects')
    .select('street_id')
    .where('active', '=', true)
    .distinct()
    .execute();
  let told = 0;
  let escalated = 0;
  for (const { street_id: streetId } of streets) {
    const street = await db.selectFrom('regions').select('path').where('code', '=', streetId).executeTakeFirst();
    if (!street) continue;
    const settings = await visitSettingsOf(db, streetId);
    const rows = (await subjectRows(db, streetId, street.path, settings)).filter((r) => r.dueOn < today);
    const notified = new Map(
      (
        await db
          .selectFrom('care_subjects')
          .select(['id', 'notified_for'])
          .where('street_id', '=', streetId)
          .where('id', 'in', [...rows.map((r) => r.id), 0])
          .execute()
      ).map((r) => [r.id, r.notified_for]),
    );
    for (const r of rows) {
      const tell = notified.get(r.id) !== r.dueOn;
      const up = r.level === 'high' && today >= escalatesOn(r.dueOn) && r.escalatedFor !== r.dueOn;
      if (!tell && !up) continue;
      await db.transaction().execute(async (trx) => {
        if (tell) {
          const helpers = await trx
            .selectFrom('care_helpers')
            .select('user_id')
            .where('street_id', '=', streetId)
            .where('subject_id', '=', r.id)
            .where('active', '=', true)
            .where('user_id', 'is not', null)
            .execute();
          await notify(
            trx,
            [
              ...(await usersCovering(trx, r.gridPath, ['grid_worker'])),
              ...helpers.flatMap((h) => (h.user_id ? [h.user_id] : [])),
            ],
            {
              kind: 'care_overdue',
              streetId,
              link: '/visits/care',
              title: '关爱走访已逾期',
              body: `${r.shortName}（${r.levelName}）应于 ${r.dueOn} 前走访`,
            },
          );
          told++;
        }
        if (up) {
          await notify(trx, await usersCovering(trx, r.gridPath, ['community_worker', 'community_secretary']), {
            kind: 'care_escalated',
            streetId,
            link: '/visits/care',
            title: '高风险关爱对象逾期未走访（已超 24 小时）',
            body: `${r.grid} ${r.shortName}，应于 ${r.dueOn} 前走访`,
          });
          escalated++;
        }
        await trx
          .updateTable('care_subjects')
          .set({ notified_for: r.dueOn, ...(up ? { escalated_for: r.dueOn } : {}) })
          .where('street_id', '=', streetId)
          .where('id', '=', r.id)
          .execute();
      });
    }
  }
  return { told, escalated };
}
