import {
  occupancies,
  occupancyNames,
  relations,
  residenceTypeNames,
  residenceTypes,
  residentTags,
  tagNames,
  type ResidentTag,
} from '../../../../contracts/registry.js';
import { checkDigit, halfWidthChars, normalizeMobile, parseResidentId, toHalfWidth } from '../../../core/pii/index.js';
import { headerOf, type ColumnKey, type RawRow } from './columns.js';

/** A place rows may name: the street's communities and grids, by name, sequence or code. */
export type Places = {
  communities: Map<string, { code: string; path: string }>;
  /** Per community code: grid key (name, short name, sequence, code) → grid. */
  grids: Map<string, Map<string, { code: string; path: string }>>;
  /** Region paths the importer may write to (empty: everywhere, for the CLI). */
  scopes: string[];
  /** Point → grid code (the street's grid index). */
  locate: (lng: number, lat: number) => string | null;
  /** Grid code → grid, for points. */
  gridByCode: Map<string, { code: string; path: string; communityCode: string; name: string }>;
};

export type RowProblem = { row: number; column: string; reason: string };

export type ValidRow = {
  row: number;
  communityCode: string;
  gridCode: string;
  gridPath: string;
  estate: string | null;
  building: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  unit: string;
  room: string;
  area: string | null;
  occupancy: (typeof occupancies)[number];
  household: string;
  relation: string | null;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  residenceType: (typeof residenceTypes)[number];
  tags: ResidentTag[];
};

const byZh = <T extends string>(names: Record<T, { zh: string }>) =>
  new Map(Object.entries(names).map(([k, v]) => [(v as { zh: string }).zh, k as T]));
const OCCUPANCY = byZh(occupancyNames);
const RESIDENCE = byZh(residenceTypeNames);
const TAG = new Map<string, ResidentTag>(residentTags.map((t) => [tagNames[t].zh, t]));

/** Trims, turns full-width letters and digits half-width, and collapses runs of spaces. */
export function tidy(value: string | undefined): string {
  if (!value) return '';
  return (FULL_WIDTH.test(value) ? halfWidthChars(value) : value).replace(SPACES, ' ').trim();
}
const FULL_WIDTH = /[\uFF01-\uFF5E]/;
const SPACES = /[\s\u3000]+/g;

/** A building's point from its 经度/纬度 cells: both or neither, within WGS-84 ranges. */
function coordinates(lng: string, lat: string, bad: (key: ColumnKey, reason: string) => void): [number, number] | null {
  if (!lng && !lat) return null;
  const x = Number(lng);
  const y = Number(lat);
  if (!lng || !lat) {
    bad(lng ? 'lat' : 'lng', '经度和纬度须同时填写');
    return null;
  }
  if (!Number.isFinite(x) || Math.abs(x) > 180) bad('lng', `经度“${lng}”无效`);
  else if (!Number.isFinite(y) || Math.abs(y) > 90) bad('lat', `纬度“${lat}”无效`);
  else return [x, y];
  return null;
}

/**
 * Checks and normalises one row. Returns the row ready to stage, or every problem it has (row
 * number, column header, reason in Chinese).
 */
export function validateRow(rowNo: number, raw: RawRow, places: Places): ValidRow | RowProblem[] {
  const problems: RowProblem[] = [];
  const bad = (key: ColumnKey, reason: string) => problems.push({ row: rowNo, column: headerOf(key), reason });
  const tidied: RawRow = {};
  const v = (key: ColumnKey) => (tidied[key] ??= tidy(raw[key]));
  for (const key of ['community', 'building', 'room', 'name', 'idNumber'] as const) {
    if (!v(key)) bad(key, '必填，不能为空');
  }
  const community = v('community') ? places.communities.get(v('community')) : undefined;
  if (v('community') && !community) bad('community', `本街道没有社区“${v('community')}”`);
  const point = coordinates(v('lng'), v('lat'), bad);
  let grid: { code: string; path: string } | undefined;
  if (community && v('grid')) {
    grid = places.grids.get(community.code)?.get(v('grid').replace(/\s/g, ''));
    if (!grid) bad('grid', `社区内没有网格“${v('grid')}”`);
  } else if (community && point) {
    const code = places.locate(point[0], point[1]);
    const found = code ? places.gridByCode.get(code) : undefined;
    if (!found) bad('grid', '经纬度不在任何网格内，请填写网格');
    else if (found.communityCode !== community.code) bad('grid', '经纬度落在其他社区的网格内，请核对');
    else grid = found;
  } else if (community) bad('grid', '必填（或填写楼栋经纬度）');
  if (grid && places.scopes.length > 0 && !places.scopes.some((s) => grid?.path.startsWith(s)))
    bad('grid', '该网格不在您的管辖范围内');
  const idText = toHalfWidth(v('idNumber')).toUpperCase();
  const id = idText && !idText.startsWith('#NUMBER:') ? parseResidentId(idText) : null;
  if (idText.startsWith('#NUMBER:')) {
    bad('idNumber', '身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写');
  } else if (idText && !id) {
    if (/^\d{17}[\dX]$/.test(idText) && checkDigit(idText.slice(0, 17)) !== idText[17])
      bad('idNumber', `身份证号校验位错误（应为 ${checkDigit(idText.slice(0, 17))}）`);
    else bad('idNumber', '身份证号格式或出生日期无效');
  }
  let phone: string | null = null;
  if (v('phone')) {
    phone = normalizeMobile(v('phone'));
    if (!phone) bad('phone', `手机号“${v('phone')}”格式不正确`);
  }
  let area: string | null = null;
  if (v('area')) {
    const text = toHalfWidth(v('area')).replace(/(㎡|m2|平方米|平米)$/i, '');
    const n = Number(text);
    if (!/^\d+(\.\d{1,2})?$/.test(text) || !(n > 0) || n >= 100_000)
      bad('area', `面积“${v('area')}”应为正数（最多两位小数）`);
    else area = text;
  }
  const occupancy = v('occupancy') ? OCCUPANCY.get(v('occupancy')) : 'owner';
  if (!occupancy) bad('occupancy', `房屋状态“${v('occupancy')}”应为 自住 / 出租 / 空置`);
  const residenceType = v('residenceType') ? RESIDENCE.get(v('residenceType')) : 'registered';
  if (!residenceType) bad('residenceType', `居住类型“${v('residenceType')}”应为 户籍 / 常住 / 流动`);
  const relation = v('relation') || null;
  if (relation && !(relations as readonly string[]).includes(relation))
    bad('relation', `与户主关系“${relation}”应为：${relations.join('、')}`);
  const tags: ResidentTag[] = [];
  for (const t of v('tags')
    .split(/[、,，;；\s]+/)
    .filter(Boolean)) {
    const tag = TAG.get(t);
    if (!tag) bad('tags', `未知标签“${t}”`);
    else if (!tags.includes(tag)) tags.push(tag);
  }
  for (const [key, max] of [
    ['name', 50],
    ['building', 60],
    ['estate', 100],
    ['address', 200],
    ['unit', 20],
    ['room', 20],
    ['household', 20],
  ] as const) {
    if (v(key).length > max) bad(key, `超过 ${max} 个字`);
  }
  if (problems.length > 0 || !community || !grid || !id || !occupancy || !residenceType) return problems;
  return {
    row: rowNo,
    communityCode: community.code,
    gridCode: grid.code,
    gridPath: grid.path,
    estate: v('estate') || null,
    building: v('building'),
    address: v('address') || null,
    lng: point?.[0] ?? null,
    lat: point?.[1] ?? null,
    unit: v('unit').replace(/单元$/, ''),
    room: v('room').replace(/室$/, ''),
    area,
    occupancy,
    household: v('household') || '1',
    relation,
    name: v('name').replace(/\s/g, ''),
    idNumber: id.number,
    sex: id.sex === 'male' ? 'M' : 'F',
    birthDate: id.birthDate,
    phone,
    residenceType,
    tags,
  };
}
