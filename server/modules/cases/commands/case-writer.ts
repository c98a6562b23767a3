import { Batcher, batcherPer } from '../../../core/batcher.js';
import { runsOnThisThread, type Executor } from '../../../core/db.js';
import { digestKeyOf } from '../notifications.js';
import { DISPATCHERS } from '../timers.js';
import { insertCases, type CaseToInsert, type InsertedCase, type IntakeNotice } from './insert-case.js';

/** A new case is told to the grid's dispatchers, gathered per person while unread. */
const INTAKE_NOTICE: IntakeNotice = {
  roles: DISPATCHERS.grid,
  kind: 'reported',
  digestKey: digestKeyOf({ kind: 'reported', streetId: '', caseId: 0, title: '', body: '' }),
  title: '新上报案件，请及时立案',
};

const writerOf = batcherPer(
  (db: Executor) =>
    new Batcher<CaseToInsert, InsertedCase | undefined>({
      run: (items) => insertCases(db, items, INTAKE_NOTICE),
      maxInFlight: 1,
      gather: runsOnThisThread(db),
    }),
);

/**
 * Writes one new case (see insertCases), batched with the others being submitted at the same
 * moment on the same database: a busy street pays one round trip and one commit for many cases.
 * Inside a transaction the case is written at once, in that transaction.
 */
export async function writeCase(db: Executor, item: CaseToInsert): Promise<InsertedCase | undefined> {
  if (db.isTransaction) return (await insertCases(db, [item], INTAKE_NOTICE))[0];
  return writerOf(db).add(item);
}
