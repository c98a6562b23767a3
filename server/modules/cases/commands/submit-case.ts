import { allowed } from '../../../core/authorize.js';
import type { Selectable } from 'kysely';
import { caseInput, type CaseDetail, type CaseInput, type CaseSource } from '../../../../contracts/cases.js';
import { forbidden, pickStreet, type Actor } from '../../../core/access.js';
import { auditRow, type AuditContext } from '../../../core/audit.js';
import type { Db, Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { encrypt, lookupHash, normalizeMobile, type Keyring } from '../../../core/pii/index.js';
import { gridIndexOf } from '../../org/index.js';
import { loadCase, type CaseRow } from '../case-row.js';
import { duplicateBox, duplicatesAmong } from '../duplicates.js';
import type { CaseEventsTable } from '../tables.js';
import { placeOfRegion, streetConfig, type Place } from '../street-config.js';
import { attachablePhotos, photoLocation } from './attach-photos.js';
import { writeCase } from './case-writer.js';
import type { NewCase } from './insert-case.js';

/** Who submits: a signed-in person, an Open311 client's key, or a device's webhook. */
export type Submitter =
  | { kind: 'user'; actor: Actor }
  | { kind: 'api'; keyId: number; streetId: string }
  | { kind: 'device'; streetId: string; deviceId: string };

export type SubmitOptions = {
  db: Db;
  keyring: Keyring;
  submitter: Submitter;
  input: CaseInput;
  audit: AuditContext;
  now?: Date;
};

const bad = (path: string, zh: string, en: string) =>
  new AppError('validation', { zh, en }, { issues: [{ path: `body.${path}`, message: { zh, en } }] });

function submitterKey(s: Submitter): string {
  return s.kind === 'user' ? `user:${s.actor.userId}` : s.kind === 'api' ? `key:${s.keyId}` : `device:${s.deviceId}`;
}

/** The street a person reports in: the one asked for, or the only street their roles lie in. */
function streetOf(s: Submitter, requested: string | undefined): string {
  if (s.kind !== 'user') return s.streetId;
  const streets = [...new Set(s.actor.assignments.flatMap((a) => (a.regionPath && a.streetId ? [a.streetId] : [])))];
  return pickStreet(streets, requested, 'body.street');
}

function sourceOf(s: Submitter, requested: CaseSource | undefined): CaseSource {
  if (s.kind === 'api') return 'open311';
  if (s.kind === 'device') return 'device';
  if (s.actor.kind === 'resident') return 'snapshot';
  if (requested === 'open311' || requested === 'device')
    throw bad('source', '该渠道只能通过接口提交', 'That channel is for the API only');
  const onGrid = s.actor.assignments.some((a) => ['grid_worker', 'grid_leader'].includes(a.role));
  return requested ?? (onGrid ? 'patrol' : 'hotline');
}

/** A grid, community or the street by code: from the street's cached places, else the database (new regions). */
async function regionPlace(db: Executor, streetId: string, code: string): Promise<Place | null> {
  const cached = (await streetConfig(db, streetId)).places.get(code);
  if (cached) return cached;
  const r = await db
    .selectFrom('regions')
    .select(['code', 'level', 'path', 'parent_code', 'name'])
    .where('code', '=', code)
    .where('street_id', '=', streetId)
    .executeTakeFirst();
  if (!r || !['grid', 'community', 'street'].includes(r.level)) return null;
  return placeOfRegion(r);
}

/**
 * Where a case belongs: the grid its point falls in (the registry's point → grid), else the
 * grid or community named, else the reporter's own grid; a point outside every grid is refused.
 */
async function placeOf(
  db: Executor,
  streetId: string,
  s: Submitter,
  point: { lng: number; lat: number } | null,
  region: string | undefined,
): Promise<Place> {
  if (point) {
    const grid = (await gridIndexOf(db, streetId)).locate(point.lng, point.lat);
    if (grid) return (await regionPlace(db, streetId, grid)) as Place;
    if (!region)
      throw bad(
        'lng',
        '所选位置不在本街道的网格范围内，请重新选点',
        'The location is outside every grid of the street',
      );
  }
  if (region) {
    const place = await regionPlace(db, streetId, region);
    if (!place) throw bad('region', '所选网格或社区不在本街道', 'The grid or community is not in this street');
    return place;
  }
  if (s.kind === 'user') {
    const own = s.actor.assignments.find((a) => a.streetId === streetId && a.regionCode && a.regionCode.length >= 12);
    if (own?.regionCode) {
      const place = await regionPlace(db, streetId, own.regionCode);
      if (place) return place;
    }
  }
  if (s.kind !== 'user') {
    const street = await regionPlace(db, streetId, streetId);
    if (street) return street;
  }
  throw bad('lng', '请在地图上选择问题位置', 'Pick the location on the map (lng, lat)');
}

/**
 * Takes in a case from any channel: finds its category and place, records the source and the
 * reporter (phone sealed), attaches the photos, writes the timeline and audit, and tells the
 * dispatchers. A retried submission (same submitter and client request id) returns the first
 * case instead of making a second — also when the two arrive at the same moment (the unique
 * index decides; no read before the insert).
 */
export type Submitted = {
  row: CaseRow;
  created: boolean;
  /** The new case's first timeline entry and photos (not set for a retried submission). */
  fresh?: { events: Selectable<CaseEventsTable>[]; photos: string[]; duplicates: CaseDetail['duplicates'] };
};

export async function submitCase(o: SubmitOptions): Promise<Submitted> {
  const input = caseInput.parse(o.input);
  const now = o.now ?? new Date();
  const streetId = streetOf(o.submitter, input.street);
  const key = submitterKey(o.submitter);
  const existing = async () => {
    if (!input.clientRequestId) return undefined;
    const r = await o.db
      .selectFrom('cases')
      .select('id')
      .where('street_id', '=', streetId)
      .where('submitter_key', '=', key)
      .where('client_request_id', '=', input.clientRequestId)
      .executeTakeFirst();
    return r ? loadCase(o.db, r.id, streetId) : undefined;
  };
  if (o.submitter.kind === 'user' && !allowed(o.submitter.actor, 'cases.report', { streetId })) throw forbidden();
  const source = sourceOf(o.submitter, input.source);
  const config = await streetConfig(o.db, streetId);
  const cached = config.categories.get(input.category);
  const category =
    cached?.active === true
      ? cached
      : await o.db
          .selectFrom('case_categories')
          .select(['id', 'code', 'tier', 'name', 'active'])
          .where('street_id', '=', streetId)
          .where('code', '=', input.category)
          .where('active', '=', true)
          .executeTakeFirst();
  if (!category)
    throw bad('category', `问题类型「${input.category}」不存在或已停用`, `Unknown category ${input.category}`);
  const point =
    input.lng !== undefined && input.lat !== undefined
      ? { lng: input.lng, lat: input.lat }
      : await photoLocation(o.db, { streetId, ids: input.photos, uploader: key });
  const place = await placeOf(o.db, streetId, o.submitter, point, input.region);
  const phone = input.reporterPhone ? normalizeMobile(input.reporterPhone) : null;
  if (input.reporterPhone && !phone) throw bad('reporterPhone', '手机号码格式不正确', 'Not a mobile number');
  const phoneHash = phone ? lookupHash(o.keyring, phone) : null;
  let reporterId =
    o.submitter.kind === 'user' && !['hotline', 'walk_in'].includes(source) ? o.submitter.actor.userId : null;
  if (reporterId === null && phoneHash) {
    // a caller who also has a resident account follows the case on the phone pages
    const u = await o.db
      .selectFrom('users')
      .select('id')
      .where('phone_hash', '=', phoneHash)
      .where('kind', '=', 'resident')
      .executeTakeFirst();
    reporterId = u?.id ?? null;
  }
  const actorName =
    o.submitter.kind === 'user' ? o.submitter.actor.name : o.submitter.kind === 'api' ? 'Open311' : '设备告警';

  const photos = [...new Set(input.photos)];
  const values: NewCase = {
    street_id: streetId,
    source,
    category_id: category.id,
    tier: category.tier,
    title: input.title ?? firstWords(input.description),
    description: input.description,
    address: input.address ?? null,
    lng: point?.lng ?? null,
    lat: point?.lat ?? null,
    grid_code: place.gridCode,
    community_code: place.communityCode,
    region_path: place.path,
    submitter_key: key,
    client_request_id: input.clientRequestId ?? null,
    reporter_user_id: reporterId,
    reporter_name: input.reporterName ?? (o.submitter.kind === 'user' ? o.submitter.actor.name : null),
    reporter_phone_cipher: phone ? encrypt(o.keyring, phone) : null,
    reporter_phone_hash: phoneHash,
    anonymous: input.anonymous,
    created_at: now,
  };
  let written;
  try {
    written = await writeCase(o.db, {
      values,
      photos,
      event: {
        actorId: o.submitter.kind === 'user' ? o.submitter.actor.userId : null,
        actorName,
        detail: JSON.stringify({ source }),
      },
      noticeBody: `${category.name}：${firstWords(input.description)}`,
      near: duplicateBox(values, config.settings),
      audit: auditRow(o.audit, {
        action: 'cases.report',
        result: 'ok',
        objectType: 'case',
        streetId,
        detail: { source, category: input.category },
      }),
    });
  } catch (e) {
    // two submissions of one request at the same moment: the unique index decides
    if ((e as { code?: string }).code !== '23505') throw e;
  }
  if (!written) {
    // nothing written: a retried submission (the first case answers), or photos that cannot be used
    const winner = await existing();
    if (winner) return { row: winner, created: false };
    await attachablePhotos(o.db, { streetId, ids: photos, uploader: key });
    throw new Error('case not written although its photos can be attached');
  }
  const { row: inserted, eventId } = written;
  // onto the returned row, not `{ ...inserted, … }`: V8 adds properties after a spread of 50 slowly (30 µs, not 7)
  const row: CaseRow = Object.assign(inserted, {
    category_code: category.code,
    category_name: category.name,
    grid_name: place.gridCode ? place.name : null,
    agency_name: null,
    assist_ids: [],
    reporter_ids: reporterId !== null ? [reporterId] : [],
    reporter_account_phone: null, // read with the case's page; the intake's answer needs none
  });
  const event: Selectable<CaseEventsTable> = {
    street_id: streetId,
    case_id: inserted.id,
    id: eventId,
    at: now,
    actor_id: o.submitter.kind === 'user' ? o.submitter.actor.userId : null,
    actor_name: actorName,
    action: 'report',
    from_status: null,
    to_status: 'reported',
    note: null,
    photos,
    detail: { source },
  };
  const duplicates = duplicatesAmong(row, written.near, config.settings.duplicateRadiusM);
  return { row, created: true, fresh: { events: [event], photos, duplicates } };
}

function firstWords(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? text;
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}
