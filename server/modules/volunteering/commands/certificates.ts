import { randomBytes } from 'node:crypto';
import { certificateInput } from '../../../../contracts/volunteering.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { decrypt, maskIdNumber, type Keyring } from '../../../core/pii/index.js';
import { communityOf } from './store.js';

/**
 * The volunteer's registry record: linked at registration by the account's phone; when it was not found then
 * (registered before the registry had them), looked up again and linked now.
 */
export async function residentOfVolunteer(trx: Executor, streetId: string, v: { id: number; user_id: number }) {
  const linked = await trx
    .selectFrom('volunteers as v')
    .innerJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'v.street_id').onRef('r.id', '=', 'v.resident_id'))
    .select(['r.id', 'r.name', 'r.id_cipher', 'r.birth_date', 'r.tags'])
    .where('v.street_id', '=', streetId)
    .where('v.id', '=', v.id)
    .executeTakeFirst();
  if (linked) return linked;
  const found = await trx
    .selectFrom('residents as r')
    .innerJoin('users as u', 'u.phone_hash', 'r.phone_hash')
    .select(['r.id', 'r.name', 'r.id_cipher', 'r.birth_date', 'r.tags'])
    .where('r.street_id', '=', streetId)
    .where('u.id', '=', v.user_id)
    .where('r.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('volunteers as o')
            .select('o.id')
            .whereRef('o.street_id', '=', 'r.street_id')
            .whereRef('o.resident_id', '=', 'r.id'),
        ),
      ),
    )
    .orderBy('r.id')
    .executeTakeFirst();
  if (!found) return null;
  await trx
    .updateTable('volunteers')
    .set({ resident_id: found.id })
    .where('street_id', '=', streetId)
    .where('id', '=', v.id)
    .execute();
  return found;
}

const ymd = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * 出具志愿服务记录证明 (2021 measures): by the community that recorded the hours — 谁记录谁证明: only its confirmed
 * records count, and a community that recorded none for the volunteer is refused. The paper carries the real name,
 * the ID type and masked number, the volunteer number, the hours and what they were, the issuer, the person in
 * charge, the handler, a contact, the number and date, and a code to verify it. Kept as issued (a snapshot).
 */
export function issueCertificate(keyring: Keyring) {
  return command({
    action: 'volunteering.manage',
    input: certificateInput,
    async run({ trx, actor: who, input: i, audit }) {
      const actor: Actor = requireActor(who);
      const c = await communityOf(trx, i.community);
      authorize(actor, 'volunteering.manage', c);
      const v = await trx
        .selectFrom('volunteers as v')
        .innerJoin('users as u', 'u.id', 'v.user_id')
        .select(['v.id', 'v.user_id', 'v.volunteer_no', 'u.display_name'])
        .where('v.street_id', '=', c.streetId)
        .where('v.id', '=', i.volunteerId)
        .executeTakeFirst();
      if (!v) throw notFound({ zh: '志愿者', en: 'Volunteer' });
      const from = i.from ?? '2000-01-01';
      const to = i.to ?? ymd(new Date());
      const records = await trx
        .selectFrom('service_records as r')
        .innerJoin('activities as a', (j) =>
          j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.activity_id'),
        )
        .select(['a.title', 'a.starts_at', 'r.hours'])
        .where('r.street_id', '=', c.streetId)
        .where('r.volunteer_id', '=', v.id)
        .where('a.community_code', '=', c.code)
        .where('r.confirmed_at', 'is not', null)
        .where('r.hours', '>', '0')
        .where('a.starts_at', '>=', new Date(`${from}T00:00:00+08:00`))
        .where('a.starts_at', '<', new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000))
        .orderBy('a.starts_at')
        .execute();
      if (!records.length)
        throw new AppError('forbidden', {
          zh: `${c.name}在此期间没有记录该志愿者经确认的服务时长；按“谁记录谁证明”，证明须由记录时长的组织出具`,
          en: 'This community recorded no confirmed hours of theirs in the period: the one who recorded them certifies',
        });
      const person = await residentOfVolunteer(trx, c.streetId, v);
      if (!person?.id_cipher)
        throw invalid(
          'volunteerId',
          '该志愿者尚未与居民档案实名关联（缺少身份证件号码），请先在“志愿者”中关联居民后再出具证明',
          'The volunteer is not linked to a registry record with an ID number',
        );
      const hours = records.reduce((s, r) => s + Math.round(Number(r.hours) * 100), 0) / 100;
      const row = await trx
        .insertInto('certificates')
        .values({
          street_id: c.streetId,
          cert_no: `tmp-${randomBytes(8).toString('hex')}`,
          verify_code: randomBytes(6).toString('base64url'),
          volunteer_id: v.id,
          community_code: c.code,
          issuer: c.name.endsWith('社区') ? `${c.name}居民委员会` : c.name,
          principal: i.principal,
          handler_id: actor.userId,
          handler: actor.name,
          contact: i.contact,
          holder_name: person.name,
          id_type: '居民身份证',
          id_masked: maskIdNumber(decrypt(keyring, person.id_cipher)),
          volunteer_no: v.volunteer_no,
          period_from: ymd(records[0]?.starts_at ?? new Date()),
          period_to: ymd(records.at(-1)?.starts_at ?? new Date()),
          hours: hours.toFixed(2),
          content: JSON.stringify(
            records.map((r) => ({ date: ymd(r.starts_at), title: r.title, hours: Number(r.hours) })),
          ),
        })
        .returning(['id', 'issued_at'])
        .executeTakeFirstOrThrow();
      const certNo = `ZYZM-${c.streetId}-${ymd(row.issued_at).slice(0, 4)}-${String(row.id).padStart(6, '0')}`;
      await trx
        .updateTable('certificates')
        .set({ cert_no: certNo })
        .where('street_id', '=', c.streetId)
        .where('id', '=', row.id)
        .execute();
      await audit({
        streetId: c.streetId,
        objectType: 'certificate',
        objectId: row.id,
        detail: { volunteer: v.id, hours, records: records.length },
      });
      return { id: row.id, certNo, hours };
    },
  });
}
