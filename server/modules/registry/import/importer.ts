import { sql } from 'kysely';
import { runsOnThisThread, type Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import type { ImportProblem } from '../tables.js';
import { MAX_PROBLEMS, type PreparedBatch } from './batch.js';
import type { PreparedSource } from './prepared-source.js';
import type { ValidRow } from './validate.js';
import { lookUpExisting, noCounts, writeBatch, type PlaceIds, type ReadyRow, type WriteCounts } from './write-batch.js';

const ANALYZED = ['buildings', 'houses', 'households'] as const;
type Analyzed = (typeof ANALYZED)[number];

export type ImporterOptions = {
  streetId: string;
  importId: number;
  actorId: number | null;
  /** Grid code → name, for the report. */
  gridNames: Map<string, string>;
  /** All or nothing: the first problem stops the writing (the caller rolls back). */
  allOrNothing: boolean;
  /** The import's transaction; null checks only (a dry run). */
  trx: Executor | null;
  /** Where the checks read when there is no transaction. */
  db: Executor;
  onProgress?: (rows: number) => void;
};

/** Rows one import may hold: a bigger file is refused (split it). */
export const MAX_ROWS = 1_000_000;
/** Rows with problems after which checking stops: the file is not the template, or wholly wrong. */
export const MAX_BAD_ROWS = 10_000;

const tooManyRows = () =>
  new AppError('validation', {
    zh: `文件超过 ${MAX_ROWS.toLocaleString('zh-CN')} 行，请拆分成多个文件分别导入，未写入任何数据`,
    en: `The file has more than ${MAX_ROWS} rows: split it into several files; nothing was written`,
  });
const tooManyProblems = () =>
  new AppError('validation', {
    zh: `有问题的行已超过 ${MAX_BAD_ROWS.toLocaleString('zh-CN')} 行，已停止检查，未写入任何数据。请确认使用的是下载的模板，修正后重新导入`,
    en: `More than ${MAX_BAD_ROWS} rows have problems: checking stopped and nothing was written. Use the downloaded template`,
  });

/**
 * Takes a file's prepared batches (checked, sealed, segmented: prepare.ts) and for each checks
 * its rows against the database (an ID registered to another name, a building in another grid)
 * and writes them in the import's transaction: one batch in the database while the next is read.
 */
export class Importer {
  readonly problems: ImportProblem[] = [];
  readonly badRows = new Set<number>();
  readonly counts: WriteCounts = noCounts();
  total = 0;
  private readonly ids: PlaceIds = { estates: new Map(), buildings: new Map() };
  /** Buildings this import has met: their grid, and whether they existed before it. */
  private readonly buildings = new Map<string, { gridCode: string | null; before: boolean }>();

  /** Per table the next level's foreign keys point to: its rows before the import, and those its statistics know of. */
  private stats: { before: Record<Analyzed, number>; known: Record<Analyzed, number> } | null = null;

  constructor(private readonly o: ImporterOptions) {}

  /**
   * Fresh statistics for a table once the import has doubled it. PostgreSQL plans a foreign-key
   * check once per connection; planned while the referenced table is a page or two it becomes a
   * sequential scan, and every later row then reads the whole of what the import wrote (it made
   * 2,500-row batches eight times slower). ANALYZE in the import's transaction sees its own rows
   * and makes the cached plans be made again.
   */
  private async analyzeGrown(trx: Executor): Promise<void> {
    if (!this.stats) {
      const r = await sql<{ relname: Analyzed; n: number }>`
        SELECT relname, greatest(reltuples, 0)::int8 AS n FROM pg_class
        WHERE relname IN ('buildings', 'houses', 'households') AND relkind = 'r'`.execute(trx);
      const before = { buildings: 0, houses: 0, households: 0 };
      for (const t of r.rows) before[t.relname] = t.n;
      this.stats = { before, known: { ...before } };
    }
    const written = {
      buildings: this.counts.buildingsNew,
      houses: this.counts.housesNew,
      households: this.counts.householdsNew,
    };
    for (const t of ANALYZED) {
      const rows = this.stats.before[t] + written[t];
      if (written[t] >= 1_000 && rows > 2 * this.stats.known[t]) {
        // through the owner's function: the server's role does not own the tables
        await sql`SELECT linli_analyze(${t})`.execute(trx);
        this.stats.known[t] = rows;
      }
    }
  }

  /** Whether rows are still written (a dry run or a rejected all-or-nothing import only checks). */
  get writing(): boolean {
    return this.o.trx !== null && !(this.o.allOrNothing && this.badRows.size > 0);
  }

  private note(problems: ImportProblem[], rows: number[]): void {
    for (const p of problems) if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    for (const r of rows) this.badRows.add(r);
  }

  /** Checks and writes every batch of the source; resolves when the last has landed. */
  async run(source: PreparedSource): Promise<void> {
    let inFlight: Promise<void> = Promise.resolve();
    try {
      for await (const batch of source) {
        await inFlight;
        if (batch.total > MAX_ROWS) throw tooManyRows();
        if (this.badRows.size >= MAX_BAD_ROWS) throw tooManyProblems();
        inFlight = this.process(batch, source);
        inFlight.catch(() => undefined); // awaited on the next turn or below
        // PGlite runs on this thread: let the server answer other requests between batches
        if (runsOnThisThread(this.o.db)) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      // let the batch in flight land (or fail) before the caller commits or rolls back
      await inFlight.catch(() => undefined);
      await source.close();
    }
    await inFlight;
  }

  private async process(batch: PreparedBatch, source: PreparedSource): Promise<void> {
    const wasWriting = this.writing;
    this.total = batch.total;
    this.note(batch.problems, batch.badRows);
    const { rows } = batch;
    if (rows.length > 0) {
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
          this.note(
            [{ row: r.row, column: '身份证号', reason: '该身份证号已登记在另一姓名下，请核对姓名或身份证号' }],
            [r.row],
          );
        } else if (building?.before && building.gridCode !== null && building.gridCode !== r.gridCode) {
          const grid = o.gridNames.get(building.gridCode) ?? building.gridCode;
          this.note([{ row: r.row, column: '网格', reason: `该楼栋已属于“${grid}”` }], [r.row]);
        } else keep.push(r);
      }
      if (this.writing && o.trx) {
        await writeBatch(o.trx, o, keep, existing, this.ids, this.counts);
        await this.analyzeGrown(o.trx);
      }
    }
    if (wasWriting && !this.writing) source.checkOnly();
    this.o.onProgress?.(batch.total);
  }
}
