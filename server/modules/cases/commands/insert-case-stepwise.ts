import { sql, type Selectable } from 'kysely';
import type { Executor } from '../../../core/db.js';
import type { CasesTable } from '../tables.js';
import type { CaseToInsert, InsertedCase, IntakeNotice, NearCase } from './insert-case.js';

/**
 * insertCases as a few statements per street instead of one, for Citus (docs/ARCHITECTURE.md,
 * "From one machine to many"): Citus plans no statement that writes distributed, reference and
 * coordinator-local tables together, but each statement here names one street and so runs on that
 * street's shard alone (a router query). The same rules, in the same transaction: a photo goes to
 * the first case of the batch that names it, if it is the submitter's and on no case; a case whose
 * photos are not all its own is left out, as is a retried submission; then the timeline entry, the
 * dispatchers' digested notices, the audit rows and the duplicate candidates.
 */
export async function insertCasesStepwise(
  db: Executor,
  items: readonly CaseToInsert[],
  notice: IntakeNotice,
): Promise<(InsertedCase | undefined)[]> {
  if (!db.isTransaction) return db.transaction().execute((trx) => insertCasesStepwise(trx, items, notice));
  const out: (InsertedCase | undefined)[] = items.map(() => undefined);
  const streets = [...new Set(items.map((c) => c.values.street_id))].sort();
  for (const streetId of streets) {
    const ords = items.flatMap((c, i) => (c.values.street_id === streetId ? [i] : []));
    const written = await writeStreet(db, streetId, ords, items);
    await noticeDispatchers(db, streetId, written, items, notice);
    await auditCases(db, written, items);
    const near = await nearCases(db, streetId, written, items);
    for (const w of written) out[w.ord] = { row: w.row, eventId: w.eventId, near: near.get(w.ord) ?? [] };
  }
  return out;
}

type Written = { ord: number; row: Selectable<CasesTable>; eventId: number };

/** The street's cases whose photos are all theirs, with photos attached and the first timeline entry. */
async function writeStreet(db: Executor, streetId: string, ords: number[], items: readonly CaseToInsert[]) {
  const wanted = ords.flatMap((ord) => (items[ord]?.photos ?? []).map((id) => ({ ord, id })));
  const photos = wanted.length
    ? (
        await sql<{ id: string; uploaded_by: string; case_id: number | null }>`
          SELECT id, uploaded_by, case_id FROM case_photos
          WHERE street_id = ${streetId} AND id = ANY(${wanted.map((w) => w.id)}::uuid[])
          ORDER BY id FOR UPDATE`.execute(db)
      ).rows
    : [];
  const claimed = new Map<string, number>(); // photo → the first case of the batch that may take it
  for (const w of wanted) {
    const p = photos.find((x) => x.id === w.id);
    if (p && p.case_id === null && !claimed.has(w.id) && p.uploaded_by === items[w.ord]?.values.submitter_key)
      claimed.set(w.id, w.ord);
  }
  const ok = ords.filter((ord) => (items[ord]?.photos ?? []).every((id) => claimed.get(id) === ord));
  if (ok.length === 0) return [];
  const ids = (
    await sql<{ id: number }>`
      SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int8 AS id FROM generate_series(1, ${ok.length})`.execute(
      db,
    )
  ).rows.map((r) => Number(r.id));
  const v = <T>(pick: (c: CaseToInsert) => T) => ok.map((ord) => pick(items[ord] as CaseToInsert));
  const inserted = await sql<Selectable<CasesTable>>`
    INSERT INTO cases (id, street_id, source, category_id, tier, title, description, address, lng, lat, grid_code,
      community_code, region_path, submitter_key, client_request_id, reporter_user_id, reporter_name,
      reporter_phone_cipher, reporter_phone_hash, anonymous, status, created_at)
    OVERRIDING SYSTEM VALUE
    SELECT id, ${streetId}, source, category_id, tier, title, description, address, lng, lat, grid_code,
      community_code, region_path, submitter_key, client_request_id, reporter_user_id, reporter_name,
      reporter_phone_cipher, reporter_phone_hash, anonymous, 'reported', created_at
    FROM unnest(${ids}::int8[], ${v((c) => c.values.source)}::text[], ${v((c) => c.values.category_id)}::int8[],
      ${v((c) => c.values.tier)}::text[], ${v((c) => c.values.title)}::text[], ${v((c) => c.values.description)}::text[],
      ${v((c) => c.values.address)}::text[], ${v((c) => c.values.lng)}::float8[], ${v((c) => c.values.lat)}::float8[],
      ${v((c) => c.values.grid_code)}::text[], ${v((c) => c.values.community_code)}::text[],
      ${v((c) => c.values.region_path)}::text[], ${v((c) => c.values.submitter_key)}::text[],
      ${v((c) => c.values.client_request_id)}::text[], ${v((c) => c.values.reporter_user_id)}::int8[],
      ${v((c) => c.values.reporter_name)}::text[], ${v((c) => c.values.reporter_phone_cipher)}::text[],
      ${v((c) => c.values.reporter_phone_hash)}::text[], ${v((c) => c.values.anonymous)}::bool[],
      ${v((c) => c.values.created_at)}::timestamptz[])
      AS t(id, source, category_id, tier, title, description, address, lng, lat, grid_code, community_code,
        region_path, submitter_key, client_request_id, reporter_user_id, reporter_name, reporter_phone_cipher,
        reporter_phone_hash, anonymous, created_at)
    ON CONFLICT (street_id, submitter_key, client_request_id) WHERE client_request_id IS NOT NULL DO NOTHING
    RETURNING *`.execute(db);
  const rows = new Map(inserted.rows.map((r) => [Number(r.id), r]));
  const done = ok.flatMap((ord, i) => {
    const row = rows.get(ids[i] ?? 0);
    return row ? [{ ord, row }] : [];
  });
  if (done.length === 0) return [];
  const attach = [...claimed].flatMap(([photo, ord]) => {
    const d = done.find((x) => x.ord === ord);
    return d ? [{ photo, caseId: d.row.id }] : [];
  });
  if (attach.length)
    await sql`
      UPDATE case_photos cp SET case_id = a.case_id
      FROM unnest(${attach.map((a) => a.photo)}::uuid[], ${attach.map((a) => a.caseId)}::int8[]) AS a(id, case_id)
      WHERE cp.street_id = ${streetId} AND cp.id = a.id`.execute(db);
  const e = (pick: (c: CaseToInsert) => unknown) => done.map((d) => pick(items[d.ord] as CaseToInsert));
  const events = await sql<{ case_id: number; id: number }>`
    INSERT INTO case_events (street_id, case_id, actor_id, actor_name, action, to_status, photos, detail, at)
    SELECT ${streetId}, case_id, actor_id, actor_name, 'report', 'reported',
      ARRAY(SELECT jsonb_array_elements_text(photos::jsonb)), detail::jsonb, at
    FROM unnest(${done.map((d) => d.row.id)}::int8[], ${e((c) => c.event.actorId)}::int8[],
      ${e((c) => c.event.actorName)}::text[], ${e((c) => JSON.stringify(c.photos))}::text[],
      ${e((c) => c.event.detail)}::text[], ${e((c) => c.values.created_at)}::timestamptz[])
      AS t(case_id, actor_id, actor_name, photos, detail, at)
    RETURNING case_id, id`.execute(db);
  const eventOf = new Map(events.rows.map((r) => [Number(r.case_id), Number(r.id)]));
  return done.map((d): Written => ({ ...d, eventId: eventOf.get(Number(d.row.id)) ?? 0 }));
}

/** Each dispatcher covering a new case's place: one notice per person, counting the cases. */
async function noticeDispatchers(
  db: Executor,
  streetId: string,
  written: Written[],
  items: readonly CaseToInsert[],
  notice: IntakeNotice,
) {
  if (written.length === 0) return;
  const covering = await sql<{ user_id: number; path: string }>`
    SELECT DISTINCT ra.user_id, r.path
    FROM role_assignments ra JOIN regions r ON r.code = ra.region_code JOIN users u ON u.id = ra.user_id
    WHERE ra.role = ANY(${notice.roles}::text[]) AND NOT u.disabled
      AND EXISTS (SELECT 1 FROM unnest(${written.map((w) => w.row.region_path)}::text[]) p(path)
        WHERE left(p.path, length(r.path)) = r.path)`.execute(db);
  const perUser = new Map<number, { count: number; caseId: number; body: string }>();
  for (const w of written) {
    const id = Number(w.row.id);
    const users = new Set(covering.rows.filter((c) => w.row.region_path.startsWith(c.path)).map((c) => c.user_id));
    for (const u of users) {
      const n = perUser.get(u) ?? { count: 0, caseId: 0, body: '' };
      n.count++;
      if (id > n.caseId) Object.assign(n, { caseId: id, body: items[w.ord]?.noticeBody ?? '' });
      perUser.set(u, n);
    }
  }
  const users = [...perUser.keys()].sort((a, b) => a - b); // locked in one order: no deadlock
  if (users.length === 0) return;
  const n = users.map((u) => perUser.get(u) as { count: number; caseId: number; body: string });
  await sql`
    INSERT INTO notifications (street_id, user_id, kind, digest_key, case_id, link, title, body, count, updated_at)
    SELECT ${streetId}, user_id, ${notice.kind}::text, ${notice.digestKey}::text, case_id, '/cases/' || case_id,
      ${notice.title}::text, body, count, ${new Date()}::timestamptz
    FROM unnest(${users}::int8[], ${n.map((x) => x.caseId)}::int8[], ${n.map((x) => x.body)}::text[],
      ${n.map((x) => x.count)}::int[]) AS t(user_id, case_id, body, count)
    ON CONFLICT (street_id, user_id, digest_key) WHERE read_at IS NULL DO UPDATE
      SET count = notifications.count + excluded.count, title = excluded.title, body = excluded.body,
        case_id = excluded.case_id, link = excluded.link, updated_at = excluded.updated_at`.execute(db);
}

/** One audit row per case, in the transaction that wrote it. */
async function auditCases(db: Executor, written: Written[], items: readonly CaseToInsert[]) {
  if (written.length === 0) return;
  const a = (pick: (r: CaseToInsert['audit']) => unknown) =>
    written.map((w) => pick((items[w.ord] as CaseToInsert).audit));
  await sql`
    INSERT INTO audit_log (street_id, actor_id, actor_name, role, action, object_type, object_id, result, detail,
      ip, user_agent)
    SELECT street_id, actor_id, actor_name, role, action, 'case', object_id, 'ok', detail::jsonb, ip, user_agent
    FROM unnest(${written.map((w) => w.row.street_id)}::text[], ${a((r) => r.actor_id)}::int8[],
      ${a((r) => r.actor_name)}::text[], ${a((r) => r.role)}::text[], ${a((r) => r.action)}::text[],
      ${written.map((w) => String(w.row.id))}::text[], ${a((r) => r.detail)}::text[], ${a((r) => r.ip)}::text[],
      ${a((r) => r.user_agent)}::text[])
      AS t(street_id, actor_id, actor_name, role, action, object_id, detail, ip, user_agent)`.execute(db);
}

/** Open cases of the same category near each new one (earlier cases of the batch included, later ones not). */
async function nearCases(db: Executor, streetId: string, written: Written[], items: readonly CaseToInsert[]) {
  const withBox = written.filter((w) => items[w.ord]?.near.dLat != null && w.row.lat != null);
  const out = new Map<number, NearCase[]>();
  if (withBox.length === 0) return out;
  const f = (pick: (w: Written, c: CaseToInsert) => unknown) =>
    withBox.map((w) => pick(w, items[w.ord] as CaseToInsert));
  const batch = written.map((w) => w.row.id);
  const r = await sql<{ ord: number; id: number; title: string; lng: number; lat: number; created_at: Date }>`
    SELECT i.ord, n.id, n.title, n.lng, n.lat, n.created_at
    FROM unnest(${f((w) => w.ord)}::int[], ${f((w) => w.row.id)}::int8[], ${f((w) => w.row.category_id)}::int8[],
      ${f((w) => w.row.lat)}::float8[], ${f((w) => w.row.lng)}::float8[], ${f((_, c) => c.near.dLat)}::float8[],
      ${f((_, c) => c.near.dLng)}::float8[], ${f((_, c) => c.near.since)}::timestamptz[])
      AS i(ord, id, category_id, lat, lng, d_lat, d_lng, since)
    CROSS JOIN LATERAL (
      SELECT c.id, c.title, c.lng, c.lat, c.created_at FROM cases c
      WHERE c.street_id = ${streetId} AND c.category_id = i.category_id
        AND c.status IN ('reported', 'registered', 'dispatched', 'handling', 'parked', 'handled')
        AND c.lat BETWEEN i.lat - i.d_lat AND i.lat + i.d_lat AND c.lng BETWEEN i.lng - i.d_lng AND i.lng + i.d_lng
        AND (c.id < i.id OR NOT c.id = ANY(${batch}::int8[]))
        AND (c.created_at >= i.since OR c.id = ANY(${batch}::int8[]))
      LIMIT 50) n`.execute(db);
  for (const row of r.rows) {
    const list = out.get(row.ord) ?? [];
    list.push({
      id: Number(row.id),
      title: row.title,
      lng: row.lng,
      lat: row.lat,
      created_at: new Date(row.created_at),
    });
    out.set(row.ord, list);
  }
  return out;
}
