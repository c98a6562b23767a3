import type { UnitKind } from '../../../../contracts/party-units.js';
import type { Db } from '../../../core/db.js';
import { encrypt, lookupHash, type Keyring } from '../../../core/pii/index.js';
import { upsertAgency } from '../../org/index.js';
import { localDate } from '../../cases/index.js';
import { quarterOf } from '../unit-queries.js';

/** The street's co-building units (about 30 with those cases are dispatched to), as in seeds/001's 大党委. */
export const UNITS: readonly [string, UnitKind][] = [
  ['鼓楼区市场监督管理局鼓东所', 'organ'],
  ['鼓楼区住房和城乡建设局', 'organ'],
  ['鼓楼区税务局第一税务所', 'organ'],
  ['鼓东派出所', 'organ'],
  ['鼓楼区司法局鼓东司法所', 'organ'],
  ['鼓楼区图书馆', 'institution'],
  ['鼓楼区疾病预防控制中心', 'institution'],
  ['鼓东街道社区卫生服务中心', 'hospital'],
  ['福州市第一医院', 'hospital'],
  ['鼓楼区第一中心小学', 'school'],
  ['福州第三中学', 'school'],
  ['鼓楼区实验幼儿园', 'school'],
  ['国网福州供电公司鼓楼供电服务中心', 'state_enterprise'],
  ['福州市自来水有限公司鼓楼营业所', 'state_enterprise'],
  ['中国银行福州鼓东支行', 'state_enterprise'],
  ['中国移动福州鼓楼分公司', 'state_enterprise'],
  ['福州水务集团排水公司', 'state_enterprise'],
  ['福建某某律师事务所', 'private_enterprise'],
  ['东街口商圈商户联合会', 'private_enterprise'],
  ['鼓东某某科技有限公司', 'private_enterprise'],
  ['永辉超市鼓东店', 'private_enterprise'],
  ['华林物业服务有限公司', 'property'],
  ['庆城物业管理有限公司', 'property'],
  ['鼓楼区社会工作服务中心', 'social_org'],
  ['鼓东街道志愿者协会', 'social_org'],
  ['鼓楼区老年协会鼓东分会', 'social_org'],
];
const SURNAMES = '陈林黄张吴王郑刘李杨';
const GIVEN = ['建华', '丽萍', '志强', '秀英', '海峰', '晓燕', '国庆', '美玲', '文杰', '春梅'];
const CRITERIA_WORDS = ['协议履行到位，活动积极', '资源开放及时', '诉求响应略慢，需加强', '按期落实联席会议决议'];

/**
 * The street's co-building units: the units cases already go to get their party details, ~25 more
 * join (kind, a contact with a sealed phone, their own branch). Returns the number of units.
 */
export async function seedUnits(db: Db, keyring: Keyring, streetId: string, random: () => number) {
  for (const [name, kind] of UNITS)
    await upsertAgency(db, {
      streetId,
      name,
      kind:
        kind === 'property' ? 'property_company' : kind === 'social_org' ? 'social_organization' : 'co_building_unit',
    });
  const all = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'kind'])
    .where('street_id', '=', streetId)
    .orderBy('id')
    .execute();
  for (const [i, a] of all.entries()) {
    const listed = UNITS.find(([n]) => n === a.name)?.[1];
    const kind: UnitKind =
      listed ??
      (a.kind === 'property_company' ? 'property' : a.kind === 'social_organization' ? 'social_org' : 'organ');
    const phone = `139${String(50_000_000 + i * 7919).padStart(8, '0')}`;
    await db
      .insertInto('party_units')
      .values({
        street_id: streetId,
        agency_id: a.id,
        unit_kind: kind,
        contact_name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 3) % GIVEN.length]}`,
        contact_phone_cipher: encrypt(keyring, phone),
        contact_phone_hash: lookupHash(keyring, phone),
        party_branch: `${a.name.replace(/有限公司|服务中心$/, '')}党支部`.slice(0, 60),
        party_members: 3 + Math.floor(random() * 40),
      })
      .execute();
  }
  return all.length;
}

/**
 * The community's reverse evaluations: every unit it has an agreement with scored for each past
 * quarter of the year, and about half already for this quarter.
 */
export async function seedReviews(db: Db, streetId: string, community: string, random: () => number) {
  const today = localDate(new Date());
  const year = today.slice(0, 4);
  const now = quarterOf(today);
  const quarters = ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => `${year}-${q}`).filter((q) => q <= now);
  const partners = await db
    .selectFrom('party_agreements')
    .select('agency_id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .execute();
  let n = 0;
  for (const q of quarters)
    for (const [i, p] of partners.entries()) {
      if (q === now && i % 2 === 1) continue;
      const strength = 0.55 + random() * 0.45;
      await db
        .insertInto('party_unit_reviews')
        .values({
          street_id: streetId,
          community_code: community,
          agency_id: p.agency_id,
          quarter: q,
          fulfilment: Math.round(40 * strength),
          participation: Math.round(30 * Math.min(1, strength + (random() - 0.5) * 0.2)),
          response: Math.round(30 * Math.min(1, strength + (random() - 0.5) * 0.2)),
          comment: CRITERIA_WORDS[(i + n) % CRITERIA_WORDS.length] as string,
          reviewed_by: null,
        })
        .execute();
      n++;
    }
  // two open resolutions put out to the community's members (the demo member may claim them)
  const open = await db
    .selectFrom('party_resolutions as r')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
    )
    .select('r.id')
    .where('r.street_id', '=', streetId)
    .where('m.community_code', '=', community)
    .where('r.done_on', 'is', null)
    .orderBy('r.due_on', 'desc')
    .limit(2)
    .execute();
  if (open.length > 0)
    await db
      .updateTable('party_resolutions')
      .set({ for_members: true })
      .where('street_id', '=', streetId)
      .where(
        'id',
        'in',
        open.map((r) => r.id),
      )
      .execute();
  return n;
}
