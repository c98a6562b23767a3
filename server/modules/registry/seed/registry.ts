import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../../core/db.js';
import { checkDigit, type Keyring } from '../../../core/pii/index.js';
import { bboxOf, covers, type GeoJsonGeometry } from '../../org/index.js';
import { COLUMNS as IMPORT_COLUMNS } from '../import/columns.js';
import { createImport, runImport } from '../import/run.js';
import { prng } from '../../../core/prng.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE } from '../../../core/demo.js';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪辛柯庄',
];
const GIVEN_M = [...'伟强磊军勇杰涛明超刚平辉建国华志文斌鹏飞宇浩俊峰晨阳东海波林宏亮健民生福荣德源宁睿泽'];
const GIVEN_F = [...'芳娜敏静丽艳娟霞秀英玲燕红梅兰琴云莉婷雪慧佳欣怡颖琳萍洁倩丹蓉凤珍月桂淑华'];
const ESTATES = [
  '庆城',
  '鼓东',
  '东街',
  '南营',
  '冶山',
  '华林',
  '树兜',
  '湖东',
  '温泉',
  '五一',
  '三牧',
  '道山',
  '乌山',
];
const ESTATE_SUFFIX = ['小区', '花园', '新村', '公寓', '苑', '大院'];
const STREETS = ['鼓东路', '东街', '华林路', '五四路', '湖东路', '庆城路', '井大路', '冶山路', '北大路'];

export type DemoRegistryOptions = {
  db: Db;
  keyring: Keyring;
  streetId: string;
  communities: { code: string; name: string; grids: GeoJsonGeometry[] }[];
  /** Households per grid: [min, max] (the sizing rule's 300–500 by default). */
  householdsPerGrid?: [number, number];
  onProgress?: (step: string) => void;
};

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A point inside a grid (rejection sampling in its box), for a building. */
function pointIn(g: GeoJsonGeometry, rnd: () => number): [number, number] {
  const [x0, y0, x1, y1] = bboxOf(g);
  for (let i = 0; i < 200; i++) {
    const x = x0 + (x1 - x0) * (0.05 + 0.9 * rnd());
    const y = y0 + (y1 - y0) * (0.05 + 0.9 * rnd());
    if (covers(g, x, y)) return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
  }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

/**
 * Writes the demo street's registry as a CSV in the import template's format and imports it
 * through the real import: buildings with points in their grids, houses with areas, households of
 * 1–5 people with realistic Chinese names, valid ID numbers, phones, and tags in realistic shares.
 * The same seed gives the same street on the same day (ID numbers are drawn relative to today).
 */
export async function loadDemoRegistry(o: DemoRegistryOptions): Promise<{ households: number; residents: number }> {
  const rnd = prng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const [minHh, maxHh] = o.householdsPerGrid ?? [320, 480];
  const lines: string[] = [IMPORT_COLUMNS.map((c) => c.header).join(',')];
  let households = 0;
  let residents = 0;

  const idNumber = (age: number, sex: 'M' | 'F') => {
    for (;;) {
      // born `age` years and up to a year before today: never in the future
      const born = new Date(Date.now() - (age * 365.25 + 1 + rnd() * 360) * 86_400_000);
      const y = born.getFullYear();
      const m = born.getMonth() + 1;
      const d = born.getDate();
      let seq = Math.floor(rnd() * 500) * 2 + (sex === 'M' ? 1 : 0);
      seq = seq % 1000;
      const first17 = `350102${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      const id = first17 + checkDigit(first17);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const phone = () => {
    for (;;) {
      const p = `1${pick(['38', '39', '50', '58', '59', '86', '87', '88', '35', '36', '37'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
      if (p !== DEMO_RESIDENT_PHONE && !usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const name = (surname: string, sex: 'M' | 'F') => {
    const chars = sex === 'M' ? GIVEN_M : GIVEN_F;
    return surname + pick(chars) + (rnd() < 0.7 ? pick(chars) : '');
  };

  for (const community of o.communities) {
    o.onProgress?.(`生成居民 / generating residents: ${community.name}`);
    // an estate's name once per community: two grids drawing the same one would share its buildings
    // (the import keys a building by community, estate and name), emptying one grid into the other
    const estates = new Set<string>();
    for (const [gi, grid] of community.grids.entries()) {
      const target = minHh + Math.floor(rnd() * (maxHh - minHh + 1));
      let estate = `${pick(ESTATES)}${pick(ESTATE_SUFFIX)}`;
      while (estates.has(estate)) estate = `${pick(ESTATES)}${pick(ESTATE_SUFFIX)}`;
      estates.add(estate);
      const road = pick(STREETS);
      let made = 0;
      let b = 0;
      while (made < target) {
        b++;
        const floors = rnd() < 0.6 ? 6 + Math.floor(rnd() * 3) : 11 + Math.floor(rnd() * 8);
        const units = floors > 9 ? 1 + Math.floor(rnd() * 2) : 2 + Math.floor(rnd() * 2);
        const perFloor = floors > 9 ? 4 : 2;
        const [lng, lat] = pointIn(grid, rnd);
        const buildingName = `${b}号楼`;
        const address = `${road}${100 + gi * 20 + b}号`;
        let leaderPlaced = false;
        for (let u = 1; u <= units && made < target; u++) {
          for (let f = 1; f <= floors && made < target; f++) {
            for (let r = 1; r <= perFloor && made < target; r++) {
              const room = `${f}${String(r).padStart(2, '0')}`;
              // the demo resident's account (13800000001) heads the first household of 庆城社区第1网格
              const demoHome = community.code === DEMO_COMMUNITY && gi === 0 && made === 0;
              const occupancy = rnd() < 0.8 ? '自住' : '出租';
              const area = (55 + rnd() * 85).toFixed(2);
              const floating = occupancy === '出租' && rnd() < 0.6;
              const surname = pick(SURNAMES);
              const headAge = 28 + Math.floor(rnd() * 55);
              const members: { relation: string; age: number; sex: 'M' | 'F'; surname: string }[] = [];
              const headSex: 'M' | 'F' = rnd() < 0.6 ? 'M' : 'F';
              members.push({ relation: '户主', age: headAge, sex: headSex, surname });
              const alone = headAge >= 65 && rnd() < 0.3;
              if (!alone && rnd() < 0.78)
                members.push({
                  relation: '配偶',
                  age: Math.max(22, headAge - 3 + Math.floor(rnd() * 6)),
                  sex: headSex === 'M' ? 'F' : 'M',
                  surname: pick(SURNAMES),
                });
              if (!alone && headAge < 60) {
                const kids = Math.floor(rnd() * 2.6);
                for (let k = 0; k < kids; k++)
                  members.push({
                    relation: '子女',
                    age: Math.max(0, headAge - 24 - Math.floor(rnd() * 10)),
                    sex: rnd() < 0.5 ? 'M' : 'F',
                    surname,
                  });
              }
              if (!alone && headAge < 50 && rnd() < 0.2)
                members.push({
                  relation: '父母',
                  age: headAge + 25 + Math.floor(rnd() * 6),
                  sex: 'F',
                  surname: pick(SURNAMES),
                });
              const elderlyOnly = members.every((m) => m.age >= 60);
              for (const m of members) {
                const tags: string[] = [];
                if (m.age >= 18 && rnd() < 0.09) tags.push('党员', m.age >= 60 ? '退休党员' : '在职党员');
                if (m.age >= 16 && rnd() < 0.06) tags.push('志愿者');
                if (m.relation === '户主' && !leaderPlaced && m.age >= 35) {
                  tags.push('楼栋长');
                  leaderPlaced = true;
                }
                if (m.age >= 65 && members.length === 1) tags.push('独居老人');
                else if (m.age >= 60 && elderlyOnly) tags.push('空巢老人');
                if (rnd() < 0.015) tags.push('低保');
                if (rnd() < 0.02) tags.push('残疾');
                if (m.age >= 50 && rnd() < 0.006) tags.push('优抚对象');
                if (m.age < 16 && rnd() < 0.02) tags.push('留守儿童');
                if (m.age >= 35 && rnd() < 0.002) tags.push('两代表一委员');
                // drawn in this order for everyone, the demo resident too: the demo stays the same
                const fullName = name(m.surname, m.sex);
                const id = idNumber(m.age, m.sex);
                const own = m.age >= 16 ? phone() : '';
                const row = {
                  community: community.name,
                  grid: `第${gi + 1}网格`,
                  estate,
                  building: buildingName,
                  address,
                  lng,
                  lat,
                  unit: String(u),
                  room,
                  area,
                  occupancy,
                  household: '1',
                  relation: m.relation,
                  name: fullName,
                  idNumber: id,
                  phone: demoHome && m.relation === '户主' ? DEMO_RESIDENT_PHONE : own,
                  residenceType: floating ? '流动' : rnd() < 0.85 ? '户籍' : '常住',
                  tags: tags.join('、'),
                } as Record<string, string | number>;
                lines.push(IMPORT_COLUMNS.map((c) => csvCell(row[c.key] ?? null)).join(','));
                residents++;
              }
              made++;
              households++;
            }
          }
        }
      }
    }
  }
  if (residents === 0) return { households, residents };
  const file = path.join(os.tmpdir(), `linli-demo-registry-${process.pid}-${Date.now()}.csv`);
  fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  try {
    o.onProgress?.(
      `导入 ${households} 户、${residents} 位居民 / importing ${households} households, ${residents} residents`,
    );
    const importId = await createImport(o.db, {
      streetId: o.streetId,
      userId: null,
      fileName: 'demo.csv',
      mode: 'all',
      dryRun: false,
    });
    const r = await runImport({
      db: o.db,
      keyring: o.keyring,
      streetId: o.streetId,
      importId,
      file,
      mode: 'all',
      dryRun: false,
      scopes: [],
      actorId: null,
      audit: { actorName: 'demo' },
    });
    if (r.status !== 'done')
      throw new Error(`demo registry import ${r.status}: ${r.message ?? ''} ${JSON.stringify(r.problems.slice(0, 5))}`);
    // what the import wrote (rows of one room land in one household), not what was generated
    return { households: r.summary?.householdsNew ?? households, residents: r.summary?.residentsNew ?? residents };
  } finally {
    fs.rmSync(file, { force: true });
  }
}
