import { Batcher, batcherPer } from '../../../core/batcher.js';
import { runsOnThisThread, type Executor } from '../../../core/db.js';
import { digestKeyOf } from '../notifications.js';
import { DISPATCHERS } from '../timers.js';
import { onCitus } from '../../../core/placement.js';
import { insertCases, type CaseToInsert, type InsertedCase, type IntakeNotice } from './insert-case.js';
import { insertCasesStepwise } from './insert-case-stepwise.js';

/** One statement for the batch; on Citus a few per street, each on the street's shard. */
const insert = (db: Executor, items: readonly CaseToInsert[], notice: IntakeNotice) =>
  onCitus(db) ? insertCasesStepwise(db, items, notice) : insertCases(db, items, notice);

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
      run: (items) => insert(db, items, INTAKE_NOTICE),
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
  if (db.isTransaction) return (await insert(db, [item], INTAKE_NOTICE))[0];
  return writerOf(db).add(item);
}
