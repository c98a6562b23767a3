import type { RawBuilder } from 'kysely';
import type { Action } from './authorize.js';
import type { Executor } from './db.js';
import type { Text } from './i18n.js';

/**
 * A figure the command centre reads (manifest slot `stats`): what it counts, said so that a
 * street's secretary would agree with it, where the rule comes from, and who may read it (the
 * action's scopes decide where). `compute` counts under one place of the tree (a region path).
 */
export type Stat = {
  /** `<module>.<figure>`. */
  key: string;
  name: Text;
  /** How it is counted, and its source (docs/RULES.md, docs/DOMAIN.md). */
  definition: Text;
  unit: Text;
  /** Who may read it: the figure is computed only inside the places this action is allowed in. */
  action: Action;
  compute: (db: Executor, regionPath: string) => Promise<number>;
};

/** A stat's definition as the API lists it. */
export type StatValue = Omit<Stat, 'compute' | 'action'> & { value: number };

/** The number a `SELECT count(*) AS n …` statement answers (PostgreSQL's bigint count comes as text). */
export async function countOf(db: Executor, query: RawBuilder<{ n: string | number }>): Promise<number> {
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}
