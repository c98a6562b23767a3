import { sql, type Selectable } from 'kysely';
import type { Role } from '../../../core/access.js';
import type { auditRow } from '../../../core/audit.js';
import type { Executor } from '../../../core/db.js';
import { executePrepared } from '../../../core/prepared.js';
import type { CasesTable } from '../tables.js';

/** The new case's own values (everything else takes the column default). */
export type NewCase = Pick<
  Selectable<CasesTable>,
  | 'street_id'
  | 'source'
  | 'category_id'
  | 'tier'
  | 'title'
  | 'description'
  | 'address'
  | 'lng'
  | 'lat'
  | 'grid_code'
  | 'community_code'
  | 'region_path'
  | 'submitter_key'
  | 'client_request_id'
  | 'reporter_user_id'
  | 'reporter_name'
  | 'reporter_phone_cipher'
  | 'reporter_phone_hash'
  | 'anonymous'
  | 'created_at'
>;

/** One case to write, with what is written beside it. */
export type CaseToInsert = {
  values: NewCase;
  /** Photo ids (distinct), uploaded by the submitter and not yet on a case. */
  photos: readonly string[];
  event: { actorId: number | null; actorName: string; detail: string };
  /** The text of the notice to the dispatchers covering the case's place. */
  noticeBody: string;
  audit: ReturnType<typeof auditRow>;
  /** Where to look for duplicates: half the box's height and width in degrees, and since when. */
  near: { dLat: number | null; dLng: number | null; since: Date };
};

/** Who hears of a new case, and how (the same for every intake). */
export type IntakeNotice = { roles: readonly Role[]; kind: string; digestKey: string; title: string };

/** An open case near a new one (a duplicate candidate), as the statement returns it. */
type NearRow = { id: number; title: string; lng: number; lat: number; created_at: string };
export type NearCase = Omit<NearRow, 'created_at'> & { created_at: Date };

export type InsertedCase = { row: Selectable<CasesTable>; eventId: number; near: NearCase[] };

const column = <T>(items: readonly CaseToInsert[], pick: (c: CaseToInsert) => T) => items.map(pick);

/**
 * Writes new cases in one statement — one round trip, one plan (prepared once per connection),
 * one commit for all of them — each with its photos attached, its first timeline entry and its
 * audit row, and the dispatchers' notices digested per person. A case is left out (undefined in
 * its place) when its client request id was seen before or a photo is not the submitter's or is
 * already on a case (also when two cases of the batch name the same photo: the first keeps it);
 * the caller tells which. Everything written commits together or not at all.
 */
export async function insertCases(
  db: Executor,
  items: readonly CaseToInsert[],
  notice: IntakeNotice,
): Promise<(InsertedCase | undefined)[]> {
  const v = (pick: (c: NewCase) => unknown) => column(items, (c) => pick(c.values));
  const a = (pick: (c: ReturnType<typeof auditRow>) => unknown) => column(items, (c) => pick(c.audit));
  const photoOrd = items.flatMap((c, i) => c.photos.map(() => i));
  const photoIds = items.flatMap((c) => c.photos);
  const photoStreets = items.flatMap((c) => (c.photos.length ? [c.values.street_id] : []));
  const query = sql<Selectable<CasesTable> & { ord: number; event_id: number; near: NearRow[] }>`
    WITH input AS MATERIALIZED (
      SELECT * FROM unnest(
        ${items.map((_, i) => i)}::int[], ${v((c) => c.street_id)}::text[], ${v((c) => c.source)}::text[],
        ${v((c) => c.category_id)}::bigint[], ${v((c) => c.tier)}::text[], ${v((c) => c.title)}::text[],
        ${v((c) => c.description)}::text[], ${v((c) => c.address)}::text[], ${v((c) => c.lng)}::float8[],
        ${v((c) => c.lat)}::float8[], ${v((c) => c.grid_code)}::text[], ${v((c) => c.community_code)}::text[],
        ${v((c) => c.region_path)}::text[], ${v((c) => c.submitter_key)}::text[],
        ${v((c) => c.client_request_id)}::text[], ${v((c) => c.reporter_user_id)}::bigint[],
        ${v((c) => c.reporter_name)}::text[], ${v((c) => c.reporter_phone_cipher)}::text[],
        ${v((c) => c.reporter_phone_hash)}::text[], ${v((c) => c.anonymous)}::boolean[],
        ${v((c) => c.created_at)}::timestamptz[], ${column(items, (c) => c.photos.length)}::int[],
        ${column(items, (c) => JSON.stringify(c.photos))}::text[], ${column(items, (c) => c.event.actorId)}::bigint[],
        ${column(items, (c) => c.event.actorName)}::text[], ${column(items, (c) => c.event.detail)}::text[],
        ${column(items, (c) => c.noticeBody)}::text[], ${a((r) => r.actor_id)}::bigint[],
        ${a((r) => r.actor_name)}::text[], ${a((r) => r.role)}::text[], ${a((r) => r.action)}::text[],
        ${a((r) => r.detail)}::text[], ${a((r) => r.ip)}::text[], ${a((r) => r.user_agent)}::text[],
        ${column(items, (c) => c.near.dLat)}::float8[], ${column(items, (c) => c.near.dLng)}::float8[],
        ${column(items, (c) => c.near.since)}::timestamptz[]
      ) AS t(ord, street_id, source, category_id, tier, title, description, address, lng, lat, grid_code,
        community_code, region_path, submitter_key, client_request_id, reporter_user_id, reporter_name,
        reporter_phone_cipher, reporter_phone_hash, anonymous, created_at, n_photos, photos, actor_id, actor_name,
        event_detail, notice_body, audit_actor_id, audit_actor_name, audit_role, audit_action, audit_detail, ip,
        user_agent, d_lat, d_lng, near_since)
    ), locked AS (
      -- by primary key only: whether a photo is free is checked below, so that no plan walks the
      -- index of unattached photos (which grows with uploads not yet reported)
      SELECT cp.id, cp.street_id, cp.uploaded_by, cp.case_id FROM case_photos cp
      WHERE cp.street_id = ANY(${[...new Set(photoStreets)]}::text[]) AND cp.id = ANY(${photoIds}::uuid[])
      FOR UPDATE
    ), photos AS MATERIALIZED (
      SELECT DISTINCT ON (l.id) p.ord, l.id
      FROM unnest(${photoOrd}::int[], ${photoIds}::uuid[]) AS p(ord, id)
      JOIN locked l ON l.id = p.id
      JOIN input i ON i.ord = p.ord AND i.street_id = l.street_id AND i.submitter_key = l.uploaded_by
      WHERE l.case_id IS NULL
      ORDER BY l.id, p.ord
    ), ok AS MATERIALIZED (
      SELECT i.*, nextval(pg_get_serial_sequence('cases', 'id')) AS id
      FROM input i
      WHERE i.n_photos = (SELECT count(*) FROM photos p WHERE p.ord = i.ord)
    ), ins AS (
      INSERT INTO cases (id, street_id, source, category_id, tier, title, description, address, lng, lat, grid_code,
        community_code, region_path, submitter_key, client_request_id, reporter_user_id, reporter_name,
        reporter_phone_cipher, reporter_phone_hash, anonymous, status, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT id, street_id, source, category_id, tier, title, description, address, lng, lat, grid_code,
        community_code, region_path, submitter_key, client_request_id, reporter_user_id, reporter_name,
        reporter_phone_cipher, reporter_phone_hash, anonymous, 'reported', created_at
      FROM ok ORDER BY ord
      ON CONFLICT (street_id, submitter_key, client_request_id) WHERE client_request_id IS NOT NULL DO NOTHING
      RETURNING *
    ), done AS MATERIALIZED (
      SELECT ins.id, ins.street_id, ins.region_path, ins.created_at, ok.ord, ok.photos, ok.actor_id, ok.actor_name,
        ok.event_detail, ok.notice_body, ok.audit_actor_id, ok.audit_actor_name, ok.audit_role, ok.audit_action,
        ok.audit_detail, ok.ip, ok.user_agent, ok.d_lat, ok.d_lng, ok.near_since
      FROM ins JOIN ok ON ok.id = ins.id
    ), attached AS (
      UPDATE case_photos cp SET case_id = done.id
      FROM done JOIN photos p ON p.ord = done.ord
      WHERE cp.street_id = done.street_id AND cp.id = p.id
    ), event AS (
      INSERT INTO case_events (street_id, case_id, actor_id, actor_name, action, to_status, photos, detail, at)
      SELECT street_id, id, actor_id, actor_name, 'report', 'reported',
        ARRAY(SELECT jsonb_array_elements_text(photos::jsonb)), event_detail::jsonb, created_at
      FROM done
      RETURNING case_id, id
    ), covered AS (
      SELECT DISTINCT ra.user_id, done.id, done.street_id, done.notice_body
      FROM done, role_assignments ra
      JOIN regions r ON r.code = ra.region_code
      JOIN users u ON u.id = ra.user_id
      WHERE ra.role = ANY(${notice.roles}::text[]) AND left(done.region_path, length(r.path)) = r.path
        AND NOT u.disabled
    ), noticed AS (
      -- the inbox's notify (module inbox), written here in the intake's one statement: see ARCHITECTURE.md
      INSERT INTO notifications (street_id, user_id, kind, digest_key, case_id, link, title, body, count, updated_at)
      SELECT street_id, user_id, ${notice.kind}::text, ${notice.digestKey}::text,
        max(id), '/cases/' || max(id), ${notice.title}::text, (array_agg(notice_body ORDER BY id DESC))[1], count(*),
        ${new Date()}::timestamptz
      FROM covered
      GROUP BY street_id, user_id
      -- rows locked in one order, so that two batches writing at once wait for each other, never deadlock
      ORDER BY street_id, user_id
      ON CONFLICT (street_id, user_id, digest_key) WHERE read_at IS NULL DO UPDATE
        SET count = notifications.count + excluded.count, title = excluded.title, body = excluded.body,
          case_id = excluded.case_id, link = excluded.link, updated_at = excluded.updated_at
    ), audited AS (
      INSERT INTO audit_log (street_id, actor_id, actor_name, role, action, object_type, object_id, result, detail,
        ip, user_agent)
      SELECT street_id, audit_actor_id, audit_actor_name, audit_role, audit_action, 'case', id::text, 'ok',
        audit_detail::jsonb, ip, user_agent
      FROM done
    )
    SELECT ins.*, done.ord, event.id AS event_id, (
      -- open cases of the same category nearby (a box around the point; the caller measures the distance):
      -- those in the table, and those written earlier in this batch (which the table does not show yet)
      SELECT coalesce(json_agg(n), '[]') FROM (
        (SELECT c.id, c.title, c.lng, c.lat, c.created_at FROM cases c
         WHERE c.street_id = ins.street_id AND c.category_id = ins.category_id
           AND c.status IN ('reported', 'registered', 'dispatched', 'handling', 'parked', 'handled')
           AND c.lat BETWEEN ins.lat - done.d_lat AND ins.lat + done.d_lat
           AND c.lng BETWEEN ins.lng - done.d_lng AND ins.lng + done.d_lng
           -- IS TRUE: not a condition an index can take, so the plan keeps to the nearby index
           AND (c.created_at >= done.near_since) IS TRUE
         LIMIT 50)
        UNION ALL
        SELECT o.id, o.title, o.lng, o.lat, o.created_at FROM ins o
        WHERE o.id < ins.id AND o.street_id = ins.street_id AND o.category_id = ins.category_id
          AND o.lat BETWEEN ins.lat - done.d_lat AND ins.lat + done.d_lat
          AND o.lng BETWEEN ins.lng - done.d_lng AND ins.lng + done.d_lng
      ) n
    ) AS near
    FROM ins JOIN done ON done.id = ins.id JOIN event ON event.case_id = ins.id`;
  const result = await executePrepared(db, query.compile(db));
  const out: (InsertedCase | undefined)[] = items.map(() => undefined);
  for (const { ord, event_id, near, ...row } of result.rows)
    out[ord] = { row, eventId: event_id, near: near.map((n) => ({ ...n, created_at: new Date(n.created_at) })) };
  return out;
}
