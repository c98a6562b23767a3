import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, machine, ROOT, writeSection } from './lib.js';

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...rest } = env;
  return rest;
}

/**
 * Starts `linli serve --build` in a clean clone of this checkout (its node_modules linked) and
 * returns the seconds until the console's page answers 200.
 */
async function startOnce(dir: string, dataDir: string): Promise<{ seconds: number; log: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/linli.mjs', 'serve', '--build'], {
    cwd: dir,
    env: { ...withoutDatabaseUrl(process.env), PORT: '0', LINLI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /Linli is running: (http:\/\/\S+)/.exec(log);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)));
  });
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET / answered ${res.status}`);
  const seconds = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { seconds, log };
}

/** The README's first start: a fresh clone, `npm start` (console built, database created, demo loaded). */
export async function run(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-first-start-'));
  try {
    const dir = path.join(tmp, 'clone');
    execFileSync('git', ['clone', '-q', ROOT, dir]);
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const first = await startOnce(dir, path.join(tmp, 'data-1'));
    const built = await startOnce(dir, path.join(tmp, 'data-2'));
    const again = await startOnce(dir, path.join(tmp, 'data-2'));
    const rows = [
      ['fresh clone: console built, database created, demo loaded (`npm start` the first time)', first.seconds],
      ['console already built, fresh data directory (demo loaded)', built.seconds],
      ['*reference:* a restart (console built, demo already loaded)', again.seconds],
    ] as const;
    writeSection(
      'first-start',
      [
        '## First start (`bench/first-start.ts`)',
        '',
        `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
        '',
        '`linli serve --build` (what `npm start` runs) in a clean clone of the checkout, PGlite in a fresh data',
        'directory, timed from the process start to the console page answering 200. The console builds in a',
        'child process while the database is created (PGlite initdb, about 4 s) and the demo loads: the region',
        'tree and grids, 14 accounts, about 20,000 households and 45,000 residents through the registry',
        "import, a year of cases with their timelines (written with arrays unnested, after the cases' statistics",
        'are refreshed). Target (issue 15): ≤ 30 s.',
        '',
        '| start | seconds | / restart |',
        '|---|---|---|',
        ...rows.map(([what, s]) => `| ${what} | ${fmt(s, 1)} | ${fmt(s / again.seconds, 1)} × |`),
      ].join('\n'),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
