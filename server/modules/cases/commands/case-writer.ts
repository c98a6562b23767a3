import type { Executor } from '../../../core/db.js';
import { insertCases, type CaseToInsert, type InsertedCase, type IntakeNotice } from './insert-case.js';

type Waiting = {
  item: CaseToInsert;
  resolve: (r: InsertedCase | undefined) => void;
  reject: (e: unknown) => void;
};

/** Cases per statement at most, and statements in flight at once (the rest wait and gather). */
const MAX_BATCH = 64;
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for intake: submissions that arrive while earlier ones are being written wait and
 * are then written together by one statement, so that a busy street pays one round trip, one
 * plan and one commit for many cases instead of one each. Nobody waits for a timer: a lone
 * submission is written at once. When a batch fails as a whole (a constraint of one case), each
 * of its cases is written again on its own, so one bad case fails alone.
 */
class CaseWriter {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Executor,
    private readonly notice: IntakeNotice,
  ) {}

  write(item: CaseToInsert): Promise<InsertedCase | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async flush(batch: Waiting[]): Promise<void> {
    try {
      const results = await insertCases(
        this.db,
        batch.map((w) => w.item),
        this.notice,
      );
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      await Promise.all(batch.map((w) => this.flush([w])));
    }
  }
}

const writers = new WeakMap<object, Map<string, CaseWriter>>();

/**
 * Writes one new case, batched with the others being submitted at the same moment on the same
 * database. Inside a transaction the case is written at once, in that transaction.
 */
export function writeCase(
  db: Executor,
  item: CaseToInsert,
  notice: IntakeNotice,
): Promise<InsertedCase | undefined> {
  if (db.isTransaction) return insertCases(db, [item], notice).then((r) => r[0]);
  let byNotice = writers.get(db);
  if (!byNotice) writers.set(db, (byNotice = new Map()));
  const key = JSON.stringify(notice);
  let writer = byNotice.get(key);
  if (!writer) byNotice.set(key, (writer = new CaseWriter(db, notice)));
  return writer.write(item);
}
