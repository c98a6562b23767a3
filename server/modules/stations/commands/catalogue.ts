import ExcelJS from 'exceljs';
import { z } from 'zod';
import { channelNames, channels, serviceItemInput } from '../../../../contracts/stations.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Trx } from '../../../core/db.js';
import { AppError, invalid } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { street } from './stations.js';

/** The catalogue workbook's columns, in order (the export writes the same, so an export can be edited and re-imported). */
export const CATALOGUE_COLUMNS = [
  '服务类别',
  '编码',
  '服务事项',
  '服务对象',
  '所需材料',
  '办理方式',
  '办理时限',
  '收费',
] as const;
const CHANNEL_OF = new Map(channels.map((c) => [channelNames[c].zh, c]));
type Item = z.output<typeof serviceItemInput>;

async function scopeOf(trx: Trx, streetId: string, community: string | null) {
  const p = await placeOf(trx, community ?? streetId);
  if (p.streetId !== streetId && p.code !== streetId)
    throw invalid('community', '社区不在本街道', 'Not in this street');
  return { regionPath: p.regionPath, streetId };
}

async function write(trx: Trx, streetId: string, i: Item) {
  const row = await trx
    .insertInto('service_items')
    .values({
      street_id: streetId,
      category_id: i.categoryId,
      community_code: i.community,
      code: i.code,
      name: i.name,
      who: i.who,
      materials: i.materials,
      channels: i.channels,
      time_limit: i.timeLimit,
      fee: i.fee,
    })
    .onConflict((oc) =>
      oc.columns(['street_id', 'community_key', 'code']).doUpdateSet({
        category_id: i.categoryId,
        name: i.name,
        who: i.who,
        materials: i.materials,
        channels: i.channels,
        time_limit: i.timeLimit,
        fee: i.fee,
        active: true,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** 服务事项: adds or replaces (by code) an item of the street's catalogue, or a community's own version of it. */
export const saveItem = command({
  action: 'stations.manage',
  input: serviceItemInput.extend({ street }),
  async run({ trx, actor: who, input: i, audit }) {
    const actor = requireActor(who);
    authorize(actor, 'stations.manage', await scopeOf(trx, i.street, i.community));
    const cat = await trx
      .selectFrom('service_categories')
      .select('id')
      .where('street_id', '=', i.street)
      .where('id', '=', i.categoryId)
      .executeTakeFirst();
    if (!cat) throw invalid('categoryId', '请选择服务类别', 'Pick a category');
    const id = await write(trx, i.street, i);
    await audit({ streetId: i.street, objectType: 'service_item', objectId: id, detail: { code: i.code } });
    return { id };
  },
});

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return String(v).trim();
};

/**
 * 导入服务清单 (XLSX, the columns of CATALOGUE_COLUMNS): every row checked first and every fault listed by row and
 * column in words; nothing is written unless all rows are right. Categories are created by name; items replace those
 * with the same code.
 */
export const importCatalogue = command({
  action: 'stations.manage',
  input: z.object({
    street,
    community: z
      .string()
      .regex(/^\d{12}$/)
      .nullable()
      .default(null),
    file: z.instanceof(Buffer),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    authorize(actor, 'stations.manage', await scopeOf(trx, input.street, input.community));
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(input.file as unknown as ArrayBuffer);
    } catch {
      throw invalid('file', '文件不是有效的 Excel（.xlsx）表格', 'Not an .xlsx workbook');
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw invalid('file', '表格是空的', 'The workbook is empty');
    const header = CATALOGUE_COLUMNS.map((_, c) => cellText(sheet.getRow(1).getCell(c + 1).value));
    const missing = CATALOGUE_COLUMNS.filter((h, c) => header[c] !== h);
    if (missing.length) throw invalid('file', `第1行须依次为：${CATALOGUE_COLUMNS.join('、')}`, 'Wrong header row');
    const faults: string[] = [];
    const rows: { category: string; item: Omit<Item, 'categoryId'> }[] = [];
    const seen = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const [category, code, name, whom, materials, ways, limit, fee] = CATALOGUE_COLUMNS.map((_, c) =>
        cellText(row.getCell(c + 1).value),
      );
      if (!category && !code && !name) return;
      const chans = (ways ?? '').split(/[、,，\s]+/).filter(Boolean);
      const parsed = serviceItemInput.omit({ categoryId: true }).safeParse({
        community: input.community,
        code,
        name,
        who: whom,
        materials: (materials ?? '')
          .split(/[、;；\n]+/)
          .map((m) => m.trim())
          .filter(Boolean),
        channels: chans.map((c) => CHANNEL_OF.get(c) ?? c),
        timeLimit: limit,
        fee: fee || '免费',
      });
      if (!category) faults.push(`第${n}行：缺少服务类别`);
      if (!parsed.success) {
        const cols = new Set(
          parsed.error.issues.map(
            (i) =>
              ({
                code: '编码',
                name: '服务事项',
                who: '服务对象',
                materials: '所需材料',
                channels: '办理方式',
                timeLimit: '办理时限',
                fee: '收费',
              })[String(i.path[0]) as 'code'] ?? String(i.path[0]),
          ),
        );
        faults.push(
          `第${n}行：${[...cols].join('、')}填写有误${cols.has('办理方式') ? '（办理方式填 网上办、窗口办 或 代办）' : ''}`,
        );
      } else if (seen.has(parsed.data.code)) faults.push(`第${n}行：编码 ${parsed.data.code} 重复`);
      else {
        seen.add(parsed.data.code);
        rows.push({ category: category ?? '', item: parsed.data });
      }
    });
    if (faults.length)
      throw new AppError(
        'validation',
        {
          zh: `导入未进行，请修改后重新导入：${faults.slice(0, 20).join('；')}`,
          en: `Nothing imported: ${faults.length} faulty rows`,
        },
        { issues: faults.map((f) => ({ path: 'file', message: { zh: f, en: f } })) },
      );
    if (!rows.length) throw invalid('file', '表格中没有服务事项', 'No items in the workbook');
    const cats = new Map<string, number>();
    for (const name of new Set(rows.map((r) => r.category))) {
      const c = await trx
        .insertInto('service_categories')
        .values({ street_id: input.street, name })
        .onConflict((oc) => oc.columns(['street_id', 'name']).doUpdateSet({ name }))
        .returning('id')
        .executeTakeFirstOrThrow();
      cats.set(name, c.id);
    }
    for (const r of rows) await write(trx, input.street, { ...r.item, categoryId: cats.get(r.category) ?? 0 });
    await audit({ streetId: input.street, objectType: 'service_catalogue', detail: { items: rows.length } });
    return { items: rows.length, categories: cats.size };
  },
});
