import type { Db } from '../core/db.js';
import { DEMO_STREET } from '../core/demo.js';
import type { Keyring } from '../core/pii/index.js';
import { deleteStreetRows, type SeedContext } from '../core/seed.js';
import { deliverPending, subscribersOf } from '../core/events.js';
import { modules } from '../modules/index.js';

export { DEMO_STREET };

export type DemoOptions = {
  db: Db;
  keyring: Keyring;
  /** Password of every demo account. */
  password: string;
  /** Remove the demo street's data first and load it again. */
  reset?: boolean;
  sourceDir?: string;
  onProgress?: (step: string) => void;
  /** Households per grid, [min, max]; tests use a few, the demo the sizing rule's 300–500. */
  householdsPerGrid?: [number, number];
  /** The Open311 API key the demo creates (LINLI_DEMO_API_KEY). */
  apiKey?: string;
  /** Cases reported on an ordinary day of the demo's year (tests use a few). */
  casesPerDay?: number;
};

/** The demo's Open311 key when LINLI_DEMO_API_KEY is not set (README). */
export const DEFAULT_DEMO_API_KEY = 'linli-demo-open311-key';

/** True when the database holds no region yet (a first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Removes the demo street: each module's own reset (accounts), then every row keyed by the street. */
export async function removeDemo(db: Db, streetId = DEMO_STREET): Promise<void> {
  const after: (() => Promise<void>)[] = [];
  for (const m of [...modules].reverse()) {
    const then = await m.seed?.reset?.(db, streetId);
    if (then) after.push(then);
  }
  await db.transaction().execute((trx) => deleteStreetRows(trx, streetId));
  for (const then of after) await then();
}

/**
 * Loads the demo street (鼓东街道, 鼓楼区, 福州市) through every module's seed, in the modules' order
 * (docs/ARCHITECTURE.md, "Seeds"). Returns what each seed counted, e.g. `{ households: 3600, … }`.
 */
export async function loadDemo(o: DemoOptions): Promise<Record<string, number>> {
  if (o.reset) {
    o.onProgress?.('删除旧的演示数据 / removing the old demo data');
    await removeDemo(o.db);
  }
  const ctx: SeedContext = {
    db: o.db,
    keyring: o.keyring,
    streetId: DEMO_STREET,
    password: o.password,
    apiKey: o.apiKey ?? DEFAULT_DEMO_API_KEY,
    size: {
      ...(o.householdsPerGrid ? { householdsPerGrid: o.householdsPerGrid } : {}),
      ...(o.casesPerDay !== undefined ? { casesPerDay: o.casesPerDay } : {}),
    },
    ...(o.sourceDir ? { sourceDir: o.sourceDir } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  };
  const counts: Record<string, number> = {};
  for (const m of modules) if (m.seed) Object.assign(counts, await m.seed.load(ctx));
  // what the seeds announced (the registry's households, for visits and care) is followed up now,
  // so the street is whole when the server opens rather than busy with it for its first seconds
  o.onProgress?.('跟进各模块的事件 / following up the modules’ events');
  await deliverPending(o.db, subscribersOf(modules));
  return counts;
}

/** What a loaded demo holds, for the log: `12 communities, 120 grids, …`. */
export function describeDemo(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
}
