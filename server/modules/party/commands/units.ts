import { z } from 'zod';
import { reviewInput, unitInput } from '../../../../contracts/party-units.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { streetsOfActor, type Actor } from '../../../core/access.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { encrypt, lookupHash, normalizeMobile, type Keyring } from '../../../core/pii/index.js';
import { upsertAgency } from '../../org/index.js';
import { localDate } from '../../cases/index.js';
import { invalid } from '../invalid.js';
import { communityPathOf, communityTarget } from '../queries.js';
import { quarterBounds, quarterOf } from '../unit-queries.js';
import { ownMember } from './members.js';
import { resolutionOf } from './alliance.js';

/**
 * A co-building unit's party details (kind, contact, its branch): an agency the street already
 * dispatches cases to, or a new one by name. The contact's phone is sealed (shown masked).
 */
export function saveUnit(keyring: Keyring) {
  return command({
    action: 'party.manage',
    input: unitInput,
    async run({ trx, actor, input: u, audit }) {
      const c = await communityTarget(trx, u.community);
      authorize(actor, 'party.manage', c);
      let phone: string | null = null;
      if (u.contactPhone) {
        phone = normalizeMobile(u.contactPhone);
        if (!phone) throw invalid('contactPhone', '联系电话应为 11 位手机号', 'A mobile number has 11 digits');
      }
      let agencyId = u.agencyId;
      if (agencyId === null) {
        if (!u.name) throw invalid('name', '请填写单位名称', 'Name the unit');
        agencyId = await upsertAgency(trx, {
          streetId: c.streetId,
          name: u.name,
          kind:
            u.kind === 'property'
              ? 'property_company'
              : u.kind === 'social_org'
                ? 'social_organization'
                : 'co_building_unit',
        });
      } else {
        const a = await trx
          .selectFrom('agencies')
          .select('id')
          .where('street_id', '=', c.streetId)
          .where('id', '=', agencyId)
          .executeTakeFirst();
        if (!a) throw invalid('agencyId', '该单位不属于本街道', 'The unit is not of this street');
      }
      const values = {
        unit_kind: u.kind,
        contact_name: u.contactName,
        contact_phone_cipher: phone ? encrypt(keyring, phone) : null,
        contact_phone_hash: phone ? lookupHash(keyring, phone) : null,
        party_branch: u.partyBranch,
        party_members: u.partyMembers,
        updated_at: new Date(),
      };
      await trx
        .insertInto('party_units')
        .values({ street_id: c.streetId, agency_id: agencyId, ...values })
        .onConflict((oc) =>
          oc.columns(['street_id', 'agency_id']).doUpdateSet((eb) => ({
            unit_kind: eb.ref('excluded.unit_kind'),
            contact_name: eb.ref('excluded.contact_name'),
            contact_phone_cipher: eb.ref('excluded.contact_phone_cipher'),
            contact_phone_hash: eb.ref('excluded.contact_phone_hash'),
            party_branch: eb.ref('excluded.party_branch'),
            party_members: eb.ref('excluded.party_members'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
      await audit({ streetId: c.streetId, objectType: 'party_unit', objectId: agencyId, detail: { kind: u.kind } });
      return { id: agencyId };
    },
  });
}

/**
 * 反向评价: the community scores a unit for a quarter (履约 40 + 参与 30 + 响应 30). A quarter not
 * yet begun cannot be scored; scoring again within the quarter revises the score (kept in the audit log).
 */
export const reviewUnit = command({
  action: 'party.manage',
  input: reviewInput,
  async run({ trx, actor, input: r, audit }) {
    const c = await communityTarget(trx, r.community);
    authorize(actor, 'party.manage', c);
    const today = localDate(new Date());
    if (quarterBounds(r.quarter)[0] > today)
      throw invalid('quarter', `${r.quarter} 尚未开始，不能评价`, 'The quarter has not begun');
    const partner = await trx
      .selectFrom('party_agreements')
      .select('id')
      .where('street_id', '=', c.streetId)
      .where('community_code', '=', c.code)
      .where('agency_id', '=', r.agencyId)
      .executeTakeFirst();
    if (!partner)
      throw invalid('agencyId', '本社区与该单位没有共建协议，不能评价', 'The community has no agreement with the unit');
    const values = {
      fulfilment: r.fulfilment,
      participation: r.participation,
      response: r.response,
      comment: r.comment,
      reviewed_by: actor?.userId ?? null,
      updated_at: new Date(),
    };
    const row = await trx
      .insertInto('party_unit_reviews')
      .values({ street_id: c.streetId, community_code: c.code, agency_id: r.agencyId, quarter: r.quarter, ...values })
      .onConflict((oc) =>
        oc.columns(['street_id', 'community_code', 'agency_id', 'quarter']).doUpdateSet((eb) => ({
          fulfilment: eb.ref('excluded.fulfilment'),
          participation: eb.ref('excluded.participation'),
          response: eb.ref('excluded.response'),
          comment: eb.ref('excluded.comment'),
          reviewed_by: eb.ref('excluded.reviewed_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: c.streetId,
      objectType: 'party_unit_review',
      objectId: row.id,
      detail: { agencyId: r.agencyId, quarter: r.quarter, total: r.fulfilment + r.participation + r.response },
    });
    return { id: row.id, quarter: quarterOf(today) };
  },
});

/** Puts a resolution out to party members (they claim it on their phones), or takes it back. */
export const offerToMembers = command({
  action: 'party.manage',
  input: z.object({ id: z.number().int().positive(), open: z.boolean() }),
  async run({ trx, actor, input, audit }) {
    const r = await resolutionOf(trx, actor, input.id);
    authorize(actor, 'party.manage', { regionPath: r.path, streetId: r.street_id });
    await trx
      .updateTable('party_resolutions')
      .set({ for_members: input.open })
      .where('street_id', '=', r.street_id)
      .where('id', '=', r.id)
      .execute();
    await audit({ streetId: r.street_id, objectType: 'party_resolution', objectId: r.id, detail: input });
    return { ok: true as const };
  },
});

/** A member claims a task the community put out (once: whoever claims first has it). */
export const claimTask = command({
  action: 'party.serve',
  input: z.object({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    if (!actor) throw new AppError('forbidden', { zh: '请先登录', en: 'Please sign in' });
    const me = await ownMember(trx, actor.userId);
    const claimed = await trx
      .updateTable('party_resolutions as r')
      .set({ claimed_by: me.id, claimed_at: new Date() })
      .where('r.street_id', '=', me.street_id)
      .where('r.id', '=', input.id)
      .where('r.for_members', '=', true)
      .where('r.done_on', 'is', null)
      .where('r.claimed_by', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('party_meetings as m')
            .innerJoin('regions as c', 'c.code', 'm.community_code')
            .select('m.id')
            .where('m.street_id', '=', me.street_id)
            .whereRef('m.id', '=', 'r.meeting_id')
            .where('c.path', '=', communityPathOf(me.region_path)),
        ),
      )
      .returning('r.id')
      .executeTakeFirst();
    if (!claimed)
      throw new AppError('conflict', {
        zh: '该任务已被认领或已结束，请刷新后再看',
        en: 'The task was claimed or closed already',
      });
    await audit({
      streetId: me.street_id,
      objectType: 'party_resolution',
      objectId: input.id,
      detail: { claimed: true },
    });
    return { ok: true as const };
  },
});

export const AGREEMENT_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_AGREEMENT_FILE_BYTES = 10 * 1024 * 1024;

/** The signed agreement (a scan: PDF, JPEG or PNG), kept with it; a new file replaces the old. */
export const attachAgreementFile = command({
  action: 'party.manage',
  input: z.object({
    id: z.number().int().positive(),
    name: z.string().trim().min(1).max(100),
    mime: z.enum(AGREEMENT_FILE_TYPES),
    data: z.instanceof(Buffer),
  }),
  async run({ trx, actor, input, audit }) {
    if (input.data.length === 0 || input.data.length > MAX_AGREEMENT_FILE_BYTES)
      throw invalid('file', '协议文件应在 10 MB 以内且不为空', 'The file is empty or over 10 MB');
    const a = await agreementOf(trx, actor, input.id);
    authorize(actor, 'party.manage', { regionPath: a.path, streetId: a.street_id });
    await trx
      .updateTable('party_agreements')
      .set({ file_name: input.name, file_mime: input.mime, file_data: input.data })
      .where('street_id', '=', a.street_id)
      .where('id', '=', a.id)
      .execute();
    await audit({
      streetId: a.street_id,
      objectType: 'party_agreement',
      objectId: a.id,
      detail: { file: input.name, bytes: input.data.length },
    });
    return { ok: true as const };
  },
});

/** An agreement by id in the actor's streets, with its community's place. */
export async function agreementOf(db: Executor, actor: Actor | null, id: number) {
  const streets = streetsOfActor(actor);
  const a = await db
    .selectFrom('party_agreements as a')
    .innerJoin('regions as c', 'c.code', 'a.community_code')
    .select(['a.street_id', 'a.id', 'a.agency_id', 'a.file_name', 'a.file_mime', 'c.path'])
    .$if(streets.length > 0, (q) => q.where('a.street_id', 'in', streets))
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound({ zh: '共建协议', en: 'Agreement' });
  return a;
}

/** The signed file's bytes. */
export async function agreementFile(db: Executor, streetId: string, id: number) {
  return db
    .selectFrom('party_agreements')
    .select(['file_name', 'file_mime', 'file_data'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
}
