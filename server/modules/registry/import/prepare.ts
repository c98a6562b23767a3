import { AppError } from '../../../core/errors.js';
import { encrypt, lookupHash, type Keyring } from '../../../core/pii/index.js';
import { searchDocument } from '../../../core/text-search.js';
import type { ImportProblem } from '../tables.js';
import { COLUMNS, type ColumnKey, type RawRow } from './columns.js';
import { MAX_PROBLEMS, type PreparedBatch } from './batch.js';
import { readRows } from './reader.js';
import { sniffKind } from './sniff.js';
import { tidy, validateRow, type Places, type ValidRow } from './validate.js';
import { buildingKey, type ReadyRow } from './write-batch.js';

/** Rows checked and written together: one statement per table per batch. */
const BATCH = 2_500;

/** Whether to seal: false once the import only checks (a dry run, or all-or-nothing with a bad row). */
export type SealSwitch = { seal: boolean };

/** Maps the header row to column keys; refuses a file whose required headers are missing. */
function headerMap(values: string[]): Map<ColumnKey, number> {
  const at = new Map<ColumnKey, number>();
  const cells = values.map((v) => tidy(v).replace(/\s/g, ''));
  for (const c of COLUMNS) {
    const i = cells.indexOf(c.header.replace(/\s/g, ''));
    if (i >= 0) at.set(c.key, i);
  }
  const missing = COLUMNS.filter((c) => c.required && !at.has(c.key)).map((c) => c.header);
  if (missing.length > 0) {
    throw new AppError('validation', {
      zh: `表头不符合模板：缺少列 ${missing.join('、')}。请下载模板，第一行保留模板表头`,
      en: `The header row does not match the template: missing ${missing.join(', ')}`,
    });
  }
  return at;
}

/**
 * An ID number as a safe integer (region, birth date, sequence, old or new form; the check digit
 * follows from the rest), for FirstRows.
 */
function idKey(number: string, birthDate: string): number {
  const day = (+birthDate.slice(0, 4) - 1800) * 372 + (+birthDate.slice(5, 7) - 1) * 31 + +birthDate.slice(8, 10) - 1;
  const old = number.length === 15;
  const seq = +(old ? number.slice(12, 15) : number.slice(14, 17));
  return ((+number.slice(0, 6) * 120_000 + day) * 1000 + seq) * 2 + (old ? 1 : 0);
}

/**
 * The row where each ID number was first seen: an open-addressing hash table over typed arrays
 * (12 bytes a slot) instead of a Map (about 80 bytes an entry with boxed keys), since a
 * million-row file keeps a million of them.
 */
class FirstRows {
  private keys = new Float64Array(1 << 16);
  private rows = new Int32Array(1 << 16);
  private size = 0;

  /** The row `key` was first seen on, or undefined (and `row` is remembered for it). */
  seen(key: number, row: number): number | undefined {
    const k = key + 1; // 0 marks an empty slot
    const mask = this.keys.length - 1;
    let i = Math.imul((k % 0x7fffffff) | 0, 0x9e3779b1) & mask;
    for (;;) {
      const at = this.keys[i];
      if (at === 0) break;
      if (at === k) return this.rows[i];
      i = (i + 1) & mask;
    }
    this.keys[i] = k;
    this.rows[i] = row;
    if (++this.size * 2 > this.keys.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const { keys, rows } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.rows = new Int32Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? 0;
      if (k !== 0) this.seen(k - 1, rows[i] ?? 0);
    }
  }
}

/**
 * Reads a file and turns its rows into batches ready to write: every row checked (validateRow),
 * duplicate IDs within the file refused, the ID and phone sealed, the search words segmented. All
 * CPU, no database: it runs on the import's thread for small files and in a worker for large ones.
 */
export async function* prepareRows(o: {
  file: string;
  places: Places;
  keyring: Keyring;
  allOrNothing: boolean;
  switch: SealSwitch;
}): AsyncGenerator<PreparedBatch> {
  const kind = await sniffKind(o.file);
  const seen = new FirstRows();
  const placeWords = new Map<string, string>();
  const wordsOfPlace = (r: ValidRow) => {
    const key = `${r.estate ?? ''}|${r.building}|${r.address ?? ''}`;
    let words = placeWords.get(key);
    if (words === undefined) {
      if (placeWords.size > 50_000) placeWords.clear();
      words = searchDocument([r.estate, r.building, r.address]);
      placeWords.set(key, words);
    }
    return words;
  };
  let header: Map<ColumnKey, number> | null = null;
  let total = 0;
  let batch: PreparedBatch = { rows: [], problems: [], badRows: [], total: 0 };
  let problems = 0;
  const note = (p: ImportProblem[]) => {
    for (const x of p) if (problems++ < MAX_PROBLEMS) batch.problems.push(x);
    const row = p[0]?.row;
    if (row !== undefined) batch.badRows.push(row);
    if (o.allOrNothing) o.switch.seal = false;
  };
  const k = o.keyring;
  for await (const { row, values } of readRows(o.file, kind)) {
    if (!header) {
      header = headerMap(values);
      continue;
    }
    total++;
    const raw: RawRow = {};
    for (const [key, i] of header) raw[key] = values[i] ?? '';
    const checked = validateRow(row, raw, o.places);
    if (Array.isArray(checked)) {
      note(checked);
      if (batch.badRows.length >= BATCH) {
        // a file of bad rows is handed on too, so that the importer can stop it early
        batch.total = total;
        yield batch;
        batch = { rows: [], problems: [], badRows: [], total: 0 };
      }
      continue;
    }
    const first = seen.seen(idKey(checked.idNumber, checked.birthDate), row);
    if (first !== undefined) {
      note([{ row, column: '身份证号', reason: `与第 ${first} 行的身份证号重复` }]);
      continue;
    }
    // the checked row itself becomes the row to write (a copy of 25 fields per row costs more than its sealing)
    const { idNumber, phone } = checked;
    const r = checked as unknown as ReadyRow;
    r.place = buildingKey(checked);
    r.idHash = lookupHash(k, idNumber);
    r.sealed = o.switch.seal
      ? {
          idCipher: encrypt(k, idNumber),
          phoneCipher: phone ? encrypt(k, phone) : null,
          phoneHash: phone ? lookupHash(k, phone) : null,
          search: `${searchDocument([checked.name])} ${wordsOfPlace(checked)}`,
        }
      : null;
    r.idNumber = '';
    r.phone = null;
    batch.rows.push(r);
    if (batch.rows.length >= BATCH) {
      batch.total = total;
      yield batch;
      batch = { rows: [], problems: [], badRows: [], total: 0 };
    }
  }
  if (!header) throw new AppError('validation', { zh: '文件是空的：没有表头和数据行', en: 'The file is empty' });
  if (total === 0)
    throw new AppError('validation', { zh: '文件只有表头，没有数据行', en: 'The file has no data rows' });
  batch.total = total;
  yield batch;
}
