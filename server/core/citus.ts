import pg from 'pg';

/**
 * Databases on a Citus cluster (docs/DEPLOY.md). A database there is one per node: created on the
 * coordinator (Citus 13 passes CREATE and DROP DATABASE on to the workers when asked to), the
 * extension created in it on every node, and the workers registered in the new database's
 * metadata — what an operator does by hand once, and tests and benchmarks do for every scratch
 * database (a Citus database cannot be a template: each node's maintenance daemon stays connected).
 */
export type CitusNode = { host: string; port: number };

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

function urlOf(serverUrl: string, node: CitusNode, database: string): string {
  const u = new URL(serverUrl);
  u.hostname = node.host;
  u.port = String(node.port);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The workers registered on the server's database when it is a Citus coordinator, else null. */
export async function citusWorkersOf(serverUrl: string): Promise<CitusNode[] | null> {
  return withClient(serverUrl, async (c) => {
    const ext = await c.query(`SELECT 1 FROM pg_extension WHERE extname = 'citus'`);
    if (ext.rowCount === 0) return null;
    const nodes = await c.query<{ host: string; port: number }>(
      `SELECT nodename AS host, nodeport AS port FROM pg_dist_node
       WHERE noderole = 'primary' AND groupid > 0 AND isactive ORDER BY nodeid`,
    );
    return nodes.rows;
  });
}

/** Creates the database on every node with the extension, its workers registered; returns its URL. */
export async function createCitusDatabase(serverUrl: string, name: string, workers: CitusNode[]): Promise<string> {
  await dropCitusDatabase(serverUrl, name);
  await withClient(serverUrl, async (c) => {
    await c.query('SET citus.enable_create_database_propagation TO on');
    await c.query(`CREATE DATABASE ${name}`);
  });
  for (const w of workers)
    await withClient(urlOf(serverUrl, w, name), (c) => c.query('CREATE EXTENSION IF NOT EXISTS citus'));
  const coordinator = new URL(serverUrl);
  const url = urlOf(serverUrl, { host: coordinator.hostname, port: Number(coordinator.port || 5432) }, name);
  await withClient(url, async (c) => {
    await c.query('CREATE EXTENSION IF NOT EXISTS citus');
    await c.query('SELECT citus_set_coordinator_host($1, $2)', [
      coordinator.hostname,
      Number(coordinator.port || 5432),
    ]);
    for (const w of workers) await c.query('SELECT citus_add_node($1, $2)', [w.host, w.port]);
  });
  return url;
}

/**
 * Drops the database on every worker and then on the coordinator, each node on its own (not by
 * propagation: a drop that failed half-way would leave nodes that a second propagated drop trips
 * over). The coordinator's connections to a worker outlive its own sessions by a moment, so a
 * worker may still see one: tried again then.
 */
export async function dropCitusDatabase(serverUrl: string, name: string): Promise<void> {
  const workers = (await citusWorkersOf(serverUrl)) ?? [];
  const coordinator = new URL(serverUrl);
  const nodes = [...workers, { host: coordinator.hostname, port: Number(coordinator.port || 5432) }];
  for (const node of nodes)
    for (let attempt = 1; ; attempt++) {
      try {
        await withClient(urlOf(serverUrl, node, new URL(serverUrl).pathname.slice(1) || 'postgres'), (c) =>
          c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        );
        break;
      } catch (err) {
        if (attempt >= 10 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
}
