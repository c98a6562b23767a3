import type { ImportProblem } from '../tables.js';
import type { ReadyRow } from './write-batch.js';

/** Problems kept for the report; beyond that only the count. */
export const MAX_PROBLEMS = 10_000;

/** Rows of the file ready to check against the database, the problems found in them, rows read so far. */
export type PreparedBatch = { rows: ReadyRow[]; problems: ImportProblem[]; badRows: number[]; total: number };
