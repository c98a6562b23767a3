import type { Executor } from '../../../core/db.js';
import { encrypt, lookupHash, type Keyring } from '../../../core/pii/index.js';
import { searchDocument } from '../../../core/text-search.js';
import type { ImportProblem } from '../tables.js';
import type { Places, ValidRow } from './validate.js';
import {
  buildingKey,
  lookUpExisting,
  noCounts,
  writeBatch,
  type PlaceIds,
  type ReadyRow,
  type WriteCounts,
} from './write-batch.js';

/** Problems kept for the report; beyond that only the count. */
export const MAX_PROBLEMS = 10_000;
/** Rows checked and written together: one statement per table per batch. */
const BATCH = 5_000;

/**
 * An ID number as a safe integer (region, birth date, sequence, old or new form; the check digit
 * follows from the rest): a million of them in a Map take a third of the memory strings would.
 */
function idKey(number: string, birthDate: string): number {
  const day = (+birthDate.slice(0, 4) - 1800) * 372 + (+birthDate.slice(5, 7) - 1) * 31 + +birthDate.slice(8, 10) - 1;
  const old = number.length === 15;
  const seq = +(old ? number.slice(12, 15) : number.slice(14, 17));
  return ((+number.slice(0, 6) * 120_000 + day) * 1000 + seq) * 2 + (old ? 1 : 0);
}

export type ImporterOptions = {
  keyring: Keyring;
  streetId: string;
  importId: number;
  actorId: number | null;
  places: Places;
  /** All or nothing: the first problem stops the writing (the caller rolls back). */
  allOrNothing: boolean;
  /** The import's transaction; null checks only (a dry run). */
  trx: Executor | null;
  /** Where the checks read when there is no transaction. */
  db: Executor;
  onProgress?: (rows: number) => void;
};

/**
 * Takes a file's checked rows one by one: refuses duplicate IDs, seals ID and phone, segments the
 * search words, and every BATCH rows checks them against the database (an ID registered to
 * another name, a building in another grid) and writes them in the import's transaction, one
 * batch in the database while the next is read and sealed.
 */
export class Importer {
  readonly problems: ImportProblem[] = [];
  readonly badRows = new Set<number>();
  readonly counts: WriteCounts = noCounts();
  total = 0;
  private batch: ReadyRow[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private readonly seen = new Map<number, number>();
  private readonly ids: PlaceIds = { estates: new Map(), buildings: new Map() };
  /** Buildings this import has met: their grid, and whether they existed before it. */
  private readonly buildings = new Map<string, { gridCode: string | null; before: boolean }>();
  private readonly placeWords = new Map<string, string>();

  constructor(private readonly o: ImporterOptions) {}

  /** Whether rows are still written (a dry run or a rejected all-or-nothing import only checks). */
  get writing(): boolean {
    return this.o.trx !== null && !(this.o.allOrNothing && this.badRows.size > 0);
  }

  note(problems: ImportProblem[]): void {
    for (const p of problems) {
      this.badRows.add(p.row);
      if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    }
  }

  /** One row of the file: its problems, or the row checked. True when a batch is ready to `flush`. */
  add(checked: ValidRow | ImportProblem[], rowNo: number): boolean {
    this.total++;
    if (Array.isArray(checked)) {
      this.note(checked);
      return false;
    }
    const key = idKey(checked.idNumber, checked.birthDate);
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.note([{ row: rowNo, column: '身份证号', reason: `与第 ${first} 行的身份证号重复` }]);
      return false;
    }
    this.seen.set(key, rowNo);
    const k = this.o.keyring;
    // the checked row itself becomes the row to write (a copy of 25 fields per row costs more than its sealing)
    const r = checked as ReadyRow;
    r.place = buildingKey(checked);
    r.idHash = lookupHash(k, checked.idNumber);
    r.sealed = this.writing
      ? {
          idCipher: encrypt(k, checked.idNumber),
          phoneCipher: checked.phone ? encrypt(k, checked.phone) : null,
          phoneHash: checked.phone ? lookupHash(k, checked.phone) : null,
          search: `${searchDocument([checked.name])} ${this.wordsOfPlace(checked)}`,
        }
      : null;
    this.batch.push(r);
    return this.batch.length >= BATCH;
  }

  /** Sends the rows read so far; resolves once the previous batch has landed. */
  async flush(): Promise<void> {
    const rows = this.batch;
    const upTo = this.total;
    this.batch = [];
    await this.inFlight;
    this.inFlight = this.process(rows).then(() => this.o.onProgress?.(upTo));
    this.inFlight.catch(() => undefined); // awaited by the next flush or by done()
  }

  /** Waits for the last batch. */
  async done(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  /** Lets the batch in flight settle (after an error, before the caller rolls back). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  /** The search words of a row's place: the same for every resident of a building, so computed once. */
  private wordsOfPlace(r: ValidRow): string {
    const key = `${r.estate ?? ''}|${r.building}|${r.address ?? ''}`;
    let words = this.placeWords.get(key);
    if (words === undefined) {
      if (this.placeWords.size > 50_000) this.placeWords.clear();
      words = searchDocument([r.estate, r.building, r.address]);
      this.placeWords.set(key, words);
    }
    return words;
  }

  private async process(rows: ReadyRow[]): Promise<void> {
    if (rows.length === 0) return;
    const o = this.o;
    const fresh = new Map<string, ValidRow>();
    for (const r of rows) if (!this.buildings.has(r.place)) fresh.set(r.place, r);
    const existing = await lookUpExisting(o.trx ?? o.db, o.streetId, rows, [...fresh.values()]);
    for (const [key, r] of fresh) {
      const b = existing.buildings.get(key);
      this.buildings.set(key, b ? { gridCode: b.gridCode, before: true } : { gridCode: r.gridCode, before: false });
    }
    const keep: ReadyRow[] = [];
    for (const r of rows) {
      const resident = existing.residents.get(r.idHash);
      const building = this.buildings.get(r.place);
      if (resident && resident.name !== r.name) {
        this.note([{ row: r.row, column: '身份证号', reason: '该身份证号已登记在另一姓名下，请核对姓名或身份证号' }]);
      } else if (building?.before && building.gridCode !== null && building.gridCode !== r.gridCode) {
        const grid = o.places.gridByCode.get(building.gridCode)?.name ?? building.gridCode;
        this.note([{ row: r.row, column: '网格', reason: `该楼栋已属于“${grid}”` }]);
      } else keep.push(r);
    }
    if (this.writing && o.trx) await writeBatch(o.trx, o, keep, existing, this.ids, this.counts);
  }
}
