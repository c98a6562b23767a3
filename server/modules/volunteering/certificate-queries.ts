import type { Executor } from '../../core/db.js';
import type { CertificatesTable } from './tables.js';

type Row = Omit<CertificatesTable, 'id' | 'issued_at' | 'content'> & {
  id: number;
  issued_at: Date;
  content: { date: string; title: string; hours: number }[];
};
export type CertificateView = ReturnType<typeof view>;

const ymd = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : ymd(d));

function view(r: Row) {
  return {
    id: r.id,
    certNo: r.cert_no,
    holderName: r.holder_name,
    idType: r.id_type,
    idMasked: r.id_masked,
    volunteerNo: r.volunteer_no,
    issuer: r.issuer,
    principal: r.principal,
    handler: r.handler,
    contact: r.contact,
    periodFrom: day(r.period_from),
    periodTo: day(r.period_to),
    hours: Number(r.hours),
    content: typeof r.content === 'string' ? (JSON.parse(r.content) as Row['content']) : r.content,
    issuedAt: r.issued_at.toISOString(),
    issuedOn: ymd(r.issued_at),
    revoked: r.revoked_at !== null,
    community: r.community_code,
    streetId: r.street_id,
  };
}

/** One certificate as issued (the staff's view: personal data masked as on the paper). */
export async function certificateOf(db: Executor, streetId: string, id: number) {
  const r = await db
    .selectFrom('certificates')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? view(r as Row) : null;
}

/** A community's certificates, newest first. */
export async function certificatesOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('certificates')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .orderBy('issued_at', 'desc')
    .limit(300)
    .execute();
  return rows.map((r) => view(r as Row));
}

/**
 * The public check: genuine when the number and its code match. It says who issued it, when, the period and the
 * hours — what the holder's paper says — and nothing about the holder.
 */
export async function checkCertificate(db: Executor, certNo: string, code: string) {
  const street = /^ZYZM-(\d{9})-\d{4}-\d{6}$/.exec(certNo)?.[1];
  const none = {
    genuine: false,
    certNo,
    issuer: null,
    issuedOn: null,
    hours: null,
    periodFrom: null,
    periodTo: null,
    revoked: false,
  };
  if (!street) return none;
  const r = await db
    .selectFrom('certificates')
    .selectAll()
    .where('street_id', '=', street)
    .where('cert_no', '=', certNo)
    .where('verify_code', '=', code)
    .executeTakeFirst();
  if (!r) return none;
  const v = view(r as Row);
  return {
    genuine: !v.revoked,
    certNo: v.certNo,
    issuer: v.issuer,
    issuedOn: v.issuedOn,
    hours: v.hours,
    periodFrom: v.periodFrom,
    periodTo: v.periodTo,
    revoked: v.revoked,
  };
}

/** The verification page's address printed on the paper (and in its QR). */
export const verifyUrlOf = (origin: string, c: { certNo: string }, code: string) =>
  `${origin}/m/verify/${encodeURIComponent(c.certNo)}?c=${encodeURIComponent(code)}`;

export async function verifyCodeOf(db: Executor, streetId: string, id: number) {
  const r = await db
    .selectFrom('certificates')
    .select('verify_code')
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return r.verify_code;
}

/** The signed-in volunteer's own certificates (each community that recorded hours may have issued one). */
export async function certificatesOfUser(db: Executor, streetIds: readonly string[], userId: number) {
  const rows = await db
    .selectFrom('certificates as c')
    .innerJoin('volunteers as v', (j) =>
      j.onRef('v.street_id', '=', 'c.street_id').onRef('v.id', '=', 'c.volunteer_id'),
    )
    .selectAll('c')
    .where('c.street_id', 'in', [...streetIds, ''])
    .where('v.user_id', '=', userId)
    .orderBy('c.issued_at', 'desc')
    .execute();
  return rows.map((r) => view(r as Row));
}

/** The account of the volunteer a certificate is about (who may print it besides the issuer). */
export function holderOfCertificate(db: Executor, streetId: string, id: number) {
  return db
    .selectFrom('certificates as c')
    .innerJoin('volunteers as v', (j) =>
      j.onRef('v.street_id', '=', 'c.street_id').onRef('v.id', '=', 'c.volunteer_id'),
    )
    .select('v.user_id')
    .where('c.street_id', '=', streetId)
    .where('c.id', '=', id)
    .executeTakeFirstOrThrow();
}
