import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely, PostgresPool, PostgresPoolClient, QueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Hot statements run as named prepared statements: PostgreSQL parses and plans them once per
 * connection instead of on every call (a large data-modifying CTE costs more to plan than to
 * run). Only texts registered through `executePrepared` are named, so the set stays small and
 * fixed: a statement whose text varies with its values (IN lists) must not be registered.
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

/** Kysely's view of a pg pool, naming the registered statements when they are sent. */
export function namingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async (): Promise<PostgresPoolClient> => {
      const client = await pool.connect();
      return {
        query: ((text: unknown, values: unknown[] = []) => {
          if (typeof text !== 'string') return client.query(text as pg.Submittable);
          const name = names.get(text);
          return name ? client.query({ name, text, values }) : client.query(text, values);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}
