import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, PostgresPool, PostgresPoolClient, QueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Hot statements run as named prepared statements on a plan made once per connection. Only
 * texts registered through `executePrepared` are named, so the set stays small and fixed: a
 * statement whose text varies with its values (IN lists) must not be registered.
 *
 * Naming alone is not enough: left to itself (`plan_cache_mode = auto`) PostgreSQL plans a
 * statement anew on every call for its parameter values whenever that "custom" plan looks
 * cheaper than the generic one — and a statement over arrays of a small batch always does
 * (the planner sizes `unnest` of a known array by its length, of an unknown one as 10 rows).
 * Measured on the intake statement: 1.4 ms of planning (bind) for 1.3 ms of running on
 * PostgreSQL, 2.3 ms of 4.5 on PGlite. So registered statements run with
 * `plan_cache_mode = force_generic_plan`, and only they: ad-hoc queries keep PostgreSQL's own
 * choice, so that their parameter values still shape their plans (partial indexes, LIKE
 * prefixes, skewed values). Registered texts are written for a generic plan: conditions a
 * partial index must match are literals, not parameters.
 */
const names = new Map<string, string>();
const MAX_NAMED = 200;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `linli_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** Runs a compiled query as a named prepared statement (see above). Its text must not depend on the values. */
export async function executePrepared<R>(
  db: Pick<Kysely<unknown>, 'executeQuery'>,
  query: CompiledQuery<R>,
): Promise<QueryResult<R>> {
  nameOf(query.sql);
  return db.executeQuery(query);
}

/** Connections switched to planning prepared statements generically (a new connection is not). */
const generic = new WeakSet<pg.PoolClient>();

const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\b/i;

/**
 * Kysely's view of pg pools, naming the registered statements when they are sent. A connection
 * is taken at its first statement: a registered statement goes to `hot` (connections switched to
 * generic plans at their first statement and kept so), anything else to `pool`. Without `hot`
 * (PGlite, one connection) a connection is switched between the two modes whenever the next
 * statement wants the other — never inside a transaction, where everything runs as PostgreSQL
 * chooses (a transaction starts with an ad-hoc `begin`, which switches back first).
 */
export function namingPool(pool: pg.Pool, hot?: pg.Pool): PostgresPool {
  return {
    connect: async (): Promise<PostgresPoolClient> => {
      let client: pg.PoolClient | undefined;
      let inTransaction = false;
      const run = async (text: string, values: unknown[]) => {
        const name = names.get(text);
        client ??= await (name !== undefined && hot ? hot : pool).connect();
        if (!inTransaction && generic.has(client) !== (name !== undefined)) {
          await client.query(name !== undefined ? 'SET plan_cache_mode = force_generic_plan' : 'RESET plan_cache_mode');
          if (name !== undefined) generic.add(client);
          else generic.delete(client);
        }
        const result = await (name ? client.query({ name, text, values }) : client.query(text, values));
        if (TRANSACTION_START.test(text)) inTransaction = true;
        else if (TRANSACTION_END.test(text)) inTransaction = false;
        return result;
      };
      return {
        query: ((text: unknown, values: unknown[] = []) => {
          // Kysely sends only texts (no cursor is configured for streaming)
          if (typeof text !== 'string') throw new Error('only SQL texts are supported');
          return run(text, values);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client?.release(),
      };
    },
    end: async () => {
      await Promise.all([pool.end(), hot?.end()]);
    },
  };
}
