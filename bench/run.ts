import { fmt } from './lib.js';
import * as caseIntake from './case-intake.js';
import * as caseList from './case-list.js';
import * as caseTimers from './case-timers.js';
import * as citus from './citus.js';
import * as coverage from './coverage.js';
import * as firstStart from './first-start.js';
import * as gridRouting from './grid-routing.js';
import * as regionsImport from './regions-import.js';
import * as registryList from './registry-list.js';
import * as needs from './needs.js';
import * as party from './party.js';
import * as points from './points.js';
import * as registryImport from './registry-import.js';
import * as visits from './visits.js';

/** Every benchmark by name; `npm run bench -- NAME` runs one, no argument runs all. */
const BENCHES: Record<string, { run(): Promise<void> }> = {
  'regions-import': regionsImport,
  'registry-import': registryImport,
  'registry-list': registryList,
  'grid-routing': gridRouting,
  coverage,
  'case-intake': caseIntake,
  'case-list': caseList,
  party,
  visits,
  needs,
  points,
  'case-timers': caseTimers,
  'first-start': firstStart,
  citus,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  const started = Date.now();
  await bench.run();
  process.stderr.write(`${name}: done in ${fmt((Date.now() - started) / 1000, 1)} s\n`);
}
process.stdout.write(`${(await import('node:fs')).readFileSync((await import('./lib.js')).DOC, 'utf8')}\n`);
