import type { HotlineKind } from '../../../../contracts/hotlines.js';
import type { Seed } from '../../../core/seed.js';

/** Numbers every community of the demo lists; the 0591 area code is Fuzhou's. */
const NUMBERS: readonly { name: string; phone: (k: number) => string; kind: HotlineKind; hours: string }[] = [
  {
    name: '社区服务站',
    phone: (k) => `0591-8755${String(1000 + k * 11).slice(-4)}`,
    kind: 'community',
    hours: '工作日 8:30–17:30',
  },
  {
    name: '物业服务中心',
    phone: (k) => `0591-8762${String(2000 + k * 13).slice(-4)}`,
    kind: 'property',
    hours: '24小时',
  },
  {
    name: '社区卫生服务站',
    phone: (k) => `0591-8733${String(3000 + k * 17).slice(-4)}`,
    kind: 'health',
    hours: '8:00–20:00',
  },
  { name: '社区民警', phone: (k) => `1380591${String(1000 + k * 19).slice(-4)}`, kind: 'police', hours: '工作日' },
  {
    name: '居家养老服务站',
    phone: (k) => `0591-8741${String(4000 + k * 23).slice(-4)}`,
    kind: 'elderly',
    hours: '8:00–18:00',
  },
  { name: '供电抢修', phone: () => '95598', kind: 'repair', hours: '24小时' },
  { name: '自来水抢修', phone: () => '0591-87550000', kind: 'repair', hours: '24小时' },
  { name: '燃气抢修', phone: () => '0591-87275555', kind: 'repair', hours: '24小时' },
  { name: '政务服务便民热线', phone: () => '12345', kind: 'other', hours: '24小时' },
];

/** Each community's service numbers. */
export const hotlinesSeed: Seed = {
  async load({ db, streetId }) {
    const communities = await db
      .selectFrom('regions')
      .select('code')
      .where('parent_code', '=', streetId)
      .where('level', '=', 'community')
      .orderBy('code')
      .execute();
    const rows = communities.flatMap((c, k) =>
      NUMBERS.map((n, i) => ({
        street_id: streetId,
        community_code: c.code,
        name: n.name,
        phone: n.phone(k),
        kind: n.kind,
        hours: n.hours,
        sort: (i + 1) * 10,
        removed_at: null,
      })),
    );
    if (rows.length) await db.insertInto('hotlines').values(rows).execute();
    return { hotlines: rows.length };
  },
};
